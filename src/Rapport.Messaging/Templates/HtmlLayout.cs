using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace Rapport.Messaging.Templates;

/// <summary>
/// The HTML part of an e-mail, made from its text: paragraphs where the text has blank lines,
/// line breaks inside them, web addresses as links, in one narrow column with inline styles
/// (mail programs drop style sheets).
/// </summary>
/// <remarks>
/// The text is the message; the HTML only dresses it, so both parts always say the same. Every
/// character of the text is HTML-encoded: a customer's name or note cannot add markup.
/// </remarks>
internal static partial class HtmlLayout
{
    // Letters of every script stay as they are: the message is sent as UTF-8.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private const string Paragraph = "<p style=\"margin:0 0 16px 0;\">";

    private const string Link = "color:#1f5f8b;text-decoration:underline;";

    public static string Build(string subject, string text, string language)
    {
        var html = new StringBuilder(text.Length * 2 + 900);
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(Encoder.Encode(language)).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>").Append(Encoder.Encode(subject)).Append("</title>\n</head>\n")
            .Append("<body style=\"margin:0;padding:0;background-color:#f4f2ee;\">\n")
            .Append("<div style=\"max-width:560px;margin:0 auto;padding:32px 24px;background-color:#ffffff;")
            .Append("font-family:Georgia,'Times New Roman',serif;font-size:17px;line-height:1.6;color:#2b2b2b;\">\n");

        foreach (var paragraph in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            html.Append(Paragraph);
            var lines = paragraph.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (i > 0)
                {
                    html.Append("<br>\n");
                }

                AppendLine(html, lines[i]);
            }

            html.Append("</p>\n");
        }

        return html.Append("</div>\n</body>\n</html>\n").ToString();
    }

    private static void AppendLine(StringBuilder html, string line)
    {
        var at = 0;
        foreach (Match url in WebAddress().Matches(line))
        {
            // A sentence's full stop or closing bracket after an address is not part of it.
            var address = url.Value.TrimEnd('.', ',', ';', ':', '!', '?', ')', '\'', '"');
            html.Append(Encoder.Encode(line[at..url.Index]));
            var encoded = Encoder.Encode(address);
            html.Append("<a href=\"").Append(encoded).Append("\" style=\"").Append(Link).Append("\">").Append(encoded).Append("</a>");
            at = url.Index + address.Length;
        }

        html.Append(Encoder.Encode(line[at..]));
    }

    [GeneratedRegex(@"https?://[^\s<>""]+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex WebAddress();
}

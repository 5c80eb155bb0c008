using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Rapport.TestSupport;

namespace Rapport.Messaging.Tests.Print;

/// <summary>A word on a PDF page as pdftotext -bbox reads it: points from the page's top left corner.</summary>
internal sealed record PdfWord(string Text, double XMin, double YMin, double XMax, double YMax);

/// <summary>Reads a PDF back with poppler's pdftotext (test.sh installs it when missing).</summary>
internal static partial class PdfReadBack
{
    public const double PointsPerMm = 72 / 25.4;

    /// <summary>Each page's text, in reading order.</summary>
    public static IReadOnlyList<string> PageTexts(byte[] pdf)
    {
        var text = Run(pdf, []);
        var pages = text.Split('\f');
        return pages[..^1];
    }

    /// <summary>Each page's words with their boxes.</summary>
    public static IReadOnlyList<IReadOnlyList<PdfWord>> PageWords(byte[] pdf)
    {
        var html = Run(pdf, ["-bbox"]);
        return
        [
            .. html.Split("<page ").Skip(1).Select(page => (IReadOnlyList<PdfWord>)
            [
                .. WordPattern().Matches(page).Select(match => new PdfWord(
                    WebUtility.HtmlDecode(match.Groups[5].Value),
                    Number(match.Groups[1].Value),
                    Number(match.Groups[2].Value),
                    Number(match.Groups[3].Value),
                    Number(match.Groups[4].Value))),
            ]),
        ];
    }

    /// <summary>Text with every run of white space made one space, to compare wrapped text with its source.</summary>
    public static string Flat(string text) => WhiteSpace().Replace(text, " ").Trim();

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static string Run(byte[] pdf, string[] options)
    {
        using var folder = new TempFolder();
        var path = folder.File("letters.pdf");
        File.WriteAllBytes(path, pdf);
        var start = new ProcessStartInfo("pdftotext")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var option in options)
        {
            start.ArgumentList.Add(option);
        }

        start.ArgumentList.Add("-enc");
        start.ArgumentList.Add("UTF-8");
        start.ArgumentList.Add(path);
        start.ArgumentList.Add("-");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("pdftotext did not start (is poppler-utils installed? test.sh installs it)");
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pdftotext exited with {process.ExitCode}: {errors.Result}");
        }

        return output;
    }

    [GeneratedRegex("<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">(.*?)</word>")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}

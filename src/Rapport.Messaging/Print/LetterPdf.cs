using SkiaSharp;

namespace Rapport.Messaging.Print;

/// <summary>How <see cref="LetterPdf"/> prints.</summary>
public sealed record LetterPdfOptions
{
    public static LetterPdfOptions Default { get; } = new();

    /// <summary>The font family, looked up among the installed fonts by name. DejaVu Sans by default.</summary>
    public string FontFamily
    {
        get;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value, nameof(FontFamily));
            field = value;
        }
    } = "DejaVu Sans";

    /// <summary>The body's font size in points, used when the body fits at it. 11 pt by default.</summary>
    public float BodyFontSize
    {
        get;
        init => field = value is >= 6 and <= 24
            ? value
            : throw new ArgumentOutOfRangeException(nameof(BodyFontSize), value, "A body font size is 6 to 24 pt.");
    } = 11;

    /// <summary>The smallest body font size in points that a long body may shrink to before the letter is reported. 9 pt by default.</summary>
    public float SmallestBodyFontSize
    {
        get;
        init => field = value is >= 6 and <= 24
            ? value
            : throw new ArgumentOutOfRangeException(nameof(SmallestBodyFontSize), value, "A body font size is 6 to 24 pt.");
    } = 9;

    /// <summary>The creation date written in the PDF's metadata; none when null, which keeps the file the same from run to run.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The PDF's title.</summary>
    public string Title { get; init; } = "Letters";
}

/// <summary>A printed page: its number in the PDF (from 1) and the letter on it.</summary>
/// <param name="Number">The page number, from 1.</param>
/// <param name="Letter">The letter.</param>
/// <param name="BodyFontSize">The body's font size in points: smaller than asked when the body was long.</param>
public sealed record LetterPage(int Number, PrintedLetter Letter, float BodyFontSize);

/// <summary>A letter that was not printed, and why.</summary>
/// <param name="TouchKey">The touch's outbox key.</param>
/// <param name="CustomerId">The customer it was for.</param>
/// <param name="Message">What is wrong, such as <c>the body does not fit on one page, even at 9 pt …</c>.</param>
public sealed record LetterProblem(string TouchKey, string CustomerId, string Message);

/// <summary>What a print run produced.</summary>
/// <param name="Pages">The letters printed, in page order; empty when nothing was written.</param>
/// <param name="Problems">The letters not printed, in the order given.</param>
/// <param name="Error">Why nothing could be printed at all (no such font), or null.</param>
public sealed record LetterPdfResult(IReadOnlyList<LetterPage> Pages, IReadOnlyList<LetterProblem> Problems, string? Error)
{
    /// <summary>Whether the run could print (letters may still have problems).</summary>
    public bool Success => Error is null;
}

/// <summary>Prints letters as one PDF, one A4 page per letter, for DL window envelopes.</summary>
/// <remarks>
/// The layout follows DIN 5008 form B: the address field 20 mm from the left and 45 mm from
/// the top, 85 × 45 mm, holding the return address line and below it the recipient; the sender
/// top right, the date right-aligned under the window, the body from 108 mm with 25 mm and
/// 20 mm side margins, fold marks at 105 mm and 210 mm. <c>docs/messages.md</c> gives every position.
/// </remarks>
public static class LetterPdf
{
    /// <summary>Writes the letters that can be printed as one PDF, and reports the others.</summary>
    /// <param name="output">Where the PDF goes; left open. Nothing is written when no letter can be printed.</param>
    /// <param name="letters">The letters, in the order to print.</param>
    /// <param name="options">How to print; <see cref="LetterPdfOptions.Default"/> when null.</param>
    /// <returns>
    /// The pages written and the letters left out: a body too long for one page even at the
    /// smallest font size, an address line wider than the window, a character the font lacks,
    /// a touch already printed in this run. A letter is printed whole or not at all. When the
    /// font family is not installed, the result's <see cref="LetterPdfResult.Error"/> says so.
    /// </returns>
    public static LetterPdfResult Write(Stream output, IReadOnlyList<PrintedLetter> letters, LetterPdfOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(letters);
        options ??= LetterPdfOptions.Default;
        if (options.SmallestBodyFontSize > options.BodyFontSize)
        {
            throw new ArgumentException($"The smallest body font size ({options.SmallestBodyFontSize} pt) is larger than the body font size ({options.BodyFontSize} pt).", nameof(options));
        }

        var (fonts, error) = LetterFonts.Find(options.FontFamily);
        if (fonts is null)
        {
            return new LetterPdfResult([], [], error);
        }

        using (fonts)
        using (var layout = new LetterLayout(fonts, options.BodyFontSize, options.SmallestBodyFontSize))
        {
            var pages = new List<(LetterPage Page, ArrangedLetter Arranged)>();
            var problems = new List<LetterProblem>();
            var printed = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var letter in letters)
            {
                ArgumentNullException.ThrowIfNull(letter, nameof(letters));
                if (printed.TryGetValue(letter.TouchKey, out var page))
                {
                    problems.Add(new LetterProblem(letter.TouchKey, letter.CustomerId, $"the touch is already printed on page {page} of this run"));
                    continue;
                }

                var arranged = layout.Arrange(letter);
                if (arranged.Problem is not null)
                {
                    problems.Add(new LetterProblem(letter.TouchKey, letter.CustomerId, arranged.Problem));
                    continue;
                }

                printed.Add(letter.TouchKey, pages.Count + 1);
                pages.Add((new LetterPage(pages.Count + 1, letter, arranged.BodyFontSize), arranged));
            }

            if (pages.Count > 0)
            {
                Draw(output, pages.Select(page => page.Arranged), layout, options);
            }

            return new LetterPdfResult([.. pages.Select(page => page.Page)], problems, null);
        }
    }

    private static void Draw(Stream output, IEnumerable<ArrangedLetter> letters, LetterLayout layout, LetterPdfOptions options)
    {
        var metadata = SKDocumentPdfMetadata.Default;
        metadata.Title = options.Title;
        metadata.Creator = "Rapport";
        metadata.Creation = options.CreatedAt?.UtcDateTime;
        metadata.Modified = options.CreatedAt?.UtcDateTime;
        using var document = SKDocument.CreatePdf(output, metadata);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var rule = new SKPaint { Color = SKColors.Gray, IsAntialias = true, Style = SKPaintStyle.Stroke };
        foreach (var letter in letters)
        {
            var canvas = document.BeginPage(LetterLayout.PageWidth, LetterLayout.PageHeight);
            foreach (var line in letter.Rules)
            {
                rule.StrokeWidth = line.Width;
                canvas.DrawLine(line.X0, line.Y0, line.X1, line.Y1, rule);
            }

            // Plain DrawText, not HarfBuzz shaping: a shaped "fi" becomes the ligature glyph, which
            // reads back (pdftotext, copy and paste, screen readers) as U+FB01 instead of two letters.
            foreach (var text in letter.Texts)
            {
                canvas.DrawText(text.Text, text.X, text.Y, text.Align, layout.Font(text.Bold, text.Size), ink);
            }

            document.EndPage();
        }

        document.Close();
    }
}

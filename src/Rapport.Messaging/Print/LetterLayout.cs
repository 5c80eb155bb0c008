using System.Globalization;
using System.Text;
using SkiaSharp;

namespace Rapport.Messaging.Print;

/// <summary>A line of text placed on the page, in points from the top left corner; Y is the baseline.</summary>
internal sealed record PlacedText(string Text, float X, float Y, SKTextAlign Align, float Size, bool Bold);

/// <summary>A straight line on the page, in points from the top left corner.</summary>
internal sealed record PlacedRule(float X0, float Y0, float X1, float Y1, float Width);

/// <summary>Everything to draw for one letter, or why it cannot be printed.</summary>
internal sealed record ArrangedLetter(IReadOnlyList<PlacedText> Texts, IReadOnlyList<PlacedRule> Rules, float BodyFontSize, string? Problem)
{
    public static ArrangedLetter Failed(string problem) => new([], [], 0, problem);
}

/// <summary>
/// Places a letter on an A4 page for a DL window envelope (DIN 5008 form B): every position in
/// millimetres from the page's top left corner, as documented in <c>docs/messages.md</c>.
/// </summary>
/// <remarks>
/// Fitting happens here, before a page is begun, because a PDF page once begun cannot be taken
/// back: a letter that does not fit is reported and never half printed.
/// </remarks>
internal sealed class LetterLayout : IDisposable
{
    public const float PageWidthMm = 210;
    public const float PageHeightMm = 297;

    public const float LeftMarginMm = 25;
    public const float RightMarginMm = 20;
    public const float TextRightMm = PageWidthMm - RightMarginMm;

    // DIN 5008 form B address field, which a DL window envelope shows: 20 mm from the left,
    // 45 mm from the top, 85 × 45 mm.
    public const float WindowLeftMm = 20;
    public const float WindowTopMm = 45;
    public const float WindowWidthMm = 85;
    public const float WindowHeightMm = 45;

    // Text stays clear of the window's edges, since a folded letter moves in its envelope.
    public const float WindowTextLeftMm = WindowLeftMm + 5;
    public const float WindowTextRightMm = WindowLeftMm + WindowWidthMm - 3;
    public const float WindowTextBottomMm = WindowTopMm + WindowHeightMm - 2;
    public const float ReturnBaselineMm = WindowTopMm + 5;
    public const float ReturnRuleMm = ReturnBaselineMm + 1;
    public const float RecipientFirstBaselineMm = ReturnRuleMm + 4.5f;

    public const float SenderTopMm = 20;
    public const float SenderLeftLimitMm = 110;
    public const float SenderBottomLimitMm = 88;

    public const float DateBaselineMm = 98.5f;
    public const float BodyTopMm = 108;
    public const float BodyBottomMm = PageHeightMm - 20;
    public const float FooterLastBaselineMm = PageHeightMm - 12;
    public const float FooterGapMm = 6;
    public const int FooterMaxLines = 5;

    public const float FoldMarkTopMm = 105;
    public const float FoldMarkBottomMm = 210;
    public const float HoleMarkMm = PageHeightMm / 2;

    public const float SenderNameSize = 11;
    public const float SenderSize = 9;
    public const float SenderSmallestSize = 7;
    public const float ReturnSize = 7;
    public const float ReturnSmallestSize = 6;
    public const float RecipientSize = 10;
    public const float RecipientSmallestSize = 8;
    public const float DateSize = 10;
    public const float FooterSize = 8;
    public const float SizeStep = 0.5f;

    private const float PointsPerMm = 72f / 25.4f;
    private const float BodyLeading = 1.35f;
    private const float AddressLeading = 1.2f;
    private const float FooterLeading = 1.25f;

    private readonly LetterFonts _fonts;
    private readonly float _bodySize;
    private readonly float _bodySmallestSize;
    private readonly Dictionary<(bool Bold, float Size), SKFont> _sized = [];

    public LetterLayout(LetterFonts fonts, float bodySize, float bodySmallestSize)
    {
        _fonts = fonts;
        _bodySize = bodySize;
        _bodySmallestSize = bodySmallestSize;
    }

    public static float PageWidth => Pt(PageWidthMm);

    public static float PageHeight => Pt(PageHeightMm);

    public static float Pt(float mm) => mm * PointsPerMm;

    /// <summary>The date as printed: <c>23 November 2026</c>.</summary>
    public static string DateText(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>The font used to measure and to draw, so that both agree to the fraction of a point.</summary>
    public SKFont Font(bool bold, float size)
    {
        if (!_sized.TryGetValue((bold, size), out var font))
        {
            // Unhinted, linear metrics: a PDF is drawn at any resolution, so measure at none.
            font = new SKFont(bold ? _fonts.Bold : _fonts.Regular, size)
            {
                Hinting = SKFontHinting.None,
                LinearMetrics = true,
                Subpixel = true,
            };
            _sized.Add((bold, size), font);
        }

        return font;
    }

    public ArrangedLetter Arrange(PrintedLetter letter)
    {
        var missing = MissingCharacter(letter);
        if (missing is not null)
        {
            return ArrangedLetter.Failed(missing);
        }

        var texts = new List<PlacedText>();
        var rules = new List<PlacedRule>
        {
            new(Pt(5), Pt(FoldMarkTopMm), Pt(10), Pt(FoldMarkTopMm), 0.5f),
            new(Pt(5), Pt(HoleMarkMm), Pt(12), Pt(HoleMarkMm), 0.5f),
            new(Pt(5), Pt(FoldMarkBottomMm), Pt(10), Pt(FoldMarkBottomMm), 0.5f),
        };

        var problem = PlaceSender(letter, texts)
                      ?? PlaceWindow(letter, texts, rules);
        if (problem is not null)
        {
            return ArrangedLetter.Failed(problem);
        }

        texts.Add(new PlacedText(DateText(letter.Date), Pt(TextRightMm), Pt(DateBaselineMm), SKTextAlign.Right, DateSize, false));

        var bodyBottom = Pt(BodyBottomMm);
        if (letter.Footer is not null)
        {
            var font = Font(false, FooterSize);
            var lines = WrapLines(letter.Footer, font, Pt(TextRightMm - LeftMarginMm)).Select(line => line ?? string.Empty).ToList();
            if (lines.Count > FooterMaxLines)
            {
                return ArrangedLetter.Failed($"the footer takes {lines.Count} lines; at most {FooterMaxLines} fit at the foot of the page");
            }

            var leading = FooterSize * FooterLeading;
            var first = Pt(FooterLastBaselineMm) - ((lines.Count - 1) * leading);
            for (var i = 0; i < lines.Count; i++)
            {
                texts.Add(new PlacedText(lines[i], Pt(LeftMarginMm), first + (i * leading), SKTextAlign.Left, FooterSize, false));
            }

            bodyBottom = first + font.Metrics.Ascent - Pt(FooterGapMm);
        }

        return PlaceBody(letter, bodyBottom, texts, rules);
    }

    public void Dispose()
    {
        foreach (var font in _sized.Values)
        {
            font.Dispose();
        }

        _sized.Clear();
    }

    /// <summary>
    /// Splits text into printed lines: each line break is kept, a long line is wrapped at spaces
    /// (a word wider than the line is broken between characters), and a blank line, or several,
    /// becomes one null entry: the gap between paragraphs.
    /// </summary>
    public static List<string?> WrapLines(string text, SKFont font, float width)
    {
        var lines = new List<string?>();
        foreach (var source in text.Split('\n'))
        {
            var words = source.Replace('\t', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                if (lines.Count > 0 && lines[^1] is not null)
                {
                    lines.Add(null);
                }

                continue;
            }

            var current = string.Empty;
            foreach (var word in words)
            {
                var candidate = current.Length == 0 ? word : $"{current} {word}";
                if (font.MeasureText(candidate) <= width)
                {
                    current = candidate;
                    continue;
                }

                if (current.Length > 0)
                {
                    lines.Add(current);
                }

                current = word;
                if (font.MeasureText(word) > width)
                {
                    var pieces = BreakWord(word, font, width);
                    lines.AddRange(pieces.Take(pieces.Count - 1));
                    current = pieces[^1];
                }
            }

            lines.Add(current);
        }

        if (lines.Count > 0 && lines[^1] is null)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    private static List<string> BreakWord(string word, SKFont font, float width)
    {
        var pieces = new List<string>();
        var piece = new StringBuilder();
        var elements = StringInfo.GetTextElementEnumerator(word);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            if (piece.Length > 0 && font.MeasureText(string.Concat(piece.ToString(), element)) > width)
            {
                pieces.Add(piece.ToString());
                piece.Clear();
            }

            piece.Append(element);
        }

        pieces.Add(piece.ToString());
        return pieces;
    }

    private string? PlaceSender(PrintedLetter letter, List<PlacedText> texts)
    {
        var width = Pt(TextRightMm - SenderLeftLimitMm);
        var nameSize = LargestFitting([letter.Sender[0]], bold: true, SenderNameSize, SenderSmallestSize, width);
        var rest = letter.Sender.Skip(1).ToList();
        var restSize = LargestFitting(rest, bold: false, SenderSize, SenderSmallestSize, width);
        if (nameSize is null || restSize is null)
        {
            var tooWide = letter.Sender.First(line => Font(false, SenderSmallestSize).MeasureText(line) > width || Font(true, SenderSmallestSize).MeasureText(line) > width);
            return $"the sender line '{tooWide}' is wider than the {TextRightMm - SenderLeftLimitMm:0} mm beside the window, even at {SenderSmallestSize:0.#} pt";
        }

        var nameFont = Font(true, nameSize.Value);
        var baseline = Pt(SenderTopMm) - nameFont.Metrics.Ascent;
        texts.Add(new PlacedText(letter.Sender[0], Pt(TextRightMm), baseline, SKTextAlign.Right, nameSize.Value, true));
        baseline += nameFont.Metrics.Descent;
        var restFont = Font(false, restSize.Value);
        foreach (var line in rest)
        {
            baseline += restSize.Value * AddressLeading;
            texts.Add(new PlacedText(line, Pt(TextRightMm), baseline, SKTextAlign.Right, restSize.Value, false));
        }

        if (baseline + restFont.Metrics.Descent > Pt(SenderBottomLimitMm))
        {
            return $"the sender block's {letter.Sender.Count} lines reach below {SenderBottomLimitMm:0} mm, into the date";
        }

        return null;
    }

    private string? PlaceWindow(PrintedLetter letter, List<PlacedText> texts, List<PlacedRule> rules)
    {
        var width = Pt(WindowTextRightMm - WindowTextLeftMm);
        var left = Pt(WindowTextLeftMm);
        var returnSize = LargestFitting([letter.ReturnAddress], bold: false, ReturnSize, ReturnSmallestSize, width);
        if (returnSize is null)
        {
            return $"the return address '{letter.ReturnAddress}' is wider than the window, even at {ReturnSmallestSize:0.#} pt";
        }

        var returnWidth = Font(false, returnSize.Value).MeasureText(letter.ReturnAddress);
        texts.Add(new PlacedText(letter.ReturnAddress, left, Pt(ReturnBaselineMm), SKTextAlign.Left, returnSize.Value, false));
        rules.Add(new PlacedRule(left, Pt(ReturnRuleMm), left + returnWidth, Pt(ReturnRuleMm), 0.3f));

        var lines = letter.Recipient.PrintedLines;
        var size = LargestFitting(lines, bold: false, RecipientSize, RecipientSmallestSize, width);
        if (size is null)
        {
            var tooWide = lines.First(line => Font(false, RecipientSmallestSize).MeasureText(line) > width);
            return $"the address line '{tooWide}' is wider than the window, even at {RecipientSmallestSize:0.#} pt";
        }

        var leading = size.Value * AddressLeading;
        var first = Pt(RecipientFirstBaselineMm);
        if (first + ((lines.Count - 1) * leading) + Font(false, size.Value).Metrics.Descent > Pt(WindowTextBottomMm))
        {
            return $"the address's {lines.Count} lines do not fit in the window";
        }

        for (var i = 0; i < lines.Count; i++)
        {
            texts.Add(new PlacedText(lines[i], left, first + (i * leading), SKTextAlign.Left, size.Value, false));
        }

        return null;
    }

    private ArrangedLetter PlaceBody(PrintedLetter letter, float bottom, List<PlacedText> texts, List<PlacedRule> rules)
    {
        var width = Pt(TextRightMm - LeftMarginMm);
        var top = Pt(BodyTopMm);
        List<string?> lines = [];
        for (var size = _bodySize; size >= _bodySmallestSize; size -= SizeStep)
        {
            var font = Font(false, size);
            var leading = size * BodyLeading;
            lines = WrapLines(letter.Body, font, width);
            var first = top - font.Metrics.Ascent;
            if (first + ((lines.Count - 1) * leading) + font.Metrics.Descent <= bottom)
            {
                for (var i = 0; i < lines.Count; i++)
                {
                    if (lines[i] is { } line)
                    {
                        texts.Add(new PlacedText(line, Pt(LeftMarginMm), first + (i * leading), SKTextAlign.Left, size, false));
                    }
                }

                return new ArrangedLetter(texts, rules, size, null);
            }
        }

        var smallest = Font(false, _bodySmallestSize);
        var room = 1 + (int)((bottom - smallest.Metrics.Descent - (top - smallest.Metrics.Ascent)) / (_bodySmallestSize * BodyLeading));
        return ArrangedLetter.Failed(
            $"the body does not fit on one page, even at {_bodySmallestSize:0.#} pt: it takes {lines.Count} lines and the page has room for {room}; shorten the text");
    }

    private float? LargestFitting(IReadOnlyList<string> lines, bool bold, float size, float smallest, float width)
    {
        for (; size >= smallest; size -= SizeStep)
        {
            var font = Font(bold, size);
            if (lines.All(line => font.MeasureText(line) <= width))
            {
                return size;
            }
        }

        return null;
    }

    /// <summary>The first character the font cannot draw, in words; null when it can draw them all.</summary>
    private string? MissingCharacter(PrintedLetter letter)
    {
        var regular = Font(false, SenderSize);
        var bold = Font(true, SenderSize);
        var texts = letter.Sender.Skip(1)
            .Append(letter.ReturnAddress)
            .Concat(letter.Recipient.PrintedLines)
            .Append(letter.Body)
            .Append(letter.Footer ?? string.Empty)
            .Select(text => (Text: text, Font: regular))
            .Prepend((Text: letter.Sender[0], Font: bold));
        foreach (var (text, font) in texts)
        {
            foreach (var rune in text.EnumerateRunes())
            {
                if (rune.Value is '\n' or '\t' || Rune.IsWhiteSpace(rune) || font.GetGlyph(rune.Value) != 0)
                {
                    continue;
                }

                var shown = Rune.IsControl(rune) ? string.Empty : $"'{rune}' ";
                return $"the character {shown}(U+{rune.Value:X4}) is not in the font '{font.Typeface.FamilyName}'; choose a font that has it, or change the text";
            }
        }

        return null;
    }
}

using System.Text;
using Rapport.Messaging.Print;

namespace Rapport.Messaging.Tests.Print;

public sealed class LetterPdfTests
{
    private const double Mm = PdfReadBack.PointsPerMm;

    // The DL window of DIN 5008 form B, in points from the page's top left corner.
    private const double WindowLeft = 20 * Mm;
    private const double WindowTop = 45 * Mm;
    private const double WindowRight = 105 * Mm;
    private const double WindowBottom = 90 * Mm;

    [Fact]
    public void Write_ThreeLetters_GivesOnePagePerLetterInOrder()
    {
        var letters = new[]
        {
            Letters.Make("T-1", "C-1", Letters.Address("Jane Doe")),
            Letters.Make("T-2", "C-2", Letters.Address("Amir Khan")),
            Letters.Make("T-3", "C-3", Letters.Address("Li Wei")),
        };

        var (pdf, result) = Letters.Print(letters);

        var pages = PdfReadBack.PageTexts(pdf);
        Assert.Equal(3, pages.Count);
        Assert.Equal([1, 2, 3], result.Pages.Select(page => page.Number));
        Assert.Equal(["T-1", "T-2", "T-3"], result.Pages.Select(page => page.Letter.TouchKey));
        Assert.Empty(result.Problems);
        Assert.Contains("Jane Doe", pages[0], StringComparison.Ordinal);
        Assert.Contains("Amir Khan", pages[1], StringComparison.Ordinal);
        Assert.Contains("Li Wei", pages[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Write_EachPage_HoldsSenderRecipientDateBodyAndFooter()
    {
        var letter = Letters.Make();

        var (pdf, _) = Letters.Print([letter]);

        var page = PdfReadBack.PageTexts(pdf)[0];
        var flat = PdfReadBack.Flat(page);
        foreach (var line in letter.Sender.Concat(letter.Recipient.PrintedLines).Append(letter.ReturnAddress))
        {
            Assert.Contains(line, page, StringComparison.Ordinal);
        }

        Assert.Contains("23 November 2026", page, StringComparison.Ordinal);
        Assert.Contains(PdfReadBack.Flat(letter.Body), flat, StringComparison.Ordinal);
        Assert.Contains(letter.Footer!, page, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_RecipientAndReturnLine_AreAllThatShowsThroughTheWindow()
    {
        var letter = Letters.Make();

        var (pdf, _) = Letters.Print([letter]);

        var words = PdfReadBack.PageWords(pdf)[0];
        var inWindow = words.Where(word => Overlaps(word, WindowLeft, WindowTop, WindowRight, WindowBottom)).ToList();
        Assert.All(inWindow, word => Assert.True(
            word.XMin >= WindowLeft && word.XMax <= WindowRight && word.YMin >= WindowTop && word.YMax <= WindowBottom,
            $"'{word.Text}' crosses the window's edge: {word}"));
        var expected = letter.Recipient.PrintedLines.Prepend(letter.ReturnAddress).SelectMany(line => line.Split(' '));
        Assert.Equal(expected, inWindow.Select(word => word.Text));
    }

    [Fact]
    public void Write_ReturnLine_IsAtTheTopOfTheWindowAboveTheRecipient()
    {
        var letter = Letters.Make();

        var (pdf, _) = Letters.Print([letter]);

        var words = PdfReadBack.PageWords(pdf)[0];
        var returnLine = words.First(word => word.Text == "Porter" && word.YMin >= WindowTop && word.YMax <= WindowBottom);
        var name = words.First(word => word.Text == "Jane" && word.YMin >= WindowTop && word.YMax <= WindowBottom);
        Assert.InRange(returnLine.YMin - WindowTop, 1, 8 * Mm);
        Assert.True(returnLine.YMax < name.YMin, "the return line is above the recipient's name");
        Assert.True(returnLine.YMax - returnLine.YMin < name.YMax - name.YMin, "the return line is smaller than the address");
    }

    [Fact]
    public void Write_LongParagraphs_AreWrappedInsideTheMargins()
    {
        var body = string.Join("\n\n", Enumerable.Range(1, 4).Select(i =>
            string.Join(' ', Enumerable.Repeat($"paragraph{i} has many words that run on well past the right margin of the page", 4))));
        var letter = Letters.Make(body: body);

        var (pdf, _) = Letters.Print([letter]);

        var bodyWords = PdfReadBack.PageWords(pdf)[0].Where(word => word.YMin > 105 * Mm).ToList();
        Assert.All(bodyWords, word => Assert.InRange(word.XMin, (25 * Mm) - 0.5, 210 * Mm));
        Assert.All(bodyWords, word => Assert.InRange(word.XMax, 0, (190 * Mm) + 0.5));
        Assert.Contains(PdfReadBack.Flat(body), PdfReadBack.Flat(PdfReadBack.PageTexts(pdf)[0]), StringComparison.Ordinal);
        var firstLines = bodyWords.Where(word => word.Text == "paragraph1").Select(word => word.YMin).Distinct().Count();
        Assert.True(firstLines > 1, "a paragraph longer than a line takes several lines");
    }

    [Fact]
    public void Write_BlankLine_LeavesAGapBetweenParagraphs()
    {
        var letter = Letters.Make(body: "First line\nSecond line\n\nThird line");

        var (pdf, _) = Letters.Print([letter]);

        var words = PdfReadBack.PageWords(pdf)[0];
        double Top(string text) => words.Single(word => word.Text == text).YMin;
        var lineStep = Top("Second") - Top("First");
        Assert.InRange(Top("Third") - Top("Second"), 1.9 * lineStep, 2.1 * lineStep);
    }

    [Fact]
    public void Write_AccentsSharpSAndTypographicApostrophe_RoundTrip()
    {
        // The name comes in decomposed (e + combining diaeresis), as some systems store it.
        var recipient = new LetterAddress("Zoe\u0308 Weiß", ["Große Straße 5"], "80331", "München", "Deutschland");
        var letter = Letters.Make(recipient: recipient, body: "Liebe Zoë,\n\nit’s the café’s über-special crème brûlée week.\n\nHerzliche Grüße");

        var (pdf, _) = Letters.Print([letter]);

        var page = PdfReadBack.PageTexts(pdf)[0].Normalize(NormalizationForm.FormC);
        Assert.Contains("Zoë Weiß", page, StringComparison.Ordinal);
        Assert.Contains("Große Straße 5", page, StringComparison.Ordinal);
        Assert.Contains("80331 München", page, StringComparison.Ordinal);
        Assert.Contains("it’s the café’s über-special crème brûlée week.", page, StringComparison.Ordinal);
        Assert.Contains("Herzliche Grüße", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_BodyLongerThanAPageAtFullSize_ShrinksTheFontAndKeepsEveryLine()
    {
        var body = string.Join('\n', Enumerable.Range(1, 34).Select(i => $"Line {i:00} of a long but still printable letter."));
        var letter = Letters.Make(body: body);

        var (pdf, result) = Letters.Print([letter]);

        var page = Assert.Single(result.Pages);
        Assert.InRange(page.BodyFontSize, 9, 10.5);
        var text = PdfReadBack.PageTexts(pdf)[0];
        Assert.All(Enumerable.Range(1, 34), i => Assert.Contains($"Line {i:00} of a long but still printable letter.", text, StringComparison.Ordinal));
    }

    [Fact]
    public void Write_BodyTooLongEvenAtTheSmallestSize_IsReportedByTouchKeyAndNotPrinted()
    {
        var overlong = string.Join("\n\n", Enumerable.Repeat("Overlong text that keeps going and going for a whole page and then some more.", 40));
        var letters = new[]
        {
            Letters.Make("T-1", "C-1"),
            Letters.Make("T-2", "C-2", Letters.Address("Amir Khan"), body: overlong),
            Letters.Make("T-3", "C-3", Letters.Address("Li Wei")),
        };

        var (pdf, result) = Letters.Print(letters);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(("T-2", "C-2"), (problem.TouchKey, problem.CustomerId));
        Assert.Contains("does not fit on one page, even at 9 pt", problem.Message, StringComparison.Ordinal);
        Assert.Equal(["T-1", "T-3"], result.Pages.Select(page => page.Letter.TouchKey));
        Assert.Equal([1, 2], result.Pages.Select(page => page.Number));
        var pages = PdfReadBack.PageTexts(pdf);
        Assert.Equal(2, pages.Count);
        Assert.DoesNotContain(pages, text => text.Contains("Overlong", StringComparison.Ordinal) || text.Contains("Amir Khan", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_SmallestSizeSetHigher_ReportsABodyThatWouldFitSmaller()
    {
        var body = string.Join('\n', Enumerable.Range(1, 34).Select(i => $"Line {i:00} of a long but still printable letter."));

        var (_, result) = Letters.Print([Letters.Make(body: body)], new LetterPdfOptions { SmallestBodyFontSize = 11 });

        Assert.Empty(result.Pages);
        Assert.Contains("even at 11 pt", Assert.Single(result.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NoLetterPrintable_WritesNothing()
    {
        using var stream = new MemoryStream();

        var result = LetterPdf.Write(stream, [Letters.Make(body: "東京")]);

        Assert.True(result.Success);
        Assert.Empty(result.Pages);
        Assert.Equal(0, stream.Length);
    }

    [Fact]
    public void Write_CharacterTheFontLacks_IsReportedInsteadOfPrintedAsABox()
    {
        var (_, result) = Letters.Print([Letters.Make(body: "Dear Jane,\n\nGreetings from 東京.")]);

        Assert.Empty(result.Pages);
        var problem = Assert.Single(result.Problems);
        Assert.Contains("U+6771", problem.Message, StringComparison.Ordinal);
        Assert.Contains("DejaVu Sans", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_AddressLineWiderThanTheWindow_IsReported()
    {
        var recipient = new LetterAddress("Jane Doe", ["The Very Long Named Old Rectory Cottages At The Top Of Orchard Lane Behind The Church"], "BS1 4DJ", "Bristol", null);

        var (_, result) = Letters.Print([Letters.Make(recipient: recipient)]);

        Assert.Contains("wider than the window", Assert.Single(result.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_FooterLongerThanFiveLines_IsReported()
    {
        var (_, result) = Letters.Print([Letters.Make(footer: string.Join('\n', Enumerable.Range(1, 6).Select(i => $"Footer line {i}")))]);

        Assert.Contains("the footer takes 6 lines", Assert.Single(result.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_LongLinkInTheFooter_BreaksBetweenCharactersAndStaysWhole()
    {
        var link = $"https://rapport.example/p/{new string('x', 200)}";

        var (pdf, result) = Letters.Print([Letters.Make(footer: link)]);

        Assert.Single(result.Pages);
        var footerWords = PdfReadBack.PageWords(pdf)[0].Where(word => word.YMin > 250 * Mm).ToList();
        Assert.True(footerWords.Count > 1, "the link takes more than one line");
        Assert.All(footerWords, word => Assert.True(word.XMax <= (190 * Mm) + 0.5, $"'{word.Text}' runs past the right margin"));
        Assert.Equal(link, string.Concat(footerWords.Select(word => word.Text)));
    }

    [Fact]
    public void Write_SameTouchTwice_PrintsItOnceAndReportsTheRepeat()
    {
        var (_, result) = Letters.Print([Letters.Make("T-1"), Letters.Make("T-1")]);

        Assert.Single(result.Pages);
        Assert.Contains("already printed on page 1", Assert.Single(result.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_UnknownFontFamily_ReturnsAnErrorAndWritesNothing()
    {
        using var stream = new MemoryStream();

        var result = LetterPdf.Write(stream, [Letters.Make()], new LetterPdfOptions { FontFamily = "No Such Family" });

        Assert.False(result.Success);
        Assert.Contains("'No Such Family'", result.Error, StringComparison.Ordinal);
        Assert.Contains("DejaVu Sans", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, stream.Length);
    }

    [Fact]
    public void Write_OtherInstalledFamily_IsUsed()
    {
        var (pdf, result) = Letters.Print([Letters.Make()], new LetterPdfOptions { FontFamily = "dejavu serif" });

        Assert.Single(result.Pages);
        Assert.Contains("DejaVuSerif", Encoding.Latin1.GetString(pdf), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_SameInputTwice_GivesTheSameBytes()
    {
        var letters = new[] { Letters.Make("T-1"), Letters.Make("T-2", "C-2", Letters.Address("Amir Khan")) };
        var options = new LetterPdfOptions { CreatedAt = new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero) };

        var (first, _) = Letters.Print(letters, options);
        var (second, _) = Letters.Print(letters, options);

        Assert.Equal(first, second);
        Assert.Contains("/CreationDate (D:20261120093000", Encoding.Latin1.GetString(first), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NoCreationDate_LeavesItOutOfTheMetadata()
    {
        var (pdf, _) = Letters.Print([Letters.Make()]);

        Assert.DoesNotContain("CreationDate", Encoding.Latin1.GetString(pdf), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_LeavesTheCallersStreamOpen()
    {
        using var stream = new MemoryStream();

        LetterPdf.Write(stream, [Letters.Make()]);

        Assert.True(stream.CanWrite);
        Assert.True(stream.Length > 0);
    }

    private static bool Overlaps(PdfWord word, double left, double top, double right, double bottom) =>
        word.XMax > left && word.XMin < right && word.YMax > top && word.YMin < bottom;
}

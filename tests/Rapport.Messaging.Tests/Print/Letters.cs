using Rapport.Messaging.Print;

namespace Rapport.Messaging.Tests.Print;

/// <summary>Letters for tests: a plausible letter unless a test says otherwise.</summary>
internal static class Letters
{
    public const string Body = """
        Dear Jane,

        Thank you for coming to see us last month. We hope the new kettle is making your mornings a little easier, and that the guarantee card found its way into a safe drawer.

        If anything about it is not as it should be, call Sam on the number above and we will put it right.

        Warm regards,
        Sam Porter
        Harbour Street branch
        """;

    public static readonly DateOnly Date = new(2026, 11, 23);

    public static LetterAddress Address(string name = "Jane Doe") =>
        new(name, ["12 Orchard Lane", "Flat 3"], "BS1 4DJ", "Bristol", "United Kingdom", PostcodePlacement.OwnLine);

    public static PrintedLetter Make(
        string touchKey = "T-1",
        string customerId = "C-1",
        LetterAddress? recipient = null,
        string body = Body,
        string? footer = "Change how we keep in touch: https://rapport.example/p/7f3a9c",
        string returnAddress = "Porter & Sons · 4 Harbour Street · Bristol BS1 5TT") =>
        new(
            touchKey,
            customerId,
            ["Porter & Sons", "Harbour Street branch", "4 Harbour Street", "Bristol BS1 5TT", "0117 496 0000"],
            returnAddress,
            recipient ?? Address(),
            Date,
            body,
            footer);

    /// <summary>A PDF of the letters, with what the run reported.</summary>
    public static (byte[] Pdf, LetterPdfResult Result) Print(IReadOnlyList<PrintedLetter> letters, LetterPdfOptions? options = null)
    {
        using var stream = new MemoryStream();
        var result = LetterPdf.Write(stream, letters, options);
        Assert.True(result.Success, result.Error);
        return (stream.ToArray(), result);
    }
}

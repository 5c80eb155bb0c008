using Rapport.Core.Customers;
using Rapport.Messaging.Print;

namespace Rapport.Messaging.Tests.Print;

public sealed class PrintedLetterTests
{
    [Theory]
    // Continental Europe (DIN 5008): postcode before the city.
    [InlineData(PostcodePlacement.BeforeCity, new[] { "Jane Doe", "Hauptstraße 1", "10115 Berlin", "Germany" })]
    // North America: the postcode follows the city (and state).
    [InlineData(PostcodePlacement.AfterCity, new[] { "Jane Doe", "Hauptstraße 1", "Berlin 10115", "Germany" })]
    // United Kingdom: the postcode on a line of its own.
    [InlineData(PostcodePlacement.OwnLine, new[] { "Jane Doe", "Hauptstraße 1", "Berlin", "10115", "Germany" })]
    public void PrintedLines_FollowThePostcodePlacement(PostcodePlacement placement, string[] expected) =>
        Assert.Equal(expected, new LetterAddress("Jane Doe", ["Hauptstraße 1"], "10115", "Berlin", "Germany", placement).PrintedLines);

    [Fact]
    public void PrintedLines_DomesticAddressWithoutPostcode_LeaveOutWhatIsMissing() =>
        Assert.Equal(["Jane Doe", "1 Main Road", "Dublin"], new LetterAddress("Jane Doe", ["1 Main Road"], null, "Dublin", null).PrintedLines);

    [Fact]
    public void From_StreetOnSeveralLines_GivesOneAddressLineEach()
    {
        var address = LetterAddress.From("Jane Doe", new PostalAddress("Flat 3\r\n12 Orchard Lane\n\n", "Bristol", "BS1 4DJ", "GB"));

        Assert.Equal(["Flat 3", "12 Orchard Lane"], address.Lines);
        Assert.Null(address.Country);
    }

    [Theory]
    // No name to address the letter to.
    [InlineData(" ", "1 Main Road")]
    // No line under the name: a letter would not arrive.
    [InlineData("Jane Doe", " ")]
    public void LetterAddress_WithoutNameOrAddressLine_IsRefused(string name, string line) =>
        Assert.Throws<ArgumentException>(() => new LetterAddress(name, [line], "BS1 4DJ", "Bristol", null));

    [Fact]
    public void LetterAddress_MoreLinesThanTheWindowHolds_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new LetterAddress("Jane Doe", ["a", "b", "c", "d", "e"], null, "Bristol", null));

    [Fact]
    public void LetterAddress_NameOnTwoLines_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new LetterAddress("Jane\nDoe", ["1 Main Road"], null, "Bristol", null));

    [Fact]
    public void PrintedLetter_WindowsLineEndsAndDecomposedAccents_AreNormalised()
    {
        var letter = Letters.Make(body: "\r\nDear Zoe\u0308,\r\n\r\nThanks.\r\n");

        Assert.Equal("Dear Zoë,\n\nThanks.", letter.Body);
    }

    [Fact]
    public void PrintedLetter_ReturnAddressOnTwoLines_IsRefused() =>
        Assert.Throws<ArgumentException>(() => Letters.Make(returnAddress: "Porter & Sons\n4 Harbour Street"));

    [Fact]
    public void PrintedLetter_EmptyBody_IsRefused() =>
        Assert.Throws<ArgumentException>(() => Letters.Make(body: " \n "));
}

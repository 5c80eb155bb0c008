using System.Text;
using Rapport.Core.Customers;

namespace Rapport.Messaging.Print;

/// <summary>Where the postcode goes on the last lines of an address.</summary>
public enum PostcodePlacement
{
    /// <summary>Before the city on one line, as in most of Europe: <c>10115 Berlin</c>.</summary>
    BeforeCity,

    /// <summary>After the city on one line, as in North America and Australia: <c>Portland OR 97201</c>.</summary>
    AfterCity,

    /// <summary>On a line of its own below the city, as in the United Kingdom.</summary>
    OwnLine,
}

/// <summary>The recipient of a letter, as printed in the envelope window and listed for a mailing house.</summary>
/// <remarks>
/// Text is trimmed and put in Unicode normal form C, so that a decomposed <c>e</c> + accent
/// prints and lists as one <c>é</c>. <see cref="Country"/> is printed as given: leave it
/// empty for domestic mail, and give the country's name for mail abroad.
/// </remarks>
public sealed record LetterAddress
{
    /// <summary>The most lines above the postcode and city (street, house, company, district).</summary>
    /// <remarks>With the name, the city and postcode lines and the country, that is at most 8 lines, which the window holds.</remarks>
    public const int MaxLines = 4;

    /// <summary>Creates an address.</summary>
    /// <param name="name">The addressee, such as <c>Ms Jane Doe</c>.</param>
    /// <param name="lines">The lines between the name and the city; a line with line breaks in it counts as several, blank lines are dropped.</param>
    /// <param name="postcode">The postcode, if the country has them.</param>
    /// <param name="city">The town or city.</param>
    /// <param name="country">The country line, for mail abroad.</param>
    /// <param name="postcodePlacement">Where the postcode goes.</param>
    /// <exception cref="ArgumentException">There is no name, no address line, more than <see cref="MaxLines"/> lines, or a line break in the name, postcode, city or country.</exception>
    public LetterAddress(
        string name,
        IEnumerable<string?> lines,
        string? postcode,
        string? city,
        string? country,
        PostcodePlacement postcodePlacement = PostcodePlacement.BeforeCity)
    {
        ArgumentNullException.ThrowIfNull(lines);
        Name = OneLine(name, nameof(name)) ?? throw new ArgumentException("An address needs the addressee's name.", nameof(name));
        Lines = [.. lines.SelectMany(SplitLines)];
        if (Lines.Count == 0)
        {
            throw new ArgumentException("An address needs at least one line, such as the street and number.", nameof(lines));
        }

        if (Lines.Count > MaxLines)
        {
            throw new ArgumentException($"An address has at most {MaxLines} lines between the name and the city, not {Lines.Count}.", nameof(lines));
        }

        Postcode = OneLine(postcode, nameof(postcode));
        City = OneLine(city, nameof(city));
        Country = OneLine(country, nameof(country));
        if (!Enum.IsDefined(postcodePlacement))
        {
            throw new ArgumentOutOfRangeException(nameof(postcodePlacement), postcodePlacement, "Not a postcode placement.");
        }

        PostcodePlacement = postcodePlacement;
        PrintedLines = Print(Name, Lines, Postcode, City, Country, postcodePlacement);
    }

    /// <summary>The addressee.</summary>
    public string Name { get; }

    /// <summary>The lines between the name and the city: 1 to <see cref="MaxLines"/>.</summary>
    public IReadOnlyList<string> Lines { get; }

    public string? Postcode { get; }

    public string? City { get; }

    /// <summary>The country line; null for domestic mail.</summary>
    public string? Country { get; }

    public PostcodePlacement PostcodePlacement { get; }

    /// <summary>The lines as printed, top to bottom: name, address lines, postcode and city, country.</summary>
    public IReadOnlyList<string> PrintedLines { get; }

    /// <summary>An address from a customer's postal address: its street may hold several lines.</summary>
    /// <param name="name">The addressee.</param>
    /// <param name="address">The customer's address.</param>
    /// <param name="country">The country line to print, for mail abroad; the stored country code is not printed.</param>
    /// <param name="postcodePlacement">Where the postcode goes.</param>
    /// <exception cref="ArgumentException">The address has no street, or too many lines.</exception>
    public static LetterAddress From(string name, PostalAddress address, string? country = null, PostcodePlacement postcodePlacement = PostcodePlacement.BeforeCity)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new LetterAddress(name, [address.Street], address.Postcode, address.City, country, postcodePlacement);
    }

    private static List<string> Print(string name, IReadOnlyList<string> lines, string? postcode, string? city, string? country, PostcodePlacement placement)
    {
        var printed = new List<string>(MaxLines + 4) { name };
        printed.AddRange(lines);
        if (placement == PostcodePlacement.OwnLine)
        {
            AddIfAny(printed, city);
            AddIfAny(printed, postcode);
        }
        else
        {
            var (first, second) = placement == PostcodePlacement.BeforeCity ? (postcode, city) : (city, postcode);
            AddIfAny(printed, first is null || second is null ? first ?? second : $"{first} {second}");
        }

        AddIfAny(printed, country);
        return printed;
    }

    private static void AddIfAny(List<string> printed, string? line)
    {
        if (!string.IsNullOrEmpty(line))
        {
            printed.Add(line);
        }
    }

    private static IEnumerable<string> SplitLines(string? text) =>
        text is null
            ? []
            : text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => line.Normalize(NormalizationForm.FormC));

    private static string? OneLine(string? text, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (text.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException($"'{text}' must be one line.", parameterName);
        }

        return text.Trim().Normalize(NormalizationForm.FormC);
    }
}

using Rapport.Storage.Csv;

namespace Rapport.Messaging.Print;

/// <summary>The addresses of a print run as CSV, in page order, for a mailing house or a label printer.</summary>
/// <remarks>
/// Columns: <c>page, touch_key, customer_id, name, address_1</c> to <c>address_4, postcode, city,
/// country</c>; RFC 4180, UTF-8, quotes only where needed. An address with fewer lines leaves the
/// later <c>address_</c> columns empty.
/// </remarks>
public static class AddressList
{
    /// <summary>The header row.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "page", "touch_key", "customer_id", "name",
        .. Enumerable.Range(1, LetterAddress.MaxLines).Select(i => $"address_{i}"),
        "postcode", "city", "country",
    ];

    /// <summary>Writes the header and one row per page.</summary>
    /// <param name="output">Where the CSV goes; flushed, left open.</param>
    /// <param name="pages">The pages of a print run (<see cref="LetterPdfResult.Pages"/>), so that page numbers match the PDF.</param>
    public static void Write(TextWriter output, IEnumerable<LetterPage> pages)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(pages);

        // The CsvWriter is not disposed: that would close the caller's writer.
        var csv = new CsvWriter(output);
        csv.Record(Columns);
        foreach (var page in pages)
        {
            var letter = page.Letter;
            var address = letter.Recipient;
            csv.Field(page.Number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            csv.Field(letter.TouchKey);
            csv.Field(letter.CustomerId);
            csv.Field(address.Name);
            for (var i = 0; i < LetterAddress.MaxLines; i++)
            {
                csv.Field(i < address.Lines.Count ? address.Lines[i] : null);
            }

            csv.Field(address.Postcode);
            csv.Field(address.City);
            csv.Field(address.Country);
            csv.EndRecord();
        }

        csv.Flush();
    }
}

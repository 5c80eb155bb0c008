using System.Text;
using Rapport.Messaging.Print;
using Rapport.Storage.Csv;

namespace Rapport.Messaging.Tests.Print;

public sealed class AddressListTests
{
    [Fact]
    public void Write_Pages_GivesTheHeaderAndOneRowPerPageInPageOrder()
    {
        var pages = new[]
        {
            new LetterPage(1, Letters.Make("T-1", "C-1", Letters.Address("Jane Doe")), 11),
            new LetterPage(2, Letters.Make("T-3", "C-3", new LetterAddress("Zoë Weiß", ["Große Straße 5"], "80331", "München", "Deutschland")), 11),
        };

        using var text = new StringWriter();
        AddressList.Write(text, pages);

        Assert.Equal(
            """
            page,touch_key,customer_id,name,address_1,address_2,address_3,address_4,postcode,city,country
            1,T-1,C-1,Jane Doe,12 Orchard Lane,Flat 3,,,BS1 4DJ,Bristol,United Kingdom
            2,T-3,C-3,Zoë Weiß,Große Straße 5,,,,80331,München,Deutschland

            """.ReplaceLineEndings("\n"),
            text.ToString());
    }

    [Fact]
    public void Write_CommasAndQuotesInAnAddress_AreQuotedAndReadBack()
    {
        var recipient = new LetterAddress("Doe, Jane \"JJ\"", ["Unit 4, The \"Old\" Mill"], "BS1 4DJ", "Bristol", null);
        using var text = new StringWriter();

        AddressList.Write(text, [new LetterPage(1, Letters.Make(recipient: recipient), 11)]);

        Assert.Contains("\"Doe, Jane \"\"JJ\"\"\",\"Unit 4, The \"\"Old\"\" Mill\"", text.ToString(), StringComparison.Ordinal);
        var rows = CsvRows.Read(text.ToString());
        Assert.Equal(["1", "T-1", "C-1", "Doe, Jane \"JJ\"", "Unit 4, The \"Old\" Mill", "", "", "", "BS1 4DJ", "Bristol", ""], rows[1]);
    }

    [Fact]
    public void Write_LeavesTheCallersWriterOpen()
    {
        using var text = new StringWriter();

        AddressList.Write(text, []);
        text.Write("more");

        Assert.EndsWith("country\nmore", text.ToString(), StringComparison.Ordinal);
    }
}

/// <summary>Reads CSV text back with Rapport's own reader.</summary>
internal static class CsvRows
{
    public static List<string[]> Read(string text)
    {
        using var reader = new CsvReader(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add([.. reader.Fields]);
        }

        return rows;
    }
}

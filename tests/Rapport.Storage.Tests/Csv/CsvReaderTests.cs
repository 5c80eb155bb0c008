using System.Text;
using Rapport.Storage.Csv;

namespace Rapport.Storage.Tests.Csv;

public sealed class CsvReaderTests
{
    [Fact]
    public void Read_BomCrlfQuotesAndLineBreaks_GivesFieldsAndStartLines()
    {
        var text = "\uFEFFa,b,c\r\n1,\"x, \"\"y\"\"\",3\r\n\r\n2,\"two\r\nlines\",\r\n3,,\"\"\r\n";
        var records = ReadAll(text);

        Assert.Equal(
        [
            (1L, new[] { "a", "b", "c" }),
            (2L, new[] { "1", "x, \"y\"", "3" }),
            (4L, new[] { "2", "two\r\nlines", string.Empty }),
            (6L, new[] { "3", string.Empty, string.Empty }),
        ], records.Select(r => (r.Line, r.Fields)), new RecordComparer());
    }

    [Theory]
    // Unix and old Mac line ends, and no line end at the end of the file.
    [InlineData("a,b\n1,2\n3,4")]
    [InlineData("a,b\r1,2\r3,4\r")]
    public void Read_AnyLineEnd_GivesTheSameRecords(string text)
    {
        var records = ReadAll(text);
        Assert.Equal([1L, 2L, 3L], records.Select(r => r.Line));
        Assert.Equal(["3", "4"], records[2].Fields);
    }

    [Fact]
    public void Read_QuoteInsideUnquotedField_IsLiteral() =>
        Assert.Equal(["Jane \"JJ\" Doe", "x"], ReadAll("Jane \"JJ\" Doe,x\n")[0].Fields);

    [Fact]
    public void Read_TextAfterClosingQuote_IsAnErrorWithLineAndField()
    {
        var error = Assert.Throws<CsvFormatException>(() => ReadAll("a,b\n1,\"x\"y\n"));
        Assert.Equal((2L, 2), (error.Line, error.Column));
    }

    [Fact]
    public void Read_UnclosedQuote_IsAnErrorAtTheLineWhereItOpened()
    {
        var error = Assert.Throws<CsvFormatException>(() => ReadAll("a,b\n1,2\n3,\"open\nmore\nlines\n"));
        Assert.Equal(3, error.Line);
        Assert.Contains("not closed", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotUtf8_IsAnError()
    {
        var latin1 = Encoding.Latin1.GetBytes("name\nZoë\n");
        using var reader = new CsvReader(new MemoryStream(latin1));
        var error = Assert.Throws<CsvFormatException>(() => { while (reader.Read()) { } });
        Assert.Contains("not UTF-8", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FieldsLongerThanTheBuffer_AreWhole()
    {
        var longValue = new string('x', 200_000);
        var records = ReadAll($"a,b\n{longValue},\"{longValue}\"\n");
        Assert.Equal([longValue, longValue], records[1].Fields);
    }

    [Fact]
    public void Writer_QuotesOnlyWhereNeeded_AndReadsBack()
    {
        using var text = new StringWriter();
        using (var writer = new CsvWriter(text))
        {
            writer.Record("plain", "with, comma", "with \"quote\"", "two\nlines", " padded ", null);
        }

        Assert.Equal("plain,\"with, comma\",\"with \"\"quote\"\"\",\"two\nlines\",\" padded \",\n", text.ToString());
        Assert.Equal(["plain", "with, comma", "with \"quote\"", "two\nlines", " padded ", string.Empty], ReadAll(text.ToString())[0].Fields);
    }

    private static List<(long Line, string[] Fields)> ReadAll(string text)
    {
        using var reader = new CsvReader(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        var records = new List<(long, string[])>();
        while (reader.Read())
        {
            records.Add((reader.Line, reader.Fields.ToArray()));
        }

        return records;
    }

    private sealed class RecordComparer : IEqualityComparer<(long Line, string[] Fields)>
    {
        public bool Equals((long Line, string[] Fields) x, (long Line, string[] Fields) y) => x.Line == y.Line && x.Fields.SequenceEqual(y.Fields);

        public int GetHashCode((long Line, string[] Fields) obj) => obj.Line.GetHashCode();
    }
}

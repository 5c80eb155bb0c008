using System.Text;

namespace Rapport.Storage.Csv;

/// <summary>Writes RFC 4180 CSV: UTF-8 without a byte-order mark, LF line ends, quotes only where needed.</summary>
public sealed class CsvWriter : IDisposable
{
    private readonly TextWriter _writer;
    private bool _atLineStart = true;

    /// <summary>Creates a writer over a text writer; the writer owns it.</summary>
    public CsvWriter(TextWriter writer) => _writer = writer;

    /// <summary>Creates a file (replacing it) and a writer over it.</summary>
    public static CsvWriter Create(string path) =>
        new(new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16));

    /// <summary>Writes one field of the current record.</summary>
    public void Field(string? value)
    {
        if (!_atLineStart)
        {
            _writer.Write(',');
        }

        _atLineStart = false;
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0 && value[0] != ' ' && value[^1] != ' ')
        {
            _writer.Write(value);
            return;
        }

        _writer.Write('"');
        _writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        _writer.Write('"');
    }

    /// <summary>Writes a whole record.</summary>
    public void Record(params IEnumerable<string?> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        foreach (var field in fields)
        {
            Field(field);
        }

        EndRecord();
    }

    /// <summary>Ends the current record.</summary>
    public void EndRecord()
    {
        _writer.Write('\n');
        _atLineStart = true;
    }

    /// <summary>Writes what is buffered to the underlying writer.</summary>
    public void Flush() => _writer.Flush();

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();
}

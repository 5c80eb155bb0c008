using System.Text;

namespace Rapport.Storage.Csv;

/// <summary>
/// Reads RFC 4180 CSV from a stream, one record at a time, without holding the file in memory.
/// </summary>
/// <remarks>
/// UTF-8 with or without a byte-order mark; CRLF, LF or CR line ends; fields quoted with
/// <c>"</c>, a doubled quote standing for one, line breaks allowed inside quotes. A quote inside
/// an unquoted field is taken literally (<c>Jane "JJ" Doe</c>), which many spreadsheet exports
/// produce. Blank lines are skipped. <see cref="Line"/> is the 1-based line on which the current
/// record starts.
/// </remarks>
public sealed class CsvReader : IDisposable
{
    private const int BufferSize = 1 << 16;

    private readonly Stream _stream;
    private readonly StreamReader _reader;
    private readonly char[] _buffer = new char[BufferSize];
    private readonly List<string> _fields = new(32);
    private readonly StringBuilder _field = new(256);
    private int _position;
    private int _length;
    private long _nextLine = 1;

    /// <summary>Creates a reader over a stream; the reader owns the stream.</summary>
    public CsvReader(Stream stream)
    {
        _stream = stream;
        _reader = new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, BufferSize);
    }

    /// <summary>The fields of the current record.</summary>
    public IReadOnlyList<string> Fields => _fields;

    /// <summary>The line on which the current record starts, counting from 1.</summary>
    public long Line { get; private set; }

    /// <summary>How many bytes of the stream have been consumed, for progress reports.</summary>
    public long BytesRead => _stream.CanSeek ? _stream.Position : 0;

    /// <summary>Reads the next record.</summary>
    /// <returns><see langword="false"/> at the end of the file.</returns>
    /// <exception cref="CsvFormatException">The text is not valid CSV or not UTF-8.</exception>
    public bool Read()
    {
        _fields.Clear();
        while (true)
        {
            if (!EnsureData())
            {
                return false;
            }

            var c = _buffer[_position];
            if (c is '\r' or '\n')
            {
                ConsumeLineEnd();
                continue;
            }

            break;
        }

        Line = _nextLine;
        ReadRecord();
        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();

    private void ReadRecord()
    {
        var column = 1;
        while (true)
        {
            var ended = ReadField(column);
            column++;
            if (ended)
            {
                return;
            }
        }
    }

    // Reads one field and the delimiter after it; returns true when the record ended.
    private bool ReadField(int column)
    {
        if (EnsureData() && _buffer[_position] == '"')
        {
            _position++;
            return ReadQuotedField(column);
        }

        // Fast path: an unquoted field that lies wholly in the buffer becomes one string.
        while (true)
        {
            var start = _position;
            while (_position < _length)
            {
                var c = _buffer[_position];
                if (c == ',')
                {
                    Emit(start);
                    _position++;
                    return false;
                }

                if (c is '\r' or '\n')
                {
                    Emit(start);
                    ConsumeLineEnd();
                    return true;
                }

                _position++;
            }

            _field.Append(_buffer, start, _position - start);
            if (!EnsureData())
            {
                _fields.Add(TakeField());
                return true;
            }
        }
    }

    private bool ReadQuotedField(int column)
    {
        var startLine = _nextLine;
        while (true)
        {
            if (!EnsureData())
            {
                throw new CsvFormatException(startLine, column, "a quoted field is not closed before the end of the file");
            }

            var start = _position;
            while (_position < _length && _buffer[_position] != '"')
            {
                if (_buffer[_position] == '\n' || (_buffer[_position] == '\r' && (_position + 1 >= _length || _buffer[_position + 1] != '\n')))
                {
                    _nextLine++;
                }

                _position++;
            }

            _field.Append(_buffer, start, _position - start);
            if (_position == _length)
            {
                continue;
            }

            _position++; // the quote
            if (!EnsureData())
            {
                _fields.Add(TakeField());
                return true;
            }

            var next = _buffer[_position];
            if (next == '"')
            {
                _field.Append('"');
                _position++;
                continue;
            }

            _fields.Add(TakeField());
            if (next == ',')
            {
                _position++;
                return false;
            }

            if (next is '\r' or '\n')
            {
                ConsumeLineEnd();
                return true;
            }

            throw new CsvFormatException(_nextLine, column, $"unexpected '{next}' after the closing quote of a field (a quote inside a quoted field must be doubled: \"\")");
        }
    }

    private void Emit(int start)
    {
        if (_field.Length == 0)
        {
            _fields.Add(_position == start ? string.Empty : new string(_buffer, start, _position - start));
        }
        else
        {
            _field.Append(_buffer, start, _position - start);
            _fields.Add(TakeField());
        }
    }

    private string TakeField()
    {
        var value = _field.ToString();
        _field.Clear();
        return value;
    }

    private void ConsumeLineEnd()
    {
        var c = _buffer[_position++];
        _nextLine++;
        if (c == '\r' && EnsureData() && _buffer[_position] == '\n')
        {
            _position++;
        }
    }

    private bool EnsureData()
    {
        if (_position < _length)
        {
            return true;
        }

        try
        {
            _length = _reader.Read(_buffer, 0, _buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            // The decoder works on blocks, so the bad byte is somewhere at or after this line.
            throw new CsvFormatException(_nextLine, null, "the file is not UTF-8 text from this line on or soon after (save it as UTF-8 CSV)");
        }

        _position = 0;
        return _length > 0;
    }
}

/// <summary>The text is not valid CSV.</summary>
public sealed class CsvFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CsvFormatException(long line, int? column, string problem)
        : base(problem)
    {
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>The line where the problem is, counting from 1.</summary>
    public long Line { get; }

    /// <summary>The field number (1-based) where the problem is, when known.</summary>
    public int? Column { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }
}

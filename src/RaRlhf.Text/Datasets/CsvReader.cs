using System.Buffers;
using System.Globalization;
using System.Text;

namespace RaRlhf.Text.Datasets;

/// <summary>
/// A strict, streaming RFC 4180 reader: a header row, then records of exactly as many fields. Fields may be quoted
/// ("a, b"), with doubled quotes for a literal quote and line breaks inside; records end with CRLF or LF. Anything
/// else (end of file inside quotes, a quote inside an unquoted field, text after a closing quote, a bare CR, a
/// blank line, a wrong field count, invalid UTF-8) throws <see cref="DatasetFormatException"/> naming the file and
/// the physical line where the record starts, instead of guessing. A record's fields live in one reused buffer;
/// strings are only made for the fields a caller asks for.
/// </summary>
public sealed class CsvReader : IDisposable
{
    private const string QuoteRemedy = "Quote the whole field and write a literal quote inside it as two quotes (\"\")";
    private static readonly SearchValues<char> UnquotedStops = SearchValues.Create(",\r\n\"");

    private readonly TextReader _reader;
    private readonly Stream? _stream;
    private readonly char[] _buffer = new char[1 << 16];
    private readonly Dictionary<string, int> _columns = new(StringComparer.Ordinal);
    private readonly int _expectedFields;
    private int _pos, _len;
    private char[] _record = new char[1 << 12];
    private int _recordLength;
    private int[] _fieldEnds = new int[16]; // field i is _record[(i == 0 ? 0 : _fieldEnds[i - 1]).._fieldEnds[i]]
    private long _line = 1; // physical line of the next unread character

    public CsvReader(TextReader reader, string source)
        : this(reader, null, source)
    {
    }

    private CsvReader(TextReader reader, Stream? stream, string source)
    {
        _reader = reader;
        _stream = stream;
        Source = source;
        if (!ReadRecord())
        {
            throw new DatasetFormatException(source, 0, "empty file: no header row", "The first line must name the columns, e.g. text,label");
        }

        var header = new string[FieldCount];
        for (var i = 0; i < header.Length; i++)
        {
            header[i] = GetString(i);
            if (!_columns.TryAdd(header[i], i))
            {
                throw Error($"column '{header[i]}' appears twice in the header", "Give every column a distinct name");
            }
        }

        Header = header;
        _expectedFields = header.Length;
    }

    /// <summary>The file path (or name) used in error messages.</summary>
    public string Source { get; }

    /// <summary>The column names from the header row.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>1-based physical line where the current record starts (1 = the header).</summary>
    public long LineNumber { get; private set; }

    /// <summary>How many data records (header excluded) have been read so far.</summary>
    public long RecordCount { get; private set; }

    /// <summary>Fields in the current record (equals the header's column count for data records).</summary>
    public int FieldCount { get; private set; }

    /// <summary>Fraction of the underlying file consumed so far, for progress display (0 when unknown).</summary>
    public double Fraction => _stream is { CanSeek: true, Length: > 0 } s ? (double)s.Position / s.Length : 0;

    /// <summary>Opens a UTF-8 file (a BOM is accepted and skipped) and reads its header.</summary>
    public static CsvReader Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), true, 1 << 16);
        return new CsvReader(reader, stream, path);
    }

    /// <summary>Reads CSV held in memory (tests, small inputs).</summary>
    public static CsvReader FromString(string csv, string source = "<string>") => new(new StringReader(csv), source);

    /// <summary>The index of a column; a missing column throws, listing the columns that exist.</summary>
    public int ColumnIndex(string name) =>
        _columns.TryGetValue(name, out var index)
            ? index
            : throw new DatasetFormatException(Source, 1, $"no column '{name}'; the header has: {string.Join(", ", Header)}",
                $"Use one of those columns or fix the header");

    /// <summary>True when the header has the column.</summary>
    public bool HasColumn(string name) => _columns.ContainsKey(name);

    /// <summary>Advances to the next data record; false at the end of the file.</summary>
    public bool Read()
    {
        if (!ReadRecord())
        {
            return false;
        }

        RecordCount++;
        return true;
    }

    /// <summary>Field i of the current record, without allocating.</summary>
    public ReadOnlySpan<char> GetSpan(int i)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(i);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(i, FieldCount);
        var start = i == 0 ? 0 : _fieldEnds[i - 1];
        return _record.AsSpan(start, _fieldEnds[i] - start);
    }

    public string GetString(int i) => new(GetSpan(i));

    /// <summary>Field i as an invariant-culture integer; anything else throws naming the column.</summary>
    public int GetInt32(int i) =>
        int.TryParse(GetSpan(i), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error($"column '{Header[i]}' holds '{Preview(GetSpan(i))}' where an integer is expected", "Fix or remove that record");

    /// <summary>An exception located at the current record, for loaders that validate values.</summary>
    public DatasetFormatException Error(string problem, string remedy) => new(Source, LineNumber, problem, remedy);

    public void Dispose() => _reader.Dispose();

    internal static string Preview(ReadOnlySpan<char> value) =>
        value.Length <= 40 ? value.ToString() : string.Concat(value[..40], "…");

    private bool ReadRecord()
    {
        _recordLength = 0;
        FieldCount = 0;
        if (Peek() < 0)
        {
            return false;
        }

        LineNumber = _line;
        var firstQuoted = false;
        while (true)
        {
            var quoted = Peek() == '"';
            firstQuoted |= quoted && FieldCount == 0;
            if (quoted)
            {
                _pos++;
                ReadQuoted();
            }
            else
            {
                ReadUnquoted();
            }

            EndField();
            var c = Peek();
            if (c == ',')
            {
                _pos++;
                continue;
            }

            if (c == '\r')
            {
                _pos++;
                if (Peek() != '\n')
                {
                    throw Error("carriage return not followed by a line feed", "End lines with LF or CRLF (convert old Mac line endings)");
                }
            }

            if (c is '\r' or '\n')
            {
                _pos++;
                _line++;
                break;
            }

            if (c < 0)
            {
                break;
            }

            throw Error($"unexpected '{(char)c}' after the closing quote of field {FieldCount}",
                "A quoted field must end at a comma or the end of the line. " + QuoteRemedy);
        }

        if (FieldCount == 1 && _recordLength == 0 && !firstQuoted)
        {
            throw Error("blank line", "Remove empty lines (an empty single value is written as \"\")");
        }

        if (_expectedFields > 0 && FieldCount != _expectedFields)
        {
            throw Error($"{FieldCount} fields where the header has {_expectedFields} ({string.Join(",", Header)})",
                "Look for an unquoted comma or a missing value. Fields holding commas, quotes or line breaks must be quoted");
        }

        return true;
    }

    private void ReadQuoted()
    {
        while (true)
        {
            if (_pos == _len && !Fill())
            {
                throw Error($"unterminated quoted field {FieldCount + 1}: the file ends inside quotes",
                    "Close the quote. " + QuoteRemedy);
            }

            var span = _buffer.AsSpan(_pos, _len - _pos);
            var quote = span.IndexOf('"');
            var chunk = quote < 0 ? span : span[..quote];
            Append(chunk);
            _line += chunk.Count('\n');
            if (quote < 0)
            {
                _pos = _len;
                continue;
            }

            _pos += quote + 1;
            if (Peek() != '"')
            {
                return;
            }

            Append("\"");
            _pos++;
        }
    }

    private void ReadUnquoted()
    {
        while (_pos < _len || Fill())
        {
            var span = _buffer.AsSpan(_pos, _len - _pos);
            var stop = span.IndexOfAny(UnquotedStops);
            if (stop < 0)
            {
                Append(span);
                _pos = _len;
                continue;
            }

            Append(span[..stop]);
            _pos += stop;
            if (span[stop] == '"')
            {
                throw Error($"stray quote inside unquoted field {FieldCount + 1}", QuoteRemedy);
            }

            return;
        }
    }

    private int Peek() => _pos < _len ? _buffer[_pos] : Fill() ? _buffer[0] : -1;

    private bool Fill()
    {
        try
        {
            _len = _reader.Read(_buffer, 0, _buffer.Length);
        }
        catch (DecoderFallbackException e)
        {
            throw new DatasetFormatException(Source, _line, "invalid UTF-8 at or after this line", "Save the file as UTF-8", e);
        }

        _pos = 0;
        return _len > 0;
    }

    private void Append(ReadOnlySpan<char> chars)
    {
        if (_recordLength + chars.Length > _record.Length)
        {
            Array.Resize(ref _record, Math.Max(_record.Length * 2, _recordLength + chars.Length));
        }

        chars.CopyTo(_record.AsSpan(_recordLength));
        _recordLength += chars.Length;
    }

    private void EndField()
    {
        if (FieldCount == _fieldEnds.Length)
        {
            Array.Resize(ref _fieldEnds, _fieldEnds.Length * 2);
        }

        _fieldEnds[FieldCount++] = _recordLength;
    }
}

using System.Text;

namespace RaRlhf.Text.Corpus;

/// <summary>
/// A small RFC 4180 reader: comma-separated fields, double-quoted fields may hold commas, line breaks and doubled
/// quotes (""). Streams records; a malformed file fails with the file and line where the problem starts.
/// </summary>
public sealed class CsvRecordReader : IDisposable
{
    private readonly TextReader _reader;
    private readonly string _path;
    private readonly StringBuilder _field = new();
    private int _line = 1;

    public CsvRecordReader(string path)
        : this(new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16), path)
    {
    }

    public CsvRecordReader(TextReader reader, string path)
    {
        _reader = reader;
        _path = path;
    }

    /// <summary>The 1-based line on which the next record starts.</summary>
    public int Line => _line;

    /// <summary>Reads the next record, or null at the end of the input.</summary>
    public string[]? Read()
    {
        if (_reader.Peek() < 0)
        {
            return null;
        }

        var fields = new List<string>();
        var startLine = _line;
        while (true)
        {
            _field.Clear();
            var c = _reader.Read();
            if (c == '"')
            {
                ReadQuoted(startLine);
                c = _reader.Read();
                if (c is not (',' or '\n' or '\r' or -1))
                {
                    throw new InvalidDataException(
                        $"{_path}: line {_line}: unexpected '{(char)c}' after a closing quote (record from line {startLine})");
                }
            }
            else
            {
                while (c is not (',' or '\n' or '\r' or -1))
                {
                    if (c == '"')
                    {
                        throw new InvalidDataException($"{_path}: line {_line}: quote inside an unquoted field");
                    }

                    _field.Append((char)c);
                    c = _reader.Read();
                }
            }

            fields.Add(_field.ToString());
            if (c == ',')
            {
                continue;
            }

            if (c == '\r' && _reader.Peek() == '\n')
            {
                _reader.Read();
            }

            if (c != -1)
            {
                _line++;
            }

            return fields.ToArray();
        }
    }

    public void Dispose() => _reader.Dispose();

    private void ReadQuoted(int startLine)
    {
        while (true)
        {
            var c = _reader.Read();
            switch (c)
            {
                case -1:
                    throw new InvalidDataException($"{_path}: line {startLine}: quoted field never closed");
                case '"' when _reader.Peek() == '"':
                    _reader.Read();
                    _field.Append('"');
                    break;
                case '"':
                    return;
                case '\n':
                    _line++;
                    _field.Append('\n');
                    break;
                default:
                    _field.Append((char)c);
                    break;
            }
        }
    }
}

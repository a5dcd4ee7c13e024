namespace RaRlhf.Actors.Configuration.Hocon;

/// <summary>Reads HOCON text one character at a time, tracking line and column for error messages.</summary>
internal sealed class HoconCursor
{
    private readonly string _text;
    private int _index;
    private int _line = 1;
    private int _column = 1;

    public HoconCursor(string text, string file)
    {
        _text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        File = file;
    }

    public string File { get; }

    public bool AtEnd => _index >= _text.Length;

    public SourcePosition Position => new(File, _line, _column);

    /// <summary>The character <paramref name="offset"/> ahead, or '\0' past the end.</summary>
    public char Peek(int offset = 0) => _index + offset < _text.Length ? _text[_index + offset] : '\0';

    public bool StartsWith(string s, int offset = 0) =>
        _index + offset + s.Length <= _text.Length && string.CompareOrdinal(_text, _index + offset, s, 0, s.Length) == 0;

    public char Next()
    {
        var c = _text[_index++];
        if (c == '\n')
        {
            _line++;
            _column = 1;
        }
        else
        {
            _column++;
        }

        return c;
    }

    public void Skip(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Next();
        }
    }

    /// <summary>What is at the cursor, for "found ..." in error messages.</summary>
    public string Describe() => AtEnd ? "end of file" : Peek() == '\n' ? "end of line" : $"'{Peek()}'";

    public HoconException Error(string expected) => new(Position, $"expected {expected} but found {Describe()}");
}

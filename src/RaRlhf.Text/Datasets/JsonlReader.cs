using System.Text;
using System.Text.Json;

namespace RaRlhf.Text.Datasets;

/// <summary>
/// Reads JSON Lines: one JSON object per line (LF or CRLF), no blank lines. Values are fetched by dotted path
/// (<c>prompt.toxicity</c>); bad JSON, a missing field or a value of the wrong type throws
/// <see cref="DatasetFormatException"/> naming the file, the line and the field.
/// </summary>
public sealed class JsonlReader : IDisposable
{
    private readonly TextReader _reader;
    private readonly Stream? _stream;
    private JsonDocument? _document;

    public JsonlReader(TextReader reader, string source)
        : this(reader, null, source)
    {
    }

    private JsonlReader(TextReader reader, Stream? stream, string source)
    {
        _reader = reader;
        _stream = stream;
        Source = source;
    }

    public string Source { get; }

    /// <summary>1-based line of the current object.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The current object.</summary>
    public JsonElement Root => _document?.RootElement ?? throw new InvalidOperationException("call Read() first");

    /// <summary>Fraction of the underlying file consumed so far, for progress display (0 when unknown).</summary>
    public double Fraction => _stream is { CanSeek: true, Length: > 0 } s ? (double)s.Position / s.Length : 0;

    public static JsonlReader Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return new JsonlReader(new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), true), stream, path);
    }

    public static JsonlReader FromString(string jsonl, string source = "<string>") => new(new StringReader(jsonl), source);

    /// <summary>Parses the next line; false at the end of the file.</summary>
    public bool Read()
    {
        string? line;
        try
        {
            line = _reader.ReadLine();
        }
        catch (DecoderFallbackException e)
        {
            throw new DatasetFormatException(Source, LineNumber + 1, "invalid UTF-8 at or after this line", "Save the file as UTF-8", e);
        }

        if (line is null)
        {
            return false;
        }

        LineNumber++;
        if (string.IsNullOrWhiteSpace(line))
        {
            throw Error("blank line", "Remove empty lines: every line must hold one JSON object");
        }

        _document?.Dispose();
        _document = null;
        try
        {
            _document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new DatasetFormatException(Source, LineNumber, $"bad JSON: {e.Message}", "Every line must hold one complete JSON object", e);
        }

        if (_document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw Error($"the line holds a JSON {_document.RootElement.ValueKind}, not an object", "Every line must hold one JSON object");
        }

        return true;
    }

    /// <summary>The value at a dotted path; a missing field throws.</summary>
    public JsonElement Get(string path)
    {
        var current = Root;
        var walked = 0;
        foreach (var name in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object)
            {
                throw Error($"field '{path[..Math.Max(0, walked - 1)]}' is {Kind(current)}, not an object", "Fix the record's structure");
            }

            if (!current.TryGetProperty(name, out current))
            {
                throw Error($"missing field '{path[..(walked + name.Length)]}'", "Add the field or fix its name");
            }

            walked += name.Length + 1;
        }

        return current;
    }

    /// <summary>True when the dotted path exists (its value may be null).</summary>
    public bool Has(string path)
    {
        var current = Root;
        foreach (var name in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return false;
            }
        }

        return true;
    }

    public string GetString(string path)
    {
        var value = Get(path);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw WrongType(path, value, "a string");
    }

    public double GetDouble(string path) => GetNullableDouble(path) ?? throw WrongType(path, Get(path), "a number");

    /// <summary>A number or JSON null (the field itself must be present).</summary>
    public double? GetNullableDouble(string path)
    {
        var value = Get(path);
        return value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.Number => value.GetDouble(),
            _ => throw WrongType(path, value, "a number or null"),
        };
    }

    public long GetInt64(string path)
    {
        var value = Get(path);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var result) ? result : throw WrongType(path, value, "an integer");
    }

    public bool GetBoolean(string path)
    {
        var value = Get(path);
        return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : throw WrongType(path, value, "true or false");
    }

    public DatasetFormatException Error(string problem, string remedy) => new(Source, LineNumber, problem, remedy);

    public void Dispose()
    {
        _document?.Dispose();
        _reader.Dispose();
    }

    private DatasetFormatException WrongType(string path, JsonElement value, string expected) =>
        Error($"field '{path}' is {Kind(value)} where {expected} is expected", "Fix the value's type");

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{CsvReader.Preview(value.GetString())}\"",
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null => $"{value.GetRawText()}",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };
}

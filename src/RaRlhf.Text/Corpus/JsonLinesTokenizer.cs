using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace RaRlhf.Text.Corpus;

/// <summary>
/// JSON lines in, JSON lines out: <c>{"text": …}</c> → <c>{"ids": […]}</c>, or the reverse when decoding. One
/// output line per non-blank input line; a bad line stops the run with the input's name and line number.
/// </summary>
public static class JsonLinesTokenizer
{
    private static readonly JsonSerializerOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TokenizeStats Run(
        ByteLevelBpeTokenizer tokenizer, TextReader input, string inputName, TextWriter output, bool decode, bool allowSpecial)
    {
        long lines = 0, bytes = 0, tokens = 0;
        double wallSeconds = 0, cpuSeconds = 0;
        var ids = new List<int>();
        var line = new StringBuilder();
        var lineNumber = 0;
        while (input.ReadLine() is { } raw)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }

            var where = $"{inputName}: line {lineNumber}";
            line.Clear();
            if (decode)
            {
                var parsed = ReadIds(raw, where);
                var (wall, cpu) = (Stopwatch.GetTimestamp(), ThreadCpuClock.Now());
                var text = Decode(tokenizer, parsed, where);
                wallSeconds += Stopwatch.GetElapsedTime(wall).TotalSeconds;
                cpuSeconds += ThreadCpuClock.Now() - cpu;
                tokens += parsed.Length;
                bytes += Encoding.UTF8.GetByteCount(text);
                line.Append("{\"text\":").Append(JsonSerializer.Serialize(text, s_json)).Append('}');
            }
            else
            {
                var text = JsonLine.ReadText(raw, "text", where);
                ids.Clear();
                var (wall, cpu) = (Stopwatch.GetTimestamp(), ThreadCpuClock.Now());
                tokenizer.Encode(text, ids, allowSpecial);
                wallSeconds += Stopwatch.GetElapsedTime(wall).TotalSeconds;
                cpuSeconds += ThreadCpuClock.Now() - cpu;
                tokens += ids.Count;
                bytes += Encoding.UTF8.GetByteCount(text);
                line.Append("{\"ids\":[").AppendJoin(',', ids).Append("]}");
            }

            output.WriteLine(line);
            lines++;
        }

        return new TokenizeStats(lines, bytes, tokens, wallSeconds, cpuSeconds);
    }

    private static string Decode(ByteLevelBpeTokenizer tokenizer, int[] ids, string where)
    {
        try
        {
            return tokenizer.Decode(ids);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidDataException($"{where}: {e.Message}", e);
        }
    }

    private static int[] ReadIds(string line, string where)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("ids", out var array) && array.ValueKind == JsonValueKind.Array)
            {
                return array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var id)
                    ? id
                    : throw new InvalidDataException($"{where}: \"ids\" holds {e}, not an integer")).ToArray();
            }
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{where}: not valid JSON ({e.Message})", e);
        }

        throw new InvalidDataException($"{where}: no array field \"ids\"");
    }
}

using RaRlhf.Text;

namespace RaRlhf.Cli.Training;

/// <summary>Encodes documents to ids, optionally truncated; empty encodings are dropped.</summary>
internal static class DocumentEncoder
{
    public static List<int[]> Encode(ByteLevelBpeTokenizer tokenizer, IEnumerable<string> texts, int? maxLength = null)
    {
        var result = new List<int[]>();
        foreach (var text in texts)
        {
            var ids = tokenizer.Encode(text);
            if (ids.Length == 0) continue;
            result.Add(maxLength is { } m && ids.Length > m ? ids[..m] : ids);
        }

        return result;
    }
}

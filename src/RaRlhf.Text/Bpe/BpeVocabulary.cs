using RaRlhf.Text.ByteLevel;

namespace RaRlhf.Text.Bpe;

/// <summary>
/// A validated byte-level BPE vocabulary: dense ids, merges over known tokens, the bytes each id stands for.
/// Every problem is reported as a <see cref="TokenizerFormatException"/> naming <c>source</c>.
/// </summary>
internal sealed class BpeVocabulary
{
    public BpeVocabulary(
        string source,
        IReadOnlyDictionary<string, int> vocab,
        IReadOnlyList<(string Left, string Right)> merges,
        IReadOnlyList<AddedToken> addedTokens)
    {
        Source = source;
        var tokenToId = new Dictionary<string, int>(vocab, StringComparer.Ordinal);
        var size = vocab.Count == 0 ? 0 : vocab.Values.Max() + 1;
        foreach (var added in addedTokens)
        {
            if (added.Id < 0)
            {
                throw new TokenizerFormatException(source, $"added token '{added.Content}' has negative id {added.Id}");
            }

            if (tokenToId.TryGetValue(added.Content, out var existing) && existing != added.Id)
            {
                throw new TokenizerFormatException(source,
                    $"added token '{added.Content}' has id {added.Id} but the vocabulary gives it id {existing}");
            }

            tokenToId[added.Content] = added.Id;
            size = Math.Max(size, added.Id + 1);
        }

        var idToToken = new string?[size];
        foreach (var (token, id) in tokenToId)
        {
            if (id < 0)
            {
                throw new TokenizerFormatException(source, $"token '{token}' has negative id {id}");
            }

            if (idToToken[id] is { } other)
            {
                throw new TokenizerFormatException(source, $"tokens '{other}' and '{token}' share id {id}");
            }

            idToToken[id] = token;
        }

        var missing = Array.FindIndex(idToToken, t => t is null);
        if (missing >= 0)
        {
            throw new TokenizerFormatException(source, $"ids must run 0..{size - 1} without gaps; id {missing} has no token");
        }

        IdToToken = idToToken!;
        TokenToId = tokenToId;
        AddedTokens = addedTokens.ToArray();
        IdToBytes = BuildIdToBytes(source, IdToToken, AddedTokens);
        ByteToId = BuildByteToId(tokenToId);
        Merges = BuildMerges(source, tokenToId, merges);
    }

    public string Source { get; }

    public string[] IdToToken { get; }

    public Dictionary<string, int> TokenToId { get; }

    public AddedToken[] AddedTokens { get; }

    /// <summary>The UTF-8 bytes each id decodes to.</summary>
    public byte[][] IdToBytes { get; }

    /// <summary>The id of each single-byte token, -1 where the vocabulary has none.</summary>
    public int[] ByteToId { get; }

    public MergeTable Merges { get; }

    private static byte[][] BuildIdToBytes(string source, string[] idToToken, AddedToken[] added)
    {
        var addedIds = added.Select(a => a.Id).ToHashSet();
        var result = new byte[idToToken.Length][];
        for (var id = 0; id < idToToken.Length; id++)
        {
            var token = idToToken[id];
            if (addedIds.Contains(id))
            {
                result[id] = System.Text.Encoding.UTF8.GetBytes(token);
                continue;
            }

            var bytes = new byte[token.Length];
            for (var i = 0; i < token.Length; i++)
            {
                var b = ByteUnicodeMap.ToByte(token[i]);
                if (b < 0)
                {
                    throw new TokenizerFormatException(source,
                        $"token '{token}' (id {id}) has character U+{(int)token[i]:X4}, which is not a byte-level symbol");
                }

                bytes[i] = (byte)b;
            }

            result[id] = bytes;
        }

        return result;
    }

    private static int[] BuildByteToId(Dictionary<string, int> tokenToId)
    {
        var result = new int[256];
        for (var b = 0; b < 256; b++)
        {
            result[b] = tokenToId.TryGetValue(ByteUnicodeMap.ToChar((byte)b).ToString(), out var id) ? id : -1;
        }

        return result;
    }

    private static MergeTable BuildMerges(
        string source, Dictionary<string, int> tokenToId, IReadOnlyList<(string Left, string Right)> merges)
    {
        var resolved = new (int, int, int)[merges.Count];
        for (var rank = 0; rank < merges.Count; rank++)
        {
            var (left, right) = merges[rank];
            int Lookup(string token, string role) => tokenToId.TryGetValue(token, out var id)
                ? id
                : throw new TokenizerFormatException(source,
                    $"merge #{rank + 1} '{left} {right}' references unknown token '{token}' ({role})");
            resolved[rank] = (Lookup(left, "left"), Lookup(right, "right"), Lookup(left + right, "merged result"));
        }

        return new MergeTable(resolved);
    }
}

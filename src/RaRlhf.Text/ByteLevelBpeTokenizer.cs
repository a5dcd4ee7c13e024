using System.Text;
using RaRlhf.Text.Bpe;
using RaRlhf.Text.ByteLevel;
using RaRlhf.Text.Loading;

namespace RaRlhf.Text;

/// <summary>
/// GPT-2's byte-level BPE: text → UTF-8 bytes per pre-token (<see cref="Gpt2PreTokenizer"/>) → merges by rank → ids,
/// and back. <c>Decode(Encode(s)) == s</c> for every string of valid UTF-16 (lone surrogates become U+FFFD, as in
/// any UTF-8 encoder). Decoding ids whose bytes are not valid UTF-8 (e.g. a prefix that ends inside a character)
/// never throws: each maximal invalid subsequence becomes one U+FFFD. Thread-safe.
/// </summary>
public sealed class ByteLevelBpeTokenizer
{
    /// <summary>GPT-2's end-of-text token.</summary>
    public const string EndOfText = "<|endoftext|>";

    private readonly BpeVocabulary _vocab;
    private readonly AddedTokenMatcher _addedTokens;
    private readonly ThreadLocal<WordCache> _cache = new(() => new WordCache());

    internal ByteLevelBpeTokenizer(BpeVocabulary vocab)
    {
        _vocab = vocab;
        _addedTokens = new AddedTokenMatcher(vocab.AddedTokens);
    }

    /// <summary>
    /// Loads a tokenizer from a directory holding <c>tokenizer.json</c>, <c>vocab.json</c> + <c>merges.txt</c> or
    /// <c>encoder.json</c> + <c>vocab.bpe</c> (in that order of preference), or from one of those files directly.
    /// </summary>
    public static ByteLevelBpeTokenizer Load(string pathOrDirectory) => TokenizerFiles.Load(pathOrDirectory);

    /// <summary>Where this tokenizer was read from (or "trained").</summary>
    public string Source => _vocab.Source;

    /// <summary>Number of ids, added tokens included.</summary>
    public int VocabSize => _vocab.IdToToken.Length;

    /// <summary>The id of <c>&lt;|endoftext|&gt;</c>, when the vocabulary has it.</summary>
    public int? EosId => TokenToId(EndOfText);

    /// <summary>Number of merges (ranks) in the model.</summary>
    public int MergeCount => _vocab.Merges.Count;

    public IReadOnlyList<AddedToken> AddedTokens => _vocab.AddedTokens;

    internal BpeVocabulary Vocabulary => _vocab;

    /// <summary>The id of a token string (in the byte-level alphabet, e.g. "Ġthe"), or null.</summary>
    public int? TokenToId(string token) => _vocab.TokenToId.TryGetValue(token, out var id) ? id : null;

    /// <summary>The token string of an id (byte-level alphabet).</summary>
    public string IdToToken(int id) => _vocab.IdToToken[CheckId(id)];

    /// <summary>Encodes text. Special tokens are matched only when <paramref name="allowSpecial"/> is set; otherwise
    /// "&lt;|endoftext|&gt;" in the text is encoded as ordinary characters.</summary>
    public int[] Encode(string text, bool allowSpecial = false)
    {
        var ids = new List<int>(text.Length / 3 + 4);
        Encode(text, ids, allowSpecial);
        return ids.ToArray();
    }

    /// <summary>Encodes text, appending the ids to <paramref name="ids"/>.</summary>
    public void Encode(string text, List<int> ids, bool allowSpecial = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_addedTokens.IsEmpty)
        {
            EncodeOrdinary(text, ids);
            return;
        }

        foreach (var (start, length, token) in _addedTokens.Segments(text, allowSpecial))
        {
            EncodeOrdinary(text.AsSpan(start, length), ids);
            if (token is not null)
            {
                ids.Add(token.Id);
            }
        }
    }

    /// <summary>Encodes text without matching any added token.</summary>
    public void EncodeOrdinary(ReadOnlySpan<char> text, List<int> ids)
    {
        while (!text.IsEmpty)
        {
            var length = Gpt2PreTokenizer.NextPieceLength(text);
            EncodePiece(text[..length], ids);
            text = text[length..];
        }
    }

    /// <summary>Decodes ids to text; invalid UTF-8 (a cut character) becomes U+FFFD, never an exception.</summary>
    public string Decode(ReadOnlySpan<int> ids) => Encoding.UTF8.GetString(DecodeToBytes(ids));

    /// <summary>The bytes the ids stand for.</summary>
    public byte[] DecodeToBytes(ReadOnlySpan<int> ids)
    {
        var total = 0;
        foreach (var id in ids)
        {
            total += _vocab.IdToBytes[CheckId(id)].Length;
        }

        var bytes = new byte[total];
        var at = 0;
        foreach (var id in ids)
        {
            var piece = _vocab.IdToBytes[id];
            piece.CopyTo(bytes, at);
            at += piece.Length;
        }

        return bytes;
    }

    /// <summary>A decoder for streaming output that holds back incomplete characters.</summary>
    public TokenStreamDecoder CreateStreamDecoder() => new(this);

    /// <summary>Writes <c>tokenizer.json</c> (Hugging Face format) plus <c>vocab.json</c> and <c>merges.txt</c>.</summary>
    public void Save(string directory) => TokenizerJsonWriter.Save(_vocab, directory);

    private void EncodePiece(ReadOnlySpan<char> piece, List<int> ids)
    {
        var cache = _cache.Value!;
        if (cache.Get(piece, out var hash) is { } cached)
        {
            ids.AddRange(cached);
            return;
        }

        var maxBytes = Encoding.UTF8.GetMaxByteCount(piece.Length);
        Span<byte> bytes = maxBytes <= 192 ? stackalloc byte[192] : new byte[maxBytes];
        var byteCount = Encoding.UTF8.GetBytes(piece, bytes);
        Span<int> symbols = byteCount <= 192 ? stackalloc int[192] : new int[byteCount];
        symbols = symbols[..byteCount];
        for (var i = 0; i < byteCount; i++)
        {
            symbols[i] = _vocab.ByteToId[bytes[i]];
            if (symbols[i] < 0)
            {
                throw new ArgumentException(
                    $"tokenizer {Source} has no token for byte 0x{bytes[i]:X2} (in \"{piece}\") and no unknown " +
                    "token: this vocabulary cannot encode that text", nameof(piece));
            }
        }

        var count = BpeWordMerger.Merge(_vocab.Merges, symbols);
        var result = symbols[..count].ToArray();
        cache.Add(piece, hash, result);
        ids.AddRange(result);
    }

    private int CheckId(int id) => (uint)id < (uint)_vocab.IdToToken.Length
        ? id
        : throw new ArgumentOutOfRangeException(nameof(id), id, $"id {id} is outside the vocabulary (0..{VocabSize - 1})");
}

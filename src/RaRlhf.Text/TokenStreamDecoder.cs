using System.Text;

namespace RaRlhf.Text;

/// <summary>
/// Decodes ids as they arrive (streaming generation): returns only complete characters and keeps the bytes of a
/// character split across tokens until the rest arrives. Invalid byte sequences become U+FFFD, as in
/// <see cref="ByteLevelBpeTokenizer.Decode"/>. Not thread-safe: one per stream.
/// </summary>
public sealed class TokenStreamDecoder
{
    private readonly ByteLevelBpeTokenizer _tokenizer;
    private readonly Decoder _utf8 = new UTF8Encoding(false, false).GetDecoder();
    private char[] _chars = new char[64];

    internal TokenStreamDecoder(ByteLevelBpeTokenizer tokenizer) => _tokenizer = tokenizer;

    /// <summary>The text completed by <paramref name="id"/> (possibly empty).</summary>
    public string Append(int id) => Append([id]);

    /// <summary>The text completed by <paramref name="ids"/> (possibly empty).</summary>
    public string Append(ReadOnlySpan<int> ids) => Convert(_tokenizer.DecodeToBytes(ids), flush: false);

    /// <summary>Ends the stream: returns what is pending, an incomplete character as U+FFFD, and resets.</summary>
    public string Flush() => Convert([], flush: true);

    private string Convert(byte[] bytes, bool flush)
    {
        var needed = _utf8.GetCharCount(bytes, flush) + 2;
        if (_chars.Length < needed)
        {
            _chars = new char[Math.Max(needed, _chars.Length * 2)];
        }

        var count = _utf8.GetChars(bytes, 0, bytes.Length, _chars, 0, flush);
        return new string(_chars, 0, count);
    }
}

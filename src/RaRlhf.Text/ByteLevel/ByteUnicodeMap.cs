namespace RaRlhf.Text.ByteLevel;

/// <summary>
/// GPT-2's reversible byte↔character map (openai/gpt-2 encoder.py <c>bytes_to_unicode</c>): printable Latin-1 bytes
/// map to themselves, the other 68 bytes to U+0100.. in byte order, so every byte string is a printable token string
/// without spaces or control characters. Vocabulary files store tokens in this alphabet.
/// </summary>
public static class ByteUnicodeMap
{
    private static readonly char[] s_byteToChar = BuildByteToChar();
    private static readonly short[] s_charToByte = BuildCharToByte();

    /// <summary>The symbol that stands for <paramref name="value"/>.</summary>
    public static char ToChar(byte value) => s_byteToChar[value];

    /// <summary>The byte a symbol stands for, or -1 when the character is not a byte-level symbol.</summary>
    public static int ToByte(char symbol) => symbol < s_charToByte.Length ? s_charToByte[symbol] : -1;

    /// <summary>The 256 byte symbols in GPT-2's order (printable bytes first), which is also GPT-2's id order 0..255.</summary>
    public static IReadOnlyList<byte> BytesInGpt2Order { get; } = BuildOrder();

    /// <summary>The token string of a byte sequence: one symbol per byte.</summary>
    public static string ToSymbols(ReadOnlySpan<byte> bytes)
    {
        return string.Create(bytes.Length, bytes.ToArray(), static (chars, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                chars[i] = s_byteToChar[source[i]];
            }
        });
    }

    private static bool IsPrintable(int b) => b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;

    private static char[] BuildByteToChar()
    {
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            map[b] = IsPrintable(b) ? (char)b : (char)next++;
        }

        return map;
    }

    private static short[] BuildCharToByte()
    {
        var map = new short[256 + 68];
        Array.Fill(map, (short)-1);
        for (var b = 0; b < 256; b++)
        {
            map[s_byteToChar[b]] = (short)b;
        }

        return map;
    }

    private static byte[] BuildOrder()
    {
        var printable = Enumerable.Range(0, 256).Where(IsPrintable);
        var rest = Enumerable.Range(0, 256).Where(b => !IsPrintable(b));
        return printable.Concat(rest).Select(b => (byte)b).ToArray();
    }
}

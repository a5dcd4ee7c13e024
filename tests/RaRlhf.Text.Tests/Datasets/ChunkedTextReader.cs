namespace RaRlhf.Text.Tests.Datasets;

/// <summary>
/// Hands out its text in chunks of at most <c>chunk</c> characters, so a reader's buffer refills land on every
/// position: inside quotes, between a quote pair, between CR and LF.
/// </summary>
internal sealed class ChunkedTextReader(string text, int chunk) : TextReader
{
    private int _position;

    public override int Peek() => _position < text.Length ? text[_position] : -1;

    public override int Read() => _position < text.Length ? text[_position++] : -1;

    public override int Read(char[] buffer, int index, int count)
    {
        var n = Math.Min(Math.Min(count, chunk), text.Length - _position);
        text.CopyTo(_position, buffer, index, n);
        _position += n;
        return n;
    }
}

namespace RaRlhf.Actors.Tests.Persistence;

/// <summary>A source that throws an <see cref="IOException"/> once <paramref name="failAt"/> bytes were read.</summary>
internal sealed class FailingStream(byte[] content, int failAt) : NonSeekableStream(content)
{
    protected override void OnRead(int position, int count)
    {
        if (position + count > failAt) throw new IOException($"source failed at byte {failAt}");
    }
}

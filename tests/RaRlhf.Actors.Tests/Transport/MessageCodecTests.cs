using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Tests.Persistence;
using RaRlhf.Actors.Transport;

namespace RaRlhf.Actors.Tests.Transport;

public sealed class MessageCodecTests
{
    [Fact]
    public void Decode_EncodedRecord_ReturnsEqualRecord()
    {
        var codec = new MessageCodec(TestPayloads.Serializer());

        var wire = codec.Encode(new CounterIncremented(7));

        Assert.Equal("test.counter-incremented", wire.Type);
        Assert.Equal("""{"By":7}""", System.Text.Encoding.UTF8.GetString(wire.Body.Span));
        Assert.Equal(new CounterIncremented(7), codec.Decode(wire, "q"));
    }

    [Fact]
    public void Decode_UnknownType_ThrowsNamingManifestAndSource()
    {
        var codec = new MessageCodec(TestPayloads.Serializer());

        var error = Assert.Throws<UnknownManifestException>(
            () => codec.Decode(new TransportMessage("nobody.knows", new byte[] { 123, 125 }), "rollouts"));

        Assert.Contains("'nobody.knows'", error.Message);
        Assert.Contains("'rollouts'", error.Message);
    }
}

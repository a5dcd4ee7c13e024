using RaRlhf.Actors.Persistence;

namespace RaRlhf.Actors.Tests.Persistence;

public sealed class PayloadSerializerTests
{
    [Fact]
    public void Register_ManifestTwice_ThrowsNamingManifest()
    {
        var registry = new PayloadTypeRegistry().Register<CounterIncremented>("counter");

        var error = Assert.Throws<ArgumentException>(() => registry.Register<NoteWritten>("counter"));

        Assert.Contains("'counter'", error.Message);
    }

    [Fact]
    public void Register_TypeTwice_ThrowsNamingTypeAndExistingManifest()
    {
        var registry = new PayloadTypeRegistry().Register<CounterIncremented>("counter");

        var error = Assert.Throws<ArgumentException>(() => registry.Register<CounterIncremented>("other"));

        Assert.Contains(nameof(CounterIncremented), error.Message);
        Assert.Contains("'counter'", error.Message);
    }

    [Fact]
    public void Deserialize_InvalidJsonForType_ThrowsStoreCorruptedNamingManifestAndPlace()
    {
        var serializer = TestPayloads.Serializer();

        var error = Assert.Throws<StoreCorruptedException>(
            () => serializer.Deserialize("test.counter-incremented", "{\"By\":"u8.ToArray(), "journal x #3"));

        Assert.Contains("test.counter-incremented", error.Message);
        Assert.Contains("journal x #3", error.Message);
    }

    [Fact]
    public void Serialize_RawBytes_StoredVerbatim()
    {
        var serializer = TestPayloads.Serializer();
        byte[] bytes = [0, 1, 2, 255];

        var payload = serializer.Serialize(bytes);

        Assert.Equal(PayloadTypeRegistry.RawBytesManifest, payload.Manifest);
        Assert.Equal(bytes, payload.Bytes);
        Assert.Equal(bytes, serializer.Deserialize(payload.Manifest, payload.Bytes, "test"));
    }
}

using RaRlhf.Actors.Security;

namespace RaRlhf.Actors.Tests.Security;

public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("amqp://rarlhf:s3cret@broker:5672/", "amqp://rarlhf:***@broker:5672/")]
    [InlineData("error for amqps://node-1:p%40ss%2Fw@mq.example/vh: refused", "error for amqps://node-1:***@mq.example/vh: refused")]
    [InlineData("Host=pg;Port=5432;Username=u;Password=hunter2;Database=d", "Host=pg;Port=5432;Username=u;Password=***;Database=d")]
    [InlineData("Host=pg;password = 'a;b' ;Database=d", "Host=pg;password = *** ;Database=d")]
    [InlineData("Host=pg;Pwd=\"x;y\";SSL Password=kp", "Host=pg;Pwd=***;SSL Password=***")]
    [InlineData("{\"user\":\"u\",\"password\":\"p\\\"q\",\"api_key\":\"k\"}", "{\"user\":\"u\",\"password\":\"***\",\"api_key\":\"***\"}")]
    [InlineData("https://seq.example/ingest?apiKey=abc&x=1", "https://seq.example/ingest?apiKey=***&x=1")]
    public void Redact_TextWithCredentials_MasksOnlyTheSecret(string text, string expected)
    {
        Assert.Equal(expected, SecretRedactor.Redact(text));
        Assert.True(SecretRedactor.ContainsSecret(text));
    }

    [Theory]
    [InlineData("amqp://rarlhf@broker:5672/")]
    [InlineData("postgres 127.0.0.1:5432/rarlhf schema rarlhf")]
    [InlineData("http://localhost:5341")]
    [InlineData("tokenizer = assets/imdb/tokenizer")]
    [InlineData("")]
    public void Redact_TextWithoutCredentials_IsUnchanged(string text)
    {
        Assert.Equal(text, SecretRedactor.Redact(text));
        Assert.False(SecretRedactor.ContainsSecret(text));
    }

    [Fact]
    public void Redact_Null_StaysNull() => Assert.Null(SecretRedactor.Redact(null));
}

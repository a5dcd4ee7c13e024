using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace RaRlhf.Actors.Logging;

/// <summary>
/// Seq's ingestion endpoint: POSTs newline-delimited CLEF to <c>{url}/ingest/clef</c> with content type
/// <c>application/vnd.serilog.clef</c> and, when given, the <c>X-Seq-ApiKey</c> header. Maps the response to a
/// <see cref="BatchOutcome"/>: 2xx sent; 5xx, 408, 429 and network failures retry; other 4xx are rejected.
/// </summary>
public sealed class SeqHttpClient : IDisposable
{
    public const string ClefContentType = "application/vnd.serilog.clef";
    public const string ApiKeyHeader = "X-Seq-ApiKey";

    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string? _apiKey;

    public SeqHttpClient(string serverUrl, string? apiKey, TimeSpan requestTimeout)
    {
        _endpoint = new Uri(serverUrl.TrimEnd('/') + "/ingest/clef", UriKind.Absolute);
        _apiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey;
        _http = new HttpClient { Timeout = requestTimeout };
    }

    public Uri Endpoint => _endpoint;

    public async Task<BatchOutcome> SendAsync(IReadOnlyList<string> clefLines, CancellationToken cancellationToken)
    {
        var body = new StringBuilder();
        foreach (var line in clefLines)
        {
            body.Append(line).Append('\n');
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        request.Content = new StringContent(body.ToString(), new UTF8Encoding(false), ClefContentType);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(ClefContentType);
        if (_apiKey is not null)
        {
            request.Headers.Add(ApiKeyHeader, _apiKey);
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return BatchOutcome.Sent;
        }

        var status = (int)response.StatusCode;
        var retry = status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
        Serilog.Debugging.SelfLog.WriteLine("Seq at {0} answered {1} to a batch of {2} events",
            _endpoint, status, clefLines.Count);
        Serilog.Debugging.SelfLog.WriteLine(retry ? "will retry the batch" : "dropping the batch");
        return retry ? BatchOutcome.Retry : BatchOutcome.Rejected;
    }

    public void Dispose() => _http.Dispose();
}

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ControlPlane.Configuration;
using ControlPlane.Http;

namespace ControlPlane.Kibana;

/// <summary>
/// Kibana's HTTP calls (Kibana is not Elasticsearch, so not the official Elasticsearch client): JSON or raw bytes over an
/// <see cref="HttpClient"/> from IHttpClientFactory, whose standard resilience handler retries 429/5xx and connection errors
/// (KibanaServiceCollectionExtensions). Errors carry Kibana's reason.
/// </summary>
public sealed class KibanaHttp(Func<HttpClient> createClient)
{
    private const string Service = "kibana";

    /// <summary>Sends raw bytes (multipart for import, JSON for export) and returns the parsed answer; non-2xx answers are returned, not thrown.</summary>
    public async Task<RestResponse> SendRawAsync(HttpMethod method, string path, ReadOnlyMemory<byte>? body, string contentType, CancellationToken ct, IReadOnlyDictionary<string, string>? headers = null)
    {
        var (status, bytes) = await SendForBytesAsync(method, path, body, contentType, ct, headers).ConfigureAwait(false);
        return new RestResponse((System.Net.HttpStatusCode)status, RestErrorBody.Parse(bytes));
    }

    /// <summary>Sends raw bytes and returns the raw answer bytes (Kibana's NDJSON export is not JSON).</summary>
    public async Task<(int Status, byte[] Body)> SendForBytesAsync(HttpMethod method, string path, ReadOnlyMemory<byte>? body, string contentType, CancellationToken ct, IReadOnlyDictionary<string, string>? headers = null)
    {
        var http = createClient();
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is { } bytes)
        {
            var content = new ReadOnlyMemoryContent(bytes);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            request.Content = content;
        }
        if (headers is not null)
            foreach (var (k, v) in headers) request.Headers.TryAddWithoutValidation(k, v);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false));
        }
        catch (HttpRequestException ex)
        {
            throw new RestException(Service, method, path, 0, null, $"{SecretRedaction.Url(http.BaseAddress?.ToString())}: {ex.Message}", inner: ex);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new RestException(Service, method, path, 0, null, $"{SecretRedaction.Url(http.BaseAddress?.ToString())}: timed out", inner: ex);
        }
    }

    /// <summary>Sends a JSON body (or none) and returns the JSON answer; a non-2xx answer throws with Kibana's reason.</summary>
    public async Task<JsonNode?> SendOrThrowAsync(HttpMethod method, string path, JsonNode? body, CancellationToken ct, string? what = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        var response = await SendRawAsync(method, path, body is null ? null : Encoding.UTF8.GetBytes(body.ToJsonString()), "application/json", ct, headers).ConfigureAwait(false);
        if (!response.IsSuccess) throw ToException(method, path, response, what);
        return response.Body;
    }

    public RestException ToException(HttpMethod method, string path, RestResponse response, string? what = null)
    {
        var (type, reason) = RestErrorBody.Read(response.Body);
        return new RestException(Service, method, path, response.StatusCode, type, reason, what);
    }
}

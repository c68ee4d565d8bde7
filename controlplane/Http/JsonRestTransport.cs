using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Polly;
using Polly.Retry;

namespace ControlPlane.Http;

/// <summary>
/// The one place HTTP calls to Elasticsearch and Kibana go through: JSON in and out, retries with jittered
/// exponential backoff on 429/502/503/504 and connection errors only, and errors that carry the server's reason.
/// Deliberately narrow so Elastic.Transport can replace it.
/// </summary>
public sealed class JsonRestTransport
{
    private static readonly HashSet<HttpStatusCode> Transient =
        [HttpStatusCode.TooManyRequests, HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable, HttpStatusCode.GatewayTimeout];

    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;

    public JsonRestTransport(string service, HttpClient http, RestTransportOptions options, TimeProvider timeProvider)
    {
        Service = service;
        _http = http;
        _retry = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Clamp(options.MaxRetries, 1, 20), // 0 is handled by bypassing the pipeline
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = TimeSpan.FromSeconds(30),
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .HandleResult(r => Transient.Contains(r.StatusCode)),
            })
            .Build();
        RetriesEnabled = options.MaxRetries > 0;
    }

    public string Service { get; }
    private bool RetriesEnabled { get; }

    /// <summary>Sends a JSON body (or none) and returns the answer; non-2xx answers are returned, not thrown.</summary>
    public Task<RestResponse> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken ct, IReadOnlyDictionary<string, string>? headers = null) =>
        SendRawAsync(method, path, body is null ? null : Encoding.UTF8.GetBytes(body.ToJsonString()), "application/json", ct, headers);

    /// <summary>Sends raw bytes (NDJSON for <c>_bulk</c>, multipart for Kibana) with retries.</summary>
    public async Task<RestResponse> SendRawAsync(HttpMethod method, string path, ReadOnlyMemory<byte>? body, string contentType, CancellationToken ct, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var response = await SendWithRetryAsync(method, path, body, contentType, headers, ct).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        JsonNode? json = null;
        if (!string.IsNullOrWhiteSpace(text))
        {
            try { json = JsonNode.Parse(text); }
            catch (JsonException) { json = JsonValue.Create(text); }
        }
        return new RestResponse(response.StatusCode, json);
    }

    /// <summary>Sends raw bytes and returns the raw answer bytes, for hot paths that parse it themselves (<c>_bulk</c>) and non-JSON answers (Kibana's NDJSON export).</summary>
    public async Task<(int Status, byte[] Body)> SendForBytesAsync(HttpMethod method, string path, ReadOnlyMemory<byte>? body, string contentType, CancellationToken ct, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var response = await SendWithRetryAsync(method, path, body, contentType, headers, ct).ConfigureAwait(false);
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false));
    }

    /// <summary>Like <see cref="SendAsync"/> but throws <see cref="RestException"/> on any non-2xx answer.</summary>
    public async Task<JsonNode?> SendOrThrowAsync(HttpMethod method, string path, JsonNode? body, CancellationToken ct, string? what = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        var response = await SendAsync(method, path, body, ct, headers).ConfigureAwait(false);
        if (!response.IsSuccess) throw ToException(method, path, response, what);
        return response.Body;
    }

    public RestException ToException(HttpMethod method, string path, RestResponse response, string? what = null)
    {
        var (type, reason) = ReadError(response.Body);
        return new RestException(Service, method, path, response.StatusCode, type, reason, what);
    }

    /// <summary>Reads Elasticsearch's <c>{"error":{"type","reason"}}</c> or Kibana's <c>{"error","message"}</c>.</summary>
    public static (string? Type, string Reason) ReadError(JsonNode? body)
    {
        if (body is JsonObject o)
        {
            if (o["error"] is JsonObject e)
            {
                var root = e["root_cause"] is JsonArray { Count: > 0 } rc && rc[0] is JsonObject first ? first : e;
                var reason = e["reason"]?.ToString() ?? root["reason"]?.ToString() ?? e.ToJsonString();
                if (e["caused_by"]?["reason"] is { } cause) reason += $" (caused by: {cause})";
                return (e["type"]?.ToString(), reason);
            }
            if (o["message"] is { } m) return (o["error"]?.ToString(), m.ToString());
            if (o["error"] is JsonValue ev) return (null, ev.ToString());
            return (null, o.ToJsonString());
        }
        return (null, body?.ToString() ?? "empty response");
    }

    private async Task<HttpResponseMessage> SendWithRetryAsync(HttpMethod method, string path, ReadOnlyMemory<byte>? body, string contentType, IReadOnlyDictionary<string, string>? headers, CancellationToken ct)
    {
        try
        {
            if (!RetriesEnabled) return await SendOnceAsync(method, path, body, contentType, headers, ct).ConfigureAwait(false);
            return await _retry.ExecuteAsync(
                async token => await SendOnceAsync(method, path, body, contentType, headers, token).ConfigureAwait(false), ct).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new RestException(Service, method, path, 0, null, $"{_http.BaseAddress}: {ex.Message}", inner: ex);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new RestException(Service, method, path, 0, null, $"{_http.BaseAddress}: timed out", inner: ex);
        }
    }

    private Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, string path, ReadOnlyMemory<byte>? body, string contentType, IReadOnlyDictionary<string, string>? headers, CancellationToken ct)
    {
        // A fresh request per attempt: HttpRequestMessage cannot be sent twice.
        var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is { } bytes)
        {
            var content = new ReadOnlyMemoryContent(bytes);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            request.Content = content;
        }
        if (headers is not null)
            foreach (var (k, v) in headers) request.Headers.TryAddWithoutValidation(k, v);
        return _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
    }
}

using System.Globalization;
using System.Text.Json;
using ControlPlane.Elastic;
using ControlPlane.Loading;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ControlPlane.Http;

namespace ControlPlane.Bench;

/// <summary>
/// The bench's stand-in for Elasticsearch: a Kestrel server on 127.0.0.1 that answers every request the loader makes
/// as Elasticsearch does — <c>GET /</c>, the state document (<c>_doc</c>/<c>_create</c> with seq_no and primary_term
/// conditions), the aliases the transform trigger resolves, <c>_bulk</c>, <c>_refresh</c>, <c>_schedule_now</c> and
/// the fraud searches, answered from what was indexed — plus <c>GET _bench/stats</c>, what it received.
/// Writes are searchable at once (as if every request were followed by a refresh). It runs in its own process
/// (<c>bench sink</c>) so its memory never counts in the loader's peak.
/// </summary>
public sealed class SinkServer : IAsyncDisposable
{
    public const string StatsPath = "_bench/stats";

    private readonly WebApplication _app;
    private readonly SinkStore _store = new();

    private SinkServer(WebApplication app)
    {
        _app = app;
        app.Run(HandleAsync);
    }

    public Uri Url { get; private set; } = null!;

    public static async Task<SinkServer> StartAsync(int port, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        // Elasticsearch takes bodies up to http.max_content_length, 100 MB by default.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 100 * 1024 * 1024);
        var sink = new SinkServer(builder.Build());
        await sink._app.StartAsync(ct).ConfigureAwait(false);
        sink.Url = ListeningAddress.BaseUri(sink._app.Services);
        return sink;
    }

    /// <summary>What was received so far (in process; another process reads <see cref="StatsPath"/>).</summary>
    public SinkStats Stats()
    {
        lock (_store.Sync) return _store.Snapshot();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var body = await ReadBodyAsync(request, context.RequestAborted).ConfigureAwait(false);
        var path = request.Path.Value?.Trim('/') ?? "";
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        using var answer = Route(request.Method, segments, request.Query, body.Slice(0, body.Length));
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = answer.Body.Length;
        context.Response.Headers["X-elastic-product"] = "Elasticsearch";
        await context.Response.Body.WriteAsync(answer.Body.Slice(0, answer.Body.Length), context.RequestAborted).ConfigureAwait(false);
    }

    private SinkAnswer Route(string method, string[] s, IQueryCollection query, ReadOnlyMemory<byte> body)
    {
        var read = method is "GET" or "HEAD";
        var write = method is "POST" or "PUT";
        return s switch
        {
            [] when read => ClusterInfo(),
            ["_bench", "stats"] when read => StatsAnswer(),
            ["_bulk"] when write => SinkBulk.Run(_store, null, body, query["filter_path"]),
            [var index, "_bulk"] when write => SinkBulk.Run(_store, index, body, query["filter_path"]),
            [var indices, "_search"] when read || write => SinkSearch.Run(_store, indices, body, Flag(query, "ignore_unavailable")),
            ["_refresh"] or [_, "_refresh"] when read || write => Refreshed(),
            ["_alias", var name] when read => Alias(name),
            [_, "_alias", var name] when read => Alias(name),
            [var index, "_doc", var id] when read => GetDocument(index, id),
            [var index, "_doc", var id] when write => PutDocument(index, id, body, create: query["op_type"] == "create", query),
            [var index, "_create", var id] when write => PutDocument(index, id, body, create: true, query),
            ["_transform", _, "_schedule_now"] when method == "POST" => ScheduledNow(),
            _ => SinkAnswer.Error(400, "no_handler_found_exception", $"no handler found for uri [/{string.Join('/', s)}] and method [{method}]"),
        };
    }

    private static SinkAnswer ClusterInfo() => SinkAnswer.Json(200, json =>
    {
        json.WriteStartObject();
        json.WriteString("name", "bench-sink");
        json.WriteString("cluster_name", "bench-sink");
        json.WriteStartObject("version");
        json.WriteString("number", "9.5.5");
        json.WriteString("build_flavor", "default");
        json.WriteEndObject();
        json.WriteString("tagline", "You Know, for Search");
        json.WriteEndObject();
    });

    private SinkAnswer StatsAnswer()
    {
        var stats = Stats();
        return SinkAnswer.Json(200, json => JsonSerializer.Serialize(json, stats, SinkStats.Json));
    }

    private SinkAnswer Refreshed()
    {
        lock (_store.Sync) _store.CountRefresh();
        return SinkAnswer.Json(200, json =>
        {
            json.WriteStartObject();
            SinkAnswer.WriteShards(json);
            json.WriteEndObject();
        });
    }

    /// <summary><c>GET _alias/NAME</c>: <c>{"NAME-v1":{"aliases":{"NAME":{}}}}</c> for our names, 404 for others.</summary>
    private static SinkAnswer Alias(string name)
    {
        if (SinkIndices.Alias(name) != name)
            return SinkAnswer.Json(404, json =>
            {
                json.WriteStartObject();
                json.WriteString("error", $"alias [{name}] missing");
                json.WriteNumber("status", 404);
                json.WriteEndObject();
            });
        return SinkAnswer.Json(200, json =>
        {
            json.WriteStartObject();
            json.WriteStartObject(SinkIndices.Concrete(name));
            json.WriteStartObject("aliases");
            json.WriteStartObject(name);
            if (name is not (IndexNames.DailyAov or IndexNames.WeeklyAov)) json.WriteBoolean("is_write_index", true);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        });
    }

    private SinkAnswer GetDocument(string index, string id)
    {
        var concrete = SinkIndices.Concrete(index);
        SinkDocument? document;
        lock (_store.Sync)
        {
            _store.CountDocumentRead();
            document = _store.Documents.Get(concrete, id);
        }
        return SinkAnswer.Json(document is null ? 404 : 200, json =>
        {
            json.WriteStartObject();
            json.WriteString("_index", concrete);
            json.WriteString("_id", id);
            if (document is not null)
            {
                json.WriteNumber("_version", document.Version);
                json.WriteNumber("_seq_no", document.SeqNo);
                json.WriteNumber("_primary_term", SinkDocuments.PrimaryTerm);
            }
            json.WriteBoolean("found", document is not null);
            if (document is not null)
            {
                json.WritePropertyName("_source");
                json.WriteRawValue(document.Source, skipInputValidation: true);
            }
            json.WriteEndObject();
        }, 256 + (document?.Source.Length ?? 0));
    }

    private SinkAnswer PutDocument(string index, string id, ReadOnlyMemory<byte> body, bool create, IQueryCollection query)
    {
        var concrete = SinkIndices.Concrete(index);
        try
        {
            using var parsed = JsonDocument.Parse(body);
            if (parsed.RootElement.ValueKind != JsonValueKind.Object) throw new JsonException("the document is not an object");
        }
        catch (JsonException ex)
        {
            return SinkAnswer.Error(400, "document_parsing_exception", $"[1:1] failed to parse: {ex.Message}");
        }
        (int Status, SinkDocument? Stored, string? Conflict) written;
        lock (_store.Sync)
        {
            _store.CountDocumentWrite();
            written = _store.Documents.Write(concrete, id, body.ToArray(), create, Number(query, "if_seq_no"), Number(query, "if_primary_term"));
        }
        if (written.Stored is not { } stored) return SinkAnswer.Error(409, "version_conflict_engine_exception", written.Conflict!);
        return SinkAnswer.Json(written.Status, json =>
        {
            json.WriteStartObject();
            json.WriteString("_index", concrete);
            json.WriteString("_id", id);
            json.WriteNumber("_version", stored.Version);
            json.WriteString("result", written.Status == 201 ? "created" : "updated");
            SinkAnswer.WriteShards(json);
            json.WriteNumber("_seq_no", stored.SeqNo);
            json.WriteNumber("_primary_term", SinkDocuments.PrimaryTerm);
            json.WriteEndObject();
        });
    }

    private SinkAnswer ScheduledNow()
    {
        lock (_store.Sync) _store.CountTransformScheduled();
        return SinkAnswer.Acknowledged();
    }

    private static async Task<PooledBuffer> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        var buffer = new PooledBuffer((int)Math.Clamp(request.ContentLength ?? 4096, 256, 100 * 1024 * 1024));
        try
        {
            while (true)
            {
                var read = await request.Body.ReadAsync(buffer.GetMemory(16 * 1024), ct).ConfigureAwait(false);
                if (read == 0) return buffer;
                buffer.Advance(read);
            }
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    private static bool Flag(IQueryCollection query, string name) => query.TryGetValue(name, out var v) && v.ToString() is "" or "true";

    private static long? Number(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var v) && long.TryParse(v.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
}

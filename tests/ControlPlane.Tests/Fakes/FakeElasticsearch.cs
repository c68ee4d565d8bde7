using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ControlPlane.Http;

namespace ControlPlane.Tests.Fakes;

/// <summary>
/// An in-process Elasticsearch on Kestrel (127.0.0.1, random port) that speaks the subset of the REST API the
/// control plane uses, with Elasticsearch's status codes and error bodies. State lives in memory.
/// Partial files add areas: documents and search (<c>.Documents.cs</c>), templates/pipelines/transforms (<c>.Management.cs</c>).
/// Faults are scripted: <see cref="FailNext"/> answers a request with a status, <see cref="BulkItemFault"/> fails single bulk items.
/// </summary>
public sealed partial class FakeElasticsearch : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<Route> _routes = [];
    private readonly ConcurrentQueue<ScriptedFault> _faults = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    /// <summary>Guards all in-memory state; handlers are small, so one lock keeps the fake simple and consistent.</summary>
    internal readonly Lock Sync = new();

    private FakeElasticsearch(WebApplication app, string version)
    {
        _app = app;
        Version = version;
        RegisterDocumentRoutes();
        RegisterManagementRoutes();
        RegisterLoaderRoutes();
        RegisterSecurityRoutes();
        // GET / as Elasticsearch 9 answers it, every field of the spec's InfoResponse / ElasticsearchVersionInfo
        // (elasticsearch-specification specification/_global/info/InfoResponse.ts), which the official client reads.
        Map("GET", "", _ => Ok(new JsonObject
        {
            ["name"] = "fake-node", ["cluster_name"] = "fake-cluster", ["cluster_uuid"] = "fake-cluster-uuid",
            ["version"] = new JsonObject
            {
                ["number"] = Version, ["build_flavor"] = "default", ["build_type"] = "docker", ["build_hash"] = "0000000",
                ["build_date"] = "2026-10-01T00:00:00.000Z", ["build_snapshot"] = false, ["lucene_version"] = "10.3.0",
                ["minimum_wire_compatibility_version"] = "8.19.0", ["minimum_index_compatibility_version"] = "8.0.0",
            },
            ["tagline"] = "You Know, for Search",
        }));
    }

    /// <summary>Leaves out <c>X-Elastic-Product</c>, as a server that is not Elasticsearch (or a proxy that strips it) answers.</summary>
    public bool ActsAsAnotherProduct { get; set; }

    /// <summary>The version <c>GET /</c> reports.</summary>
    public string Version { get; set; }
    public Uri Url { get; private set; } = null!;
    /// <summary>Every request received, in order (faulted ones included).</summary>
    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();
    /// <summary>Called for each bulk item before it is applied; a non-null answer fails that item with (status, type, reason).</summary>
    public Func<BulkItemContext, (int Status, string Type, string Reason)?>? BulkItemFault { get; set; }

    /// <summary>Raised after each request was answered (its answer reflects the state before anything that follows): lets a test order a write after a search.</summary>
    public event Action<RecordedRequest>? Answered;

    /// <summary>The version of the compose file and the live suite (docker-compose.yml, STACK_VERSION).</summary>
    public const string DefaultVersion = "9.5.5";

    public static async Task<FakeElasticsearch> StartAsync(string version = DefaultVersion)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeElasticsearch(app, version);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.Url = ListeningAddress.BaseUri(app.Services);
        return fake;
    }

    /// <summary>The next <paramref name="times"/> requests matching method and path prefix get this status and an ES error body.</summary>
    public void FailNext(string method, string pathPrefix, int status, int times = 1, string type = "fake_failure", string reason = "scripted failure")
    {
        for (var i = 0; i < times; i++) _faults.Enqueue(new ScriptedFault(method, pathPrefix.TrimStart('/'), status, type, reason));
    }

    public int CountRequests(string method, string pathPrefix) =>
        Requests.Count(r => r.Method == method && r.Path.StartsWith(pathPrefix.TrimStart('/'), StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    // ---- routing ---------------------------------------------------------------------------------------------

    /// <summary>Adds a route; <paramref name="pattern"/> segments like <c>{index}</c> bind, <c>_doc</c> must match literally.</summary>
    internal void Map(string method, string pattern, Func<FakeRequest, FakeResponse> handler) =>
        _routes.Add(new Route(method, pattern.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries), handler));

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var path = Uri.UnescapeDataString(context.Request.Path.Value?.Trim('/') ?? "");
        var method = context.Request.Method;
        var query = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        var recorded = new RecordedRequest(method, path, query, body, context.Request.Headers.Authorization.ToString(),
            context.Request.Headers.Accept.ToString(), context.Request.ContentType ?? "");
        _requests.Enqueue(recorded);

        FakeResponse response;
        if (MediaTypeProblem(context.Request) is { } mediaProblem)
            response = Error(400, "media_type_header_exception", mediaProblem);
        else if (TakeFault(method, path) is { } fault)
            response = Error(fault.Status, fault.Type, fault.Reason);
        else if (CheckSchema(method, path, body) is { } violation)
            response = Error(400, "x_content_parse_exception", violation);
        else
        {
            var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            response = Error(404, "no_handler_found_exception", $"no handler found for uri [/{path}] and method [{method}]", 400);
            foreach (var route in _routes)
            {
                if (!route.TryMatch(method == "HEAD" ? "GET" : method, segments, out var values)) continue;
                try
                {
                    response = route.Handler(new FakeRequest(method, path, values, query, body));
                }
                catch (FakeError e)
                {
                    response = Error(e.Status, e.Type, e.Message);
                }
                catch (ControlPlane.ElasticRules.QueryParsingException e)
                {
                    response = Error(400, e.Type, e.Message);
                }
                catch (System.Text.Json.JsonException e)
                {
                    response = Error(400, "x_content_parse_exception", "[1:1] failed to parse: " + e.Message);
                }
                break;
            }
        }
        // filter_path (the shared rules, ControlPlane.ElasticRules.FilterPath); error answers are not filtered.
        if (query.TryGetValue("filter_path", out var filterPath) && response.Status is >= 200 and < 300 && response.Body is { Length: > 0 } json && response.ContentType == "application/json")
        {
            try
            {
                response = response with { Body = ControlPlane.ElasticRules.FilterPath.Parse(filterPath).Apply(System.Text.Json.Nodes.JsonNode.Parse(json))!.ToJsonString() };
            }
            catch (ControlPlane.ElasticRules.QueryParsingException e)
            {
                response = Error(400, e.Type, e.Message);
            }
        }
        context.Response.StatusCode = response.Status;
        // Elasticsearch names itself on every answer (since 7.14); the official clients check this header (the product check).
        if (!ActsAsAnotherProduct) context.Response.Headers["X-Elastic-Product"] = "Elasticsearch";
        context.Response.ContentType = AnswerContentType(context.Request, response.ContentType);
        if (method != "HEAD" && response.Body is not null) await context.Response.WriteAsync(response.Body);
        Answered?.Invoke(recorded);
    }

    // ---- REST API compatibility (media types) -----------------------------------------------------------------
    // The official 9.x client sends Accept and Content-Type "application/vnd.elasticsearch+json;compatible-with=9"
    // (x-ndjson for _bulk). Elasticsearch accepts a compatible-with of its own major or the one before, answers in the
    // same vendor type, and refuses any other version with 400 media_type_header_exception (server RestRequest /
    // RestCompatibleVersionHelper; https://www.elastic.co/docs/reference/elasticsearch/rest-apis/compatibility).

    private static readonly System.Text.RegularExpressions.Regex CompatibleWith =
        new(@"^application/vnd\.elasticsearch\+(json|x-ndjson)\s*;\s*compatible-with=(\d+)", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    private string? MediaTypeProblem(HttpRequest request)
    {
        var major = int.Parse(Version.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture);
        var failed = new List<string>();
        foreach (var (name, value) in new[] { ("Accept", request.Headers.Accept.ToString()), ("Content-Type", request.ContentType ?? "") })
        {
            if (!value.Contains("vnd.elasticsearch", StringComparison.OrdinalIgnoreCase)) continue;
            var match = CompatibleWith.Match(value);
            if (!match.Success || int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) is var wanted && (wanted > major || wanted < major - 1))
                failed.Add(name);
        }
        return failed.Count == 0 ? null : $"Invalid media-type value on headers [{string.Join(", ", failed)}]";
    }

    /// <summary>A compatible-with request is answered in the vendor JSON type it asked for; any other in plain JSON.</summary>
    private static string AnswerContentType(HttpRequest request, string contentType)
    {
        var match = CompatibleWith.Match(request.Headers.Accept.ToString());
        return match.Success && contentType == "application/json" ? $"application/vnd.elasticsearch+json;compatible-with={match.Groups[2].Value}" : contentType;
    }

    private ScriptedFault? TakeFault(string method, string path)
    {
        // Faults are consumed in order; a fault for another request stays queued.
        lock (Sync)
        {
            var all = new List<ScriptedFault>();
            ScriptedFault? hit = null;
            while (_faults.TryDequeue(out var f))
            {
                if (hit is null && f.Method == method && path.StartsWith(f.PathPrefix, StringComparison.Ordinal)) hit = f;
                else all.Add(f);
            }
            foreach (var f in all) _faults.Enqueue(f);
            return hit;
        }
    }

    // ---- answers ---------------------------------------------------------------------------------------------

    internal static FakeResponse Ok(JsonNode body, int status = 200) => new(status, body.ToJsonString());
    internal static FakeResponse Acknowledged() => Ok(new JsonObject { ["acknowledged"] = true });

    /// <summary>Elasticsearch's error body: <c>{"error":{"root_cause":[…],"type","reason"},"status"}</c>.</summary>
    internal static FakeResponse Error(int status, string type, string reason, int? overrideStatus = null)
    {
        var s = overrideStatus ?? status;
        var cause = new JsonObject { ["type"] = type, ["reason"] = reason };
        return Ok(new JsonObject
        {
            ["error"] = new JsonObject { ["root_cause"] = new JsonArray(cause), ["type"] = type, ["reason"] = reason },
            ["status"] = s,
        }, s);
    }

    internal static FakeError NotFound(string type, string reason) => new(404, type, reason);
    internal static FakeError BadRequest(string reason, string type = "illegal_argument_exception") => new(400, type, reason);

    private sealed record ScriptedFault(string Method, string PathPrefix, int Status, string Type, string Reason);

    private sealed record Route(string Method, string[] Pattern, Func<FakeRequest, FakeResponse> Handler)
    {
        public bool TryMatch(string method, string[] segments, out Dictionary<string, string> values)
        {
            values = [];
            if (method != Method || segments.Length != Pattern.Length) return false;
            for (var i = 0; i < Pattern.Length; i++)
            {
                var p = Pattern[i];
                if (p.StartsWith('{')) { if (segments[i].StartsWith('_') && p != "{any}") return false; values[p.Trim('{', '}')] = segments[i]; }
                else if (p != segments[i]) return false;
            }
            return true;
        }
    }
}

/// <summary>A request as the fake saw it.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, string Body, string Authorization,
    string Accept = "", string ContentType = "")
{
    public JsonNode? Json => string.IsNullOrWhiteSpace(Body) ? null : JsonNode.Parse(Body);
}

/// <summary>A matched request: route values, query string and body.</summary>
public sealed record FakeRequest(string Method, string Path, IReadOnlyDictionary<string, string> Values, IReadOnlyDictionary<string, string> Query, string Body)
{
    public string this[string name] => Values[name];
    public string? Param(string name) => Query.TryGetValue(name, out var v) ? v : null;
    public JsonObject JsonBody => string.IsNullOrWhiteSpace(Body) ? new JsonObject() : JsonNode.Parse(Body) as JsonObject ?? throw new FakeError(400, "parse_exception", "request body must be an object");
}

public sealed record FakeResponse(int Status, string? Body, string ContentType = "application/json");

/// <summary>Thrown by handlers to answer with an Elasticsearch error.</summary>
public sealed class FakeError(int status, string type, string reason) : Exception(reason)
{
    public int Status { get; } = status;
    public string Type { get; } = type;
}

/// <summary>What <see cref="FakeElasticsearch.BulkItemFault"/> sees: the item and how many times this id was tried.</summary>
public sealed record BulkItemContext(string Action, string Index, string Id, JsonObject? Source, int Attempt);

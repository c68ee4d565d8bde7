using System.Collections.Concurrent;
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
/// An in-process Kibana on Kestrel (127.0.0.1, random port) with the saved-objects API the control plane uses:
/// <c>[s/SPACE/]api/saved_objects/_import</c> (multipart NDJSON; answers success, <c>missing_references</c>,
/// <c>conflict</c>, <c>unsupported_type</c> the way Kibana 8.x does) and <c>_export</c> (NDJSON plus the summary line;
/// a missing object fails the whole export with 400 "Error fetching objects to export", as Kibana does).
/// Stored objects get what Kibana adds on import (namespaces, timestamps, version, managed), and are exported with
/// their keys in another order, so drift has to be judged on meaning, not on bytes.
/// Advanced settings per space: <c>GET [s/SPACE/]api/kibana/settings</c> answers <c>{"settings": {name: {"userValue": v}}}</c>
/// with only the settings set in that space, and <c>POST</c> with <c>{"changes": {…}}</c> sets those (a null value removes
/// one) and answers the same shape, as Kibana does (elastic/kibana src/core/packages/ui-settings/server-internal/src/routes/
/// get.ts and set_many.ts: <c>uiSettingsClient.getUserProvided()</c> / <c>setMany(changes)</c>; a body without
/// <c>changes</c> is a 400 from the route's schema). Kibana itself adds a <c>buildNum</c> setting to every space; so does the fake.
/// </summary>
public sealed class FakeKibana : IAsyncDisposable
{
    private static readonly HashSet<string> SupportedTypes = ["index-pattern", "lens", "dashboard", "visualization", "search", "config", "tag", "map"];
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedKibanaRequest> _requests = new();
    private readonly Dictionary<(string Space, string Type, string Id), JsonObject> _objects = [];
    private readonly Dictionary<string, Dictionary<string, JsonNode>> _settings = [];
    private readonly Lock _sync = new();
    private int _version;

    private FakeKibana(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;
    public IReadOnlyList<RecordedKibanaRequest> Requests => _requests.ToArray();

    /// <summary>The version and overall level <c>GET api/status</c> reports. Defaults to 8.15.0 (the fake Elasticsearch's default), available.</summary>
    public (string Version, string Level) StatusInfo { get; set; } = (FakeElasticsearch.DefaultVersion, "available");

    /// <summary>Called per imported object before it is stored; a non-null answer is that object's <c>error</c> (e.g. <c>{"type":"unknown","message":…}</c>).</summary>
    public Func<JsonObject, JsonObject?>? ImportFault { get; set; }

    /// <summary>The next <paramref name="times"/> requests are answered with <paramref name="status"/> and Kibana's error body (a busy or restarting Kibana).</summary>
    public void FailNext(int status, int times = 1)
    {
        for (var i = 0; i < times; i++) _faults.Enqueue(status);
    }

    private readonly ConcurrentQueue<int> _faults = new();

    public static async Task<FakeKibana> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeKibana(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.Url = ListeningAddress.BaseUri(app.Services);
        return fake;
    }

    /// <summary>The stored object, as Kibana keeps it (with its own fields), or null.</summary>
    public JsonObject? Get(string type, string id, string space = "default")
    {
        lock (_sync) return _objects.TryGetValue((space, type, id), out var o) ? (JsonObject)o.DeepClone() : null;
    }

    public IReadOnlyList<JsonObject> ObjectsIn(string space = "default")
    {
        lock (_sync) return _objects.Where(kv => kv.Key.Space == space).Select(kv => (JsonObject)kv.Value.DeepClone()).ToList();
    }

    /// <summary>Changes a stored object in place, as a user editing it in Kibana would.</summary>
    public void Edit(string type, string id, Action<JsonObject> edit, string space = "default")
    {
        lock (_sync) edit(_objects[(space, type, id)]);
    }

    public void Delete(string type, string id, string space = "default")
    {
        lock (_sync) _objects.Remove((space, type, id));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value?.Trim('/') ?? "";
        var space = "default";
        if (path.StartsWith("s/", StringComparison.Ordinal))
        {
            var parts = path.Split('/', 3);
            space = parts[1];
            path = parts.Length > 2 ? parts[2] : "";
        }
        var xsrf = context.Request.Headers["kbn-xsrf"].ToString();
        string body;
        string? file = null;
        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync();
            var upload = form.Files["file"];
            if (upload is not null)
            {
                using var reader = new StreamReader(upload.OpenReadStream(), Encoding.UTF8);
                file = await reader.ReadToEndAsync();
            }
            body = file ?? "";
        }
        else
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync();
        }
        _requests.Enqueue(new RecordedKibanaRequest(context.Request.Method, space, path, context.Request.QueryString.Value ?? "", xsrf, body, context.Request.ContentType ?? ""));

        (int Status, string Body, string ContentType) answer;
        if (_faults.TryDequeue(out var faultStatus))
            answer = Error(faultStatus, faultStatus == 429 ? "Too Many Requests" : "Service Unavailable", "scripted failure");
        else if (context.Request.Method == "POST" && string.IsNullOrEmpty(xsrf))
            answer = Error(400, "Bad Request", "Request must contain a kbn-xsrf header.");
        else answer = (context.Request.Method, path) switch
        {
            ("POST", "api/saved_objects/_import") when file is null => Error(400, "Bad Request", "[request body.file]: expected value of type [Stream] but got [undefined]"),
            ("POST", "api/saved_objects/_import") => Import(space, file, context.Request.Query["overwrite"] == "true"),
            ("POST", "api/saved_objects/_export") => Export(space, JsonNode.Parse(body)!.AsObject()),
            ("GET", "api/status") => Status(),
            ("GET", "api/kibana/settings") => Settings(space, null),
            ("POST", "api/kibana/settings") => JsonNode.Parse(body) is JsonObject { } request && request["changes"] is JsonObject changes
                ? Settings(space, changes)
                : Error(400, "Bad Request", "[request body.changes]: expected value of type [object] but got [undefined]"),
            _ => Error(404, "Not Found", "Not Found"),
        };
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = answer.ContentType;
        await context.Response.WriteAsync(answer.Body);
    }

    /// <summary>
    /// <c>GET api/status</c> as Kibana 8.x answers it (https://www.elastic.co/docs/api/doc/kibana/operation/operation-get-status):
    /// name, uuid, version (number, build_hash, build_number, build_snapshot, build_flavor, build_date) and status.overall.level.
    /// </summary>
    private (int, string, string) Status() => (200, new JsonObject
    {
        ["name"] = "fake-kibana", ["uuid"] = "5b2de169-2785-441b-ae8c-186a1936b17d",
        ["version"] = new JsonObject
        {
            ["number"] = StatusInfo.Version, ["build_hash"] = "0000000", ["build_number"] = 1, ["build_snapshot"] = false,
            ["build_flavor"] = "traditional", ["build_date"] = "2026-01-01T00:00:00.000Z",
        },
        ["status"] = new JsonObject
        {
            ["overall"] = new JsonObject { ["level"] = StatusInfo.Level, ["summary"] = $"All services are {StatusInfo.Level}" },
            ["core"] = new JsonObject(), ["plugins"] = new JsonObject(),
        },
    }.ToJsonString(), "application/json");

    private (int, string, string) Import(string space, string ndjson, bool overwrite)
    {
        lock (_sync)
        {
            var incoming = ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
            var inFile = incoming.Select(o => (Type: o["type"]!.ToString(), Id: o["id"]!.ToString())).ToHashSet();
            var errors = new JsonArray();
            var successes = new JsonArray();
            foreach (var o in incoming)
            {
                var type = o["type"]!.ToString();
                var id = o["id"]!.ToString();
                var title = o["attributes"]?["title"]?.ToString();
                JsonObject? error = null;
                if (!SupportedTypes.Contains(type)) error = new JsonObject { ["type"] = "unsupported_type" };
                else if (ImportFault?.Invoke(o) is { } scripted) error = scripted;
                else
                {
                    var missing = (o["references"] as JsonArray ?? []).OfType<JsonObject>()
                        .Select(r => (Type: r["type"]!.ToString(), Id: r["id"]!.ToString()))
                        .Where(r => !inFile.Contains(r) && !_objects.ContainsKey((space, r.Type, r.Id))).Distinct().ToList();
                    if (missing.Count > 0)
                        error = new JsonObject
                        {
                            ["type"] = "missing_references",
                            ["references"] = new JsonArray(missing.Select(m => (JsonNode)new JsonObject { ["type"] = m.Type, ["id"] = m.Id }).ToArray()),
                        };
                    else if (!overwrite && _objects.ContainsKey((space, type, id)))
                        error = new JsonObject { ["type"] = "conflict" };
                }
                var meta = new JsonObject { ["title"] = title, ["icon"] = type == "dashboard" ? "dashboardApp" : "visualizeApp" };
                if (error is not null)
                {
                    errors.Add(new JsonObject { ["id"] = id, ["type"] = type, ["title"] = title, ["meta"] = meta, ["error"] = error });
                    continue;
                }
                Store(space, o);
                successes.Add(new JsonObject { ["type"] = type, ["id"] = id, ["meta"] = meta, ["overwrite"] = overwrite });
            }
            var answer = new JsonObject { ["successCount"] = successes.Count, ["success"] = errors.Count == 0, ["warnings"] = new JsonArray() };
            if (errors.Count > 0) answer["errors"] = errors;
            answer["successResults"] = successes;
            return (200, answer.ToJsonString(), "application/json");
        }
    }

    /// <summary>Stores an object the way Kibana keeps it: its fields plus Kibana's own, keys in Kibana's order, not ours.</summary>
    private void Store(string space, JsonObject o)
    {
        var now = "2026-01-02T03:04:05.678Z";
        var key = (space, o["type"]!.ToString(), o["id"]!.ToString());
        var created = _objects.TryGetValue(key, out var existing) ? existing["created_at"]!.ToString() : now;
        var stored = new JsonObject
        {
            ["id"] = key.Item3, ["type"] = key.Item2, ["namespaces"] = new JsonArray(space),
            ["updated_at"] = now, ["created_at"] = created, ["version"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"[{++_version},1]")),
        };
        foreach (var (k, v) in o.Reverse()) if (k is not ("id" or "type")) stored[k] = v?.DeepClone();
        stored["managed"] ??= false;
        stored["coreMigrationVersion"] ??= "8.8.0";
        _objects[key] = stored;
    }

    private (int, string, string) Export(string space, JsonObject request)
    {
        lock (_sync)
        {
            var wanted = (request["objects"] as JsonArray ?? []).OfType<JsonObject>().Select(o => (Type: o["type"]!.ToString(), Id: o["id"]!.ToString())).ToList();
            var missing = wanted.Where(w => !_objects.ContainsKey((space, w.Type, w.Id))).ToList();
            if (missing.Count > 0)
            {
                var objects = new JsonArray(missing.Select(m => (JsonNode)new JsonObject
                {
                    ["id"] = m.Id, ["type"] = m.Type,
                    ["error"] = new JsonObject { ["statusCode"] = 404, ["error"] = "Not Found", ["message"] = $"Saved object [{m.Type}/{m.Id}] not found" },
                }).ToArray());
                var error = new JsonObject { ["statusCode"] = 400, ["error"] = "Bad Request", ["message"] = "Error fetching objects to export", ["attributes"] = new JsonObject { ["objects"] = objects } };
                return (400, error.ToJsonString(), "application/json");
            }
            var lines = wanted.Select(w => _objects[(space, w.Type, w.Id)].ToJsonString()).ToList();
            if (request["excludeExportDetails"]?.GetValue<bool>() != true)
                lines.Add(new JsonObject { ["excludedObjects"] = new JsonArray(), ["excludedObjectsCount"] = 0, ["exportedCount"] = wanted.Count, ["missingRefCount"] = 0, ["missingReferences"] = new JsonArray() }.ToJsonString());
            return (200, string.Join("\n", lines), "application/ndjson");
        }
    }

    /// <summary>The settings a user set in a space (and, when <paramref name="changes"/> is given, sets those first).</summary>
    private (int, string, string) Settings(string space, JsonObject? changes)
    {
        lock (_sync)
        {
            if (!_settings.TryGetValue(space, out var values)) _settings[space] = values = new(StringComparer.Ordinal) { ["buildNum"] = JsonValue.Create(90000)! };
            foreach (var (name, value) in changes ?? [])
                if (value is null) values.Remove(name); else values[name] = value.DeepClone();
            var settings = new JsonObject(values.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)new JsonObject { ["userValue"] = kv.Value.DeepClone() })));
            return (200, new JsonObject { ["settings"] = settings }.ToJsonString(), "application/json");
        }
    }

    /// <summary>An advanced setting's value in a space as a user would set it in Stack Management, or null when unset.</summary>
    public JsonNode? Setting(string name, string space = "default")
    {
        lock (_sync) return _settings.TryGetValue(space, out var values) && values.TryGetValue(name, out var v) ? v.DeepClone() : null;
    }

    /// <summary>Sets an advanced setting as a user editing Advanced Settings would.</summary>
    public void SetSetting(string name, JsonNode value, string space = "default") => Settings(space, new JsonObject { [name] = value.DeepClone() });

    /// <summary>Kibana's (hapi's) error body: <c>{"statusCode","error","message"}</c>.</summary>
    private static (int, string, string) Error(int status, string error, string message) =>
        (status, new JsonObject { ["statusCode"] = status, ["error"] = error, ["message"] = message }.ToJsonString(), "application/json");
}

/// <summary>A request as the fake Kibana saw it; <see cref="Body"/> is the uploaded file for an import.</summary>
public sealed record RecordedKibanaRequest(string Method, string Space, string Path, string Query, string Xsrf, string Body, string ContentType);

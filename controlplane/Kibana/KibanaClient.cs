using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ControlPlane.Http;

namespace ControlPlane.Kibana;

/// <summary>
/// The saved-objects subset of Kibana's HTTP API, over <see cref="KibanaHttp"/>: <c>_import</c> and <c>_export</c>,
/// and the advanced settings (<c>api/kibana/settings</c>), in the default space or in <c>s/&lt;space&gt;/</c>. Every call
/// carries <c>kbn-xsrf</c>, which Kibana requires on writes.
/// </summary>
public sealed partial class KibanaClient(KibanaHttp transport)
{
    private static readonly IReadOnlyDictionary<string, string> XsrfHeader = new Dictionary<string, string> { ["kbn-xsrf"] = "true" };

    /// <summary><c>POST [s/SPACE/]api/saved_objects/_import?overwrite=true</c> with the NDJSON as the multipart file.</summary>
    public async Task<KibanaImportResult> ImportAsync(ReadOnlyMemory<byte> ndjson, string? space, CancellationToken ct)
    {
        var path = SpacePrefix(space) + "api/saved_objects/_import?overwrite=true";
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(ndjson.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/ndjson");
        form.Add(file, "file", "kibana-saved-objects.ndjson");
        var body = await form.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        var response = await transport.SendRawAsync(HttpMethod.Post, path, body, form.Headers.ContentType!.ToString(), ct, XsrfHeader).ConfigureAwait(false);
        if (!response.IsSuccess || response.Body is not JsonObject answer)
            throw transport.ToException(HttpMethod.Post, path, response, "importing saved objects");
        var errors = (answer["errors"] as JsonArray ?? []).OfType<JsonObject>().Select(ReadImportError).ToList();
        return new KibanaImportResult(answer["success"]?.GetValue<bool>() ?? errors.Count == 0, answer["successCount"]?.GetValue<int>() ?? 0, errors);
    }

    /// <summary>
    /// <c>POST [s/SPACE/]api/saved_objects/_export</c> of exactly these objects (no referenced objects added).
    /// Kibana refuses a whole export when one object is missing (400 "Error fetching objects to export"); those
    /// objects are reported as missing and the rest exported again.
    /// </summary>
    public async Task<KibanaExport> ExportAsync(IReadOnlyCollection<SavedObjectKey> keys, string? space, CancellationToken ct)
    {
        var path = SpacePrefix(space) + "api/saved_objects/_export";
        var wanted = keys.Distinct().ToList();
        var missing = new List<SavedObjectKey>();
        while (wanted.Count > 0)
        {
            var request = new JsonObject
            {
                ["objects"] = new JsonArray(wanted.Select(k => (JsonNode)new JsonObject { ["type"] = k.Type, ["id"] = k.Id }).ToArray()),
                ["includeReferencesDeep"] = false,
                ["excludeExportDetails"] = false,
            };
            var (status, bytes) = await transport.SendForBytesAsync(HttpMethod.Post, path, Encoding.UTF8.GetBytes(request.ToJsonString()), "application/json", ct, XsrfHeader).ConfigureAwait(false);
            if (status is >= 200 and < 300) return new KibanaExport(ParseExport(bytes), missing);

            var error = ParseJson(bytes);
            var notFound = NotFoundObjects(error);
            if (status != 400 || notFound.Count == 0 || notFound.Any(k => !wanted.Contains(k)))
                throw transport.ToException(HttpMethod.Post, path, new RestResponse((System.Net.HttpStatusCode)status, error), "exporting saved objects");
            missing.AddRange(notFound);
            wanted.RemoveAll(notFound.Contains);
        }
        return new KibanaExport([], missing);
    }

    /// <summary>
    /// <c>GET [s/SPACE/]api/kibana/settings</c>: the advanced settings set in that space, by name, each as Kibana's
    /// <c>{"userValue": …}</c> (Kibana's <c>uiSettingsClient.getUserProvided()</c>; elastic/kibana
    /// src/core/packages/ui-settings/server-internal/src/routes/get.ts).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, JsonNode?>> GetSettingsAsync(string? space, CancellationToken ct)
    {
        var path = SpacePrefix(space) + "api/kibana/settings";
        var answer = await transport.SendOrThrowAsync(HttpMethod.Get, path, null, ct, "reading Kibana advanced settings", XsrfHeader).ConfigureAwait(false);
        return (answer?["settings"] as JsonObject ?? []).ToDictionary(kv => kv.Key, kv => kv.Value?["userValue"]?.DeepClone(), StringComparer.Ordinal);
    }

    /// <summary>
    /// <c>POST [s/SPACE/]api/kibana/settings</c> with <c>{"changes": {name: value}}</c>: sets those advanced settings in that
    /// space and no others (elastic/kibana src/core/packages/ui-settings/server-internal/src/routes/set_many.ts).
    /// </summary>
    public Task SetSettingsAsync(IReadOnlyDictionary<string, JsonNode> changes, string? space, CancellationToken ct)
    {
        var body = new JsonObject { ["changes"] = new JsonObject(changes.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value.DeepClone()))) };
        return transport.SendOrThrowAsync(HttpMethod.Post, SpacePrefix(space) + "api/kibana/settings", body, ct, "setting Kibana advanced settings", XsrfHeader);
    }

    /// <summary>The objects of an export; the closing summary line (<c>exportedCount</c>…) is not an object and is dropped.</summary>
    public static IReadOnlyList<JsonObject> ParseExport(ReadOnlySpan<byte> ndjson)
    {
        var objects = new List<JsonObject>();
        foreach (var line in Encoding.UTF8.GetString(ndjson).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (JsonNode.Parse(line) is JsonObject o && !IsExportSummary(o)) objects.Add(o);
        }
        return objects;
    }

    public static bool IsExportSummary(JsonObject o) => o["type"] is null && o["exportedCount"] is not null;

    /// <summary>Kibana's path prefix for a space; null or empty is the default space.</summary>
    public static string SpacePrefix(string? space)
    {
        if (string.IsNullOrWhiteSpace(space) || space == "default") return "";
        if (!SpaceId().IsMatch(space))
            throw new ArgumentException($"'{space}' is not a Kibana space id (lower-case letters, digits, '_' and '-')");
        return $"s/{space}/";
    }

    private static KibanaImportError ReadImportError(JsonObject e)
    {
        var error = e["error"] as JsonObject;
        var errorType = error?["type"]?.ToString() ?? "unknown";
        string? detail = errorType switch
        {
            "missing_references" => "missing " + string.Join(", ", (error?["references"] as JsonArray ?? []).OfType<JsonObject>().Select(r => $"{r["type"]}/{r["id"]}")),
            "conflict" => error?["destinationId"] is { } d ? $"an object with this id exists (destination {d})" : "an object with this id exists",
            "ambiguous_conflict" => "several objects match: " + string.Join(", ", (error?["destinations"] as JsonArray ?? []).OfType<JsonObject>().Select(x => x["id"]?.ToString())),
            _ => error?["message"]?.ToString(),
        };
        var title = e["title"]?.ToString() ?? e["meta"]?["title"]?.ToString();
        return new KibanaImportError(e["type"]?.ToString() ?? "?", e["id"]?.ToString() ?? "?", title, errorType, detail);
    }

    private static List<SavedObjectKey> NotFoundObjects(JsonNode? error) =>
        (error?["attributes"]?["objects"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(o => o["error"]?["statusCode"]?.GetValue<int>() == 404)
            .Select(o => new SavedObjectKey(o["type"]?.ToString() ?? "", o["id"]?.ToString() ?? ""))
            .ToList();

    private static JsonNode? ParseJson(byte[] bytes)
    {
        try { return bytes.Length == 0 ? null : JsonNode.Parse(bytes); }
        catch (JsonException) { return JsonValue.Create(Encoding.UTF8.GetString(bytes)); }
    }

    [GeneratedRegex("^[a-z0-9_-]+$")]
    private static partial Regex SpaceId();
}

using System.Globalization;
using System.Text.RegularExpressions;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ControlPlane.Tests.Content;

/// <summary>
/// Runs an ingest pipeline body offline, for the processors our pipelines use (<c>set</c>, <c>trim</c>,
/// <c>lowercase</c>) and a pipeline-level <c>on_failure</c>, with Elasticsearch's semantics and error messages
/// (ingest-common's AbstractStringProcessor and SetProcessor). Anything else throws
/// <see cref="NotSupportedException"/>, so a pipeline that outgrows it fails loudly instead of being half-checked.
/// The live tests run the same golden cases through <c>_ingest/pipeline/_simulate</c> on a real cluster.
/// </summary>
internal static partial class PipelineSimulator
{
    public static JsonObject Run(JsonObject pipeline, JsonObject input, DateTimeOffset ingestTimestamp)
    {
        var doc = (JsonObject)input.DeepClone();
        var ingest = new Dictionary<string, string>
        {
            // Elasticsearch renders _ingest.timestamp as a java.time ZonedDateTime in UTC.
            ["_ingest.timestamp"] = ingestTimestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
        };
        foreach (var processor in Processors(pipeline, "processors"))
        {
            try
            {
                Execute(processor, doc, ingest);
            }
            catch (IngestFailure failure)
            {
                var handlers = Processors(pipeline, "on_failure");
                if (handlers.Count == 0) throw;
                ingest["_ingest.on_failure_message"] = failure.Message;
                ingest["_ingest.on_failure_processor_type"] = failure.Type;
                ingest["_ingest.on_failure_processor_tag"] = failure.Tag ?? "";
                foreach (var handler in handlers) Execute(handler, doc, ingest);
                return doc;
            }
        }
        return doc;
    }

    private static List<JsonObject> Processors(JsonObject pipeline, string key) =>
        (pipeline[key] as JsonArray ?? []).Select(p => p as JsonObject ?? throw new InvalidDataException($"{key}: a processor must be an object")).ToList();

    private static void Execute(JsonObject processor, JsonObject doc, Dictionary<string, string> ingest)
    {
        var (type, config) = processor.Single();
        var options = config as JsonObject ?? throw new InvalidDataException($"processor '{type}' has no options object");
        foreach (var unsupported in new[] { "if", "on_failure", "ignore_failure" })
            if (options.ContainsKey(unsupported)) throw new NotSupportedException($"the offline simulator does not run '{unsupported}' ({type})");
        var tag = options["tag"]?.GetValue<string>();
        var field = options["field"]?.GetValue<string>() ?? throw new InvalidDataException($"processor '{type}' has no field");
        switch (type)
        {
            case "set":
                if (options.ContainsKey("copy_from")) throw new NotSupportedException("the offline simulator does not run set.copy_from");
                var overrideExisting = options["override"]?.GetValue<bool>() ?? true;
                if (!overrideExisting && Get(doc, field) is not null) return;
                Put(doc, field, Render(options["value"], ingest));
                return;
            case "trim":
                ApplyToString(type, tag, options, doc, field, JavaTrim);
                return;
            case "lowercase":
                ApplyToString(type, tag, options, doc, field, s => s.ToLowerInvariant());
                return;
            default:
                throw new NotSupportedException($"the offline simulator does not know processor '{type}': extend {nameof(PipelineSimulator)}");
        }
    }

    /// <summary>AbstractStringProcessor: a string or a list of strings; anything else fails with Elasticsearch's message.</summary>
    private static void ApplyToString(string type, string? tag, JsonObject options, JsonObject doc, string field, Func<string, string> process)
    {
        var ignoreMissing = options["ignore_missing"]?.GetValue<bool>() ?? false;
        var target = options["target_field"]?.GetValue<string>() ?? field;
        var value = Get(doc, field);
        if (value is null)
        {
            if (ignoreMissing) return;
            throw new IngestFailure(type, tag, Exists(doc, field) ? $"field [{field}] is null, cannot process it." : $"field [{field}] not present as part of path [{field}]");
        }
        if (value is JsonArray list)
        {
            var result = new JsonArray();
            foreach (var item in list)
            {
                if (item is JsonValue v && v.GetValueKind() == JsonValueKind.String) result.Add(process(v.GetValue<string>()));
                else throw new IngestFailure(type, tag, $"value [{item?.ToJsonString()}] of type [{JavaType(item)}] in list field [{field}] cannot be cast to [java.lang.String]");
            }
            Put(doc, target, result);
            return;
        }
        if (value is JsonValue s && s.GetValueKind() == JsonValueKind.String)
        {
            Put(doc, target, JsonValue.Create(process(s.GetValue<string>())));
            return;
        }
        throw new IngestFailure(type, tag, $"field [{field}] of type [{JavaType(value)}] cannot be cast to [java.lang.String]");
    }

    /// <summary>The class Elasticsearch's JSON parser gives a value, as named in its cast errors.</summary>
    private static string JavaType(JsonNode? value) => value switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number =>
            v.TryGetValue<int>(out _) ? "java.lang.Integer" : v.TryGetValue<long>(out _) ? "java.lang.Long" : "java.lang.Double",
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => "java.lang.Boolean",
        _ => throw new NotSupportedException($"the offline simulator does not name the Java type of {value?.ToJsonString() ?? "null"}"),
    };

    /// <summary>Java's String.trim(): every char up to U+0020 at either end, nothing else.</summary>
    private static string JavaTrim(string s) => s.Trim(Enumerable.Range(0, 0x21).Select(c => (char)c).ToArray());

    private static JsonNode? Render(JsonNode? value, Dictionary<string, string> ingest)
    {
        if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String) return value?.DeepClone();
        return JsonValue.Create(Mustache().Replace(v.GetValue<string>(), m =>
            ingest.TryGetValue(m.Groups["name"].Value, out var text)
                ? text
                : throw new NotSupportedException($"the offline simulator does not render '{m.Value}'")));
    }

    [GeneratedRegex(@"\{\{\{?\s*(?<name>[\w.]+)\s*\}?\}\}")]
    private static partial Regex Mustache();

    private static bool Exists(JsonObject doc, string path) => Parent(doc, path, create: false) is { } p && p.ContainsKey(Leaf(path));

    private static JsonNode? Get(JsonObject doc, string path) => Parent(doc, path, create: false)?[Leaf(path)];

    private static void Put(JsonObject doc, string path, JsonNode? value) => Parent(doc, path, create: true)![Leaf(path)] = value;

    private static string Leaf(string path) => path[(path.LastIndexOf('.') + 1)..];

    private static JsonObject? Parent(JsonObject doc, string path, bool create)
    {
        var current = doc;
        var parts = path.Split('.');
        foreach (var part in parts[..^1])
        {
            if (current[part] is JsonObject next) current = next;
            else if (create && current[part] is null) current = (JsonObject)(current[part] = new JsonObject());
            else if (create) throw new NotSupportedException($"cannot set '{path}': '{part}' is not an object");
            else return null;
        }
        return current;
    }

    private sealed class IngestFailure(string type, string? tag, string message) : Exception(message)
    {
        public string Type { get; } = type;
        public string? Tag { get; } = tag;
    }
}

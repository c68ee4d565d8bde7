using System.Diagnostics;
using System.Text.Json;
using ControlPlane.ElasticRules;

namespace ControlPlane.Bench;

/// <summary>
/// <c>POST _bulk</c>: reads the NDJSON body pair by pair (action line, then the document for index and create), applies
/// each item to the <see cref="SinkStore"/> with Elasticsearch's version rules, and answers item by item in order
/// (201 created, 200 updated or deleted, 404 not found, 409 version conflict), <c>errors</c> true when any item failed.
/// A malformed line fails the whole request with 400, as Elasticsearch does.
/// </summary>
internal static class SinkBulk
{
    public static SinkAnswer Run(SinkStore store, string? pathIndex, ReadOnlyMemory<byte> body, string? filterPath)
    {
        FilterPath filter;
        try
        {
            filter = FilterPath.Parse(filterPath);
        }
        catch (QueryParsingException ex)
        {
            return SinkAnswer.Error(400, ex.Type, ex.Message);
        }
        var started = Stopwatch.GetTimestamp();
        // Parsed before the lock is taken: only applying the items holds it, so searches never wait for a page's parsing.
        var items = new List<Item>();
        var lines = new LineReader(body);
        var number = 0;
        while (lines.Next(out var line))
        {
            number++;
            if (line.IsEmpty) continue;
            if (!TryReadAction(line.Span, out var action, out var index, out var id, out var version, out var versionType))
                return SinkAnswer.Error(400, "illegal_argument_exception", $"Malformed action/metadata line [{number}], expected an object with one action");
            index ??= pathIndex;
            if (index is null)
                return SinkAnswer.Error(400, "action_request_validation_exception", $"Validation Failed: 1: index is missing for the action on line [{number}];");
            ReadOnlyMemory<byte> document = default;
            if (action is "index" or "create" or "update")
            {
                number++;
                if (!lines.Next(out document) || document.IsEmpty)
                    return SinkAnswer.Error(400, "illegal_argument_exception", $"the [{action}] action on line [{number - 1}] has no document line");
            }
            var kind = SinkIndices.Kind(index);
            var item = new Item(action, index, SinkIndices.Concrete(index), kind, id ?? $"sink-{items.Count}", version, versionType, default, null);
            if (kind == SinkIndexKind.Sales && action is "index" or "create")
            {
                try
                {
                    item = item with { Sale = SinkSaleFields.Parse(document.Span) };
                }
                catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
                {
                    item = item with { Refusal = $"[{number}:1] failed to parse: {ex.Message}" };
                }
            }
            else if (action is "index" or "create")
                item = item with { Tombstone = IsTombstone(document.Span) };
            items.Add(item);
        }

        var results = new List<(string Action, SinkItemResult Result)>(items.Count);
        lock (store.Sync)
        {
            foreach (var item in items)
                results.Add((item.Action, item.Refusal is { } refusal
                    ? SinkItemResult.Refused(item.Concrete, item.Id, 400, "document_parsing_exception", refusal)
                    : Apply(store, item)));
            store.CountBulk(results.Count);
        }
        var took = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return SinkAnswer.Json(200, json => Write(json, took, results, filter), 256 + results.Count * (filter.KeepsEverything ? 220 : 30));
    }

    /// <summary>One parsed bulk item: its action line and, for a sale, the document's fields (or why they could not be read).</summary>
    private sealed record Item(string Action, string Index, string Concrete, SinkIndexKind Kind, string Id, long? Version, string? VersionType, SinkSaleFields Sale, string? Refusal)
    {
        /// <summary>The document of an id-only index is a tombstone (<c>"deleted": true</c> at its top level).</summary>
        public bool Tombstone { get; init; }
    }

    /// <summary>Whether a document has <c>"deleted": true</c> at its top level; an unreadable one is not a tombstone.</summary>
    private static bool IsTombstone(ReadOnlySpan<byte> document)
    {
        try
        {
            var reader = new Utf8JsonReader(document);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var deleted = reader.ValueSpan.SequenceEqual("deleted"u8);
                reader.Read();
                if (deleted) return reader.TokenType == JsonTokenType.True;
                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }
        return false;
    }

    private static SinkItemResult Apply(SinkStore store, Item item)
    {
        var (action, concrete, id) = (item.Action, item.Concrete, item.Id);
        if (action == "update")
            return SinkItemResult.Refused(concrete, id, 400, "action_request_validation_exception", "the bench sink does not apply [update] actions: the loader only indexes and deletes");
        if (action is not ("index" or "create" or "delete"))
            return SinkItemResult.Refused(concrete, id, 400, "illegal_argument_exception", $"Malformed action/metadata line: unknown action [{action}]");
        if (action == "create" && CurrentVersion(store, item.Kind, concrete, id) is { } current)
            return SinkItemResult.Refused(concrete, id, 409, "version_conflict_engine_exception", VersionRules.CreateConflictReason(id, current));
        if (item.Kind == SinkIndexKind.Sales)
            return action == "delete" ? store.Sales.Delete(concrete, id, item.Version, item.VersionType) : store.Sales.Index(concrete, id, item.Version, item.VersionType, item.Sale);
        var ids = item.Kind switch
        {
            SinkIndexKind.FraudSales => store.FraudSales,
            SinkIndexKind.DeadLetter => store.DeadLetters,
            _ => store.Other(concrete),
        };
        return action == "delete" ? ids.Delete(concrete, id, item.Version, item.VersionType) : ids.Index(concrete, id, item.Version, item.VersionType, item.Tombstone);
    }

    private static long? CurrentVersion(SinkStore store, SinkIndexKind kind, string concrete, string id) => kind switch
    {
        SinkIndexKind.Sales => store.Sales.Version(id),
        SinkIndexKind.FraudSales => store.FraudSales.Version(id),
        SinkIndexKind.DeadLetter => store.DeadLetters.Version(id),
        _ => store.Other(concrete).Version(id),
    };

    /// <summary><c>{"index":{"_index":"…","_id":"…","version":N,"version_type":"external_gte"}}</c></summary>
    private static bool TryReadAction(ReadOnlySpan<byte> line, out string action, out string? index, out string? id, out long? version, out string? versionType)
    {
        (action, index, id, version, versionType) = ("", null, null, null, null);
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName) return false;
            action = reader.GetString()!;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "_index": index = reader.GetString(); break;
                    case "_id": id = reader.TokenType == JsonTokenType.String ? reader.GetString() : reader.GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture); break;
                    case "version": version = reader.GetInt64(); break;
                    case "version_type": versionType = reader.GetString(); break;
                    default: reader.Skip(); break;
                }
            }
            return reader.TokenType == JsonTokenType.EndObject;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    private static void Write(Utf8JsonWriter json, long took, List<(string Action, SinkItemResult Result)> results, FilterPath filter)
    {
        json.WriteStartObject();
        if (filter.Keeps("took")) json.WriteNumber("took", took);
        if (filter.Keeps("errors")) json.WriteBoolean("errors", results.Exists(r => r.Result.Failed));
        if (filter.Keeps("items"))
        {
            json.WriteStartArray("items");
            foreach (var (action, r) in results)
            {
                json.WriteStartObject();
                json.WriteStartObject(action);
                if (filter.Keeps("items", action, "_index")) json.WriteString("_index", r.Index);
                if (filter.Keeps("items", action, "_id")) json.WriteString("_id", r.Id);
                if (r.Failed)
                {
                    if (filter.Keeps("items", action, "status")) json.WriteNumber("status", r.Status);
                    if (filter.Keeps("items", action, "error"))
                    {
                        json.WriteStartObject("error");
                        json.WriteString("type", r.ErrorType);
                        json.WriteString("reason", r.ErrorReason);
                        json.WriteString("index", r.Index);
                        json.WriteEndObject();
                    }
                }
                else
                {
                    if (filter.Keeps("items", action, "_version")) json.WriteNumber("_version", r.Version);
                    if (filter.Keeps("items", action, "result")) json.WriteString("result", r.Result);
                    if (filter.Keeps("items", action, "_shards")) SinkAnswer.WriteShards(json);
                    if (filter.Keeps("items", action, "_primary_term")) json.WriteNumber("_primary_term", SinkDocuments.PrimaryTerm);
                    if (filter.Keeps("items", action, "status")) json.WriteNumber("status", r.Status);
                }
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    /// <summary>Splits NDJSON at <c>\n</c> without copying; a trailing <c>\r</c> is dropped.</summary>
    private struct LineReader(ReadOnlyMemory<byte> body)
    {
        private int _position;

        public bool Next(out ReadOnlyMemory<byte> line)
        {
            if (_position >= body.Length)
            {
                line = default;
                return false;
            }
            var rest = body[_position..];
            var end = rest.Span.IndexOf((byte)'\n');
            line = end < 0 ? rest : rest[..end];
            _position += end < 0 ? rest.Length : end + 1;
            if (!line.IsEmpty && line.Span[^1] == (byte)'\r') line = line[..^1];
            return true;
        }
    }
}

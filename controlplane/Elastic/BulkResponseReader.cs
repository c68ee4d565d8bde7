using System.Text.Json;

namespace ControlPlane.Elastic;

/// <summary>Reads a <c>_bulk</c> answer with a forward-only reader: it is on the loader's hot path.</summary>
public static class BulkResponseReader
{
    public static BulkResponse Read(ReadOnlySpan<byte> json)
    {
        using var doc = JsonDocument.Parse(json.ToArray());
        var root = doc.RootElement;
        var errors = root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.True;
        var took = root.TryGetProperty("took", out var t) && t.TryGetInt64(out var tv) ? tv : 0;
        var items = new List<BulkItemResult>();
        if (root.TryGetProperty("items", out var array))
        {
            foreach (var item in array.EnumerateArray())
            {
                foreach (var action in item.EnumerateObject())
                {
                    var v = action.Value;
                    string? type = null, reason = null;
                    if (v.TryGetProperty("error", out var err))
                    {
                        if (err.ValueKind == JsonValueKind.Object)
                        {
                            type = err.TryGetProperty("type", out var et) ? et.GetString() : null;
                            reason = err.TryGetProperty("reason", out var er) ? er.GetString() : err.GetRawText();
                            if (err.TryGetProperty("caused_by", out var cb) && cb.TryGetProperty("reason", out var cbr))
                                reason += $" (caused by: {cbr.GetString()})";
                        }
                        else reason = err.ToString();
                    }
                    items.Add(new BulkItemResult(
                        action.Name,
                        v.TryGetProperty("_index", out var ix) ? ix.GetString() : null,
                        v.TryGetProperty("_id", out var id) ? id.GetString() : null,
                        v.TryGetProperty("status", out var st) ? st.GetInt32() : 0,
                        type, reason));
                    break; // one action per item
                }
            }
        }
        return new BulkResponse(errors, items, took);
    }
}

using System.Text.Json;
using ControlPlane.Loading;

namespace ControlPlane.Bench;

/// <summary>An answer of the sink: a status and a JSON body written straight into a pooled buffer.</summary>
internal sealed class SinkAnswer : IDisposable
{
    private static readonly JsonWriterOptions Options = new() { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private SinkAnswer(int status, PooledBuffer body)
    {
        Status = status;
        Body = body;
    }

    public int Status { get; }
    public PooledBuffer Body { get; }
    /// <summary>Hits in a search answer, for the sink's stats.</summary>
    public int Hits { get; set; }

    public static SinkAnswer Json(int status, Action<Utf8JsonWriter> write, int capacity = 1024)
    {
        var body = new PooledBuffer(capacity);
        using (var json = new Utf8JsonWriter(body, Options)) write(json);
        return new SinkAnswer(status, body);
    }

    /// <summary>Elasticsearch's error body: <c>{"error":{"root_cause":[{type,reason}],"type","reason"},"status"}</c>.</summary>
    public static SinkAnswer Error(int status, string type, string reason) => Json(status, json =>
    {
        json.WriteStartObject();
        json.WriteStartObject("error");
        json.WriteStartArray("root_cause");
        json.WriteStartObject();
        json.WriteString("type", type);
        json.WriteString("reason", reason);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteString("type", type);
        json.WriteString("reason", reason);
        json.WriteEndObject();
        json.WriteNumber("status", status);
        json.WriteEndObject();
    });

    public static SinkAnswer Acknowledged() => Json(200, json =>
    {
        json.WriteStartObject();
        json.WriteBoolean("acknowledged", true);
        json.WriteEndObject();
    });

    /// <summary><c>"_shards":{"total":1,"successful":1,"failed":0}</c>: one shard, no replica.</summary>
    public static void WriteShards(Utf8JsonWriter json)
    {
        json.WriteStartObject("_shards");
        json.WriteNumber("total", 1);
        json.WriteNumber("successful", 1);
        json.WriteNumber("failed", 0);
        json.WriteEndObject();
    }

    public void Dispose() => Body.Dispose();
}

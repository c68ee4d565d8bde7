using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ControlPlane.Tests.Fakes;
using ControlPlane.Tests.TestSupport;

namespace ControlPlane.Tests.Api;

/// <summary>Documents of docs/design.md's shapes, indexed into the fake Elasticsearch.</summary>
public static class SalesData
{
    /// <summary>A raw card number that is planted in some stored documents; no API answer may ever contain it.</summary>
    public const string RawCard = "4111111111111111";
    public static readonly string Fingerprint = new('a', 64);
    public static readonly string OtherFingerprint = new('b', 64);

    public static JsonObject Sale(int key, string store, string platform, decimal amount, string soldAt, string? fingerprint = null, bool leakCard = false)
    {
        var doc = new JsonObject
        {
            ["sale_id"] = $"platform_sales-{key}", ["source"] = "platform_sales", ["source_key"] = key.ToString(CultureInfo.InvariantCulture),
            ["platform"] = platform, ["store_id"] = store, ["card_fingerprint"] = fingerprint ?? Fingerprint, ["card_masked"] = "************1111",
            ["amount_sale"] = amount, ["sold_at"] = soldAt, ["sold_date"] = soldAt[..10], ["updated_at"] = soldAt,
            ["ingested_at"] = "2026-11-21T00:00:00.000Z", ["fraud_flagged"] = false,
        };
        // A document from a broken pipeline that kept the raw number: the API's allow-list must still never show it.
        if (leakCard) doc["card_number"] = RawCard;
        return doc;
    }

    public static JsonObject Flagged(JsonObject sale, string rule = "aov-spike-repeat")
    {
        var doc = (JsonObject)sale.DeepClone();
        doc["fraud_flagged"] = true;
        doc["rule_id"] = rule;
        doc["rule_version"] = 1;
        doc["reasons"] = new JsonArray("amount 900.00 is more than 2 x weekly AOV 100.00", "same card paid 900.00 3 times in 7 days");
        doc["weekly_aov"] = 100.0;
        doc["repeat_count"] = 3;
        doc["flagged_at"] = "2026-11-21T06:00:00.000Z";
        return doc;
    }

    public static async Task IndexAsync(FakeElasticsearch es, string index, IEnumerable<(string Id, JsonObject Doc)> docs)
    {
        var ndjson = new StringBuilder();
        foreach (var (id, doc) in docs)
        {
            ndjson.Append(new JsonObject { ["index"] = new JsonObject { ["_index"] = index, ["_id"] = id } }.ToJsonString()).Append('\n');
            ndjson.Append(doc.ToJsonString()).Append('\n');
        }
        var result = await TestClients.Elasticsearch(es.Url).BulkAsync(Encoding.UTF8.GetBytes(ndjson.ToString()), default);
        if (result.Errors) throw new InvalidOperationException("seeding the fake failed: " + string.Join("; ", result.Items.Where(i => !i.IsSuccess).Select(i => i.ErrorReason)));
    }

    public static Task IndexSalesAsync(FakeElasticsearch es, string index, IEnumerable<JsonObject> docs) =>
        IndexAsync(es, index, docs.Select(d => (d["sale_id"]!.ToString(), d)));
}

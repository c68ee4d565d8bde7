using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ControlPlane.Elastic;

namespace ControlPlane.Fraud;

/// <summary>
/// The body of the fraud check's sales lookup (<see cref="FraudLookups.SalesOfPaymentsAsync"/>), written straight to JSON
/// bytes: one <c>bool</c> alternative per amount with the cards that paid it, so the answer holds only sales of the same
/// card and amount (asking for the page's cards and amounts as two <c>terms</c> queries instead returned 1,767 hits a
/// page in the benchmark, against 11), and the page's own ids. A page of 1,000 payments is up to 1,000 alternatives:
/// built as a JSON tree and cloned per search it was a third of the loader's allocations (docs/benchmark.md).
/// </summary>
internal static class SalesOfPaymentsQuery
{
    /// <summary>
    /// At most the bytes the body of this many payments and ids takes, to size its buffer once: an amount's alternative
    /// with one card is ~260 bytes (a 64-character fingerprint, the amount, the days), an id ~30.
    /// </summary>
    public static int SizeHint(int payments, int ids) => 512 + payments * 280 + ids * 40;

    /// <summary>
    /// Writes the body into <paramref name="buffer"/> (the caller's pooled buffer: a page's body is ~150 KB, which as a new
    /// array a page would land on the large object heap and bring on full collections).
    /// </summary>
    public static void Write(IBufferWriter<byte> buffer, IReadOnlyCollection<(string Card, decimal Amount)> payments, DateOnly from, DateOnly to,
        IReadOnlyCollection<string> ids, JsonArray? after)
    {
        var byAmount = payments.ToArray();
        Array.Sort(byAmount, (a, b) => a.Amount != b.Amount ? a.Amount.CompareTo(b.Amount) : string.CompareOrdinal(a.Card, b.Card));
        var (fromDay, toDay) = (Day(from), Day(to));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("size", FraudLookups.MaxHits);
            json.WriteBoolean("track_total_hits", false);
            // Every sale field: what a re-check needs to rewrite the document.
            json.WriteStartArray("_source");
            foreach (var field in SaleFields.Sale) json.WriteStringValue(field);
            json.WriteEndArray();

            json.WriteStartObject("query");
            json.WriteStartObject("bool");
            json.WriteStartArray("should");
            for (var i = 0; i < byAmount.Length;)
            {
                var amount = byAmount[i].Amount;
                json.WriteStartObject();
                json.WriteStartObject("bool");
                json.WriteStartArray("filter");
                json.WriteStartObject();
                json.WriteStartObject("terms");
                json.WriteStartArray(SaleFields.CardFingerprint);
                string? previous = null;
                for (; i < byAmount.Length && byAmount[i].Amount == amount; i++)
                    if (!string.Equals(byAmount[i].Card, previous, StringComparison.Ordinal)) json.WriteStringValue(previous = byAmount[i].Card);
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteStartObject();
                json.WriteStartObject("term");
                json.WriteNumber(SaleFields.AmountSale, amount);
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteStartObject();
                json.WriteStartObject("range");
                json.WriteStartObject(SaleFields.SoldDate);
                json.WriteString("gte", fromDay);
                json.WriteString("lte", toDay);
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndObject();
            }
            if (ids.Count > 0)
            {
                json.WriteStartObject();
                json.WriteStartObject("ids");
                json.WriteStartArray("values");
                foreach (var id in ids.Order(StringComparer.Ordinal)) json.WriteStringValue(id);
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteNumber("minimum_should_match", 1);
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartArray("sort");
            json.WriteStartObject();
            json.WriteStartObject(SaleFields.SaleId);
            json.WriteString("order", "asc");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            if (after is not null)
            {
                json.WritePropertyName("search_after");
                after.WriteTo(json);
            }
            json.WriteEndObject();
        }
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

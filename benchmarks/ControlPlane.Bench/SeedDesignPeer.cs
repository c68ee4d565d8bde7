using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using ControlPlane.Elastic;
using ControlPlane.Loading;
using ControlPlane.Sources;
using Microsoft.Extensions.Options;

namespace ControlPlane.Bench;

/// <summary>What the seed design's loader did with the rows it was given, and how long it took.</summary>
public sealed record SeedDesignResult(long Rows, TimeSpan Elapsed, long Sales, long DeadLetters, long Flagged, long Searches, long BulkRequests, bool Sample)
{
    public double RowsPerSecond => Rows / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>
/// The original system's design, run on the same rows against the same kind of stand-in (a fresh sink process, so it
/// never touches what the loader's exactly-once check counted): row by row, for every sale one search for the weekly AOV
/// of its store on the day before and one count of the same card paying the same amount in the 7 days up to it, then
/// the sale into a bulk request of 100 documents (the seed's loader did exactly this: a query pair per sale, a bulk per
/// 100). The rows are read with the loader's keyset reader and mapped with the loader's mapper and card fingerprint, so
/// only the design differs. The seed rule's constants: amount &gt; 2 × weekly AOV and at least 3 payments in 7 days.
/// </summary>
public sealed class SeedDesignPeer(IOptions<LoaderOptions> loaderOptions)
{
    /// <summary>Documents per bulk request in the seed's loader.</summary>
    public const int BulkDocuments = 100;
    private const double AovMultiplier = 2;
    private const int RepeatCount = 3;
    private const int WindowDays = 7;

    public async Task<SeedDesignResult> RunAsync(SourceDefinition source, string database, CardFingerprint cards, Uri sink, long maxRows, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = sink, Timeout = TimeSpan.FromSeconds(60) };
        var mapper = new SaleMapper(source, cards);
        var reader = new ChangeReader(loaderOptions);
        await using var connection = await ChangeReader.OpenAsync(database, ct).ConfigureAwait(false);
        var clock = await ChangeReader.ReadClockAsync(connection, source, ct).ConfigureAwait(false);
        var window = new ChangeWindow(ChangeKey.Start, clock.Now) { Clock = clock };

        var bulk = new ArrayBufferWriter<byte>(64 * 1024);
        var inBulk = 0;
        long rows = 0, sales = 0, deadLetters = 0, flagged = 0, searches = 0, bulks = 0;
        var sample = false;
        var started = Stopwatch.GetTimestamp();
        await foreach (var page in reader.ReadAsync(connection, source, window, ct).ConfigureAwait(false))
        {
            foreach (var row in page.Rows)
            {
                if (rows == maxRows) { sample = true; break; }
                rows++;
                switch (mapper.Map(row))
                {
                    case SaleRow { Sale: var sale }:
                        var aov = await WeeklyAovAsync(http, sale.StoreId, sale.SoldDate.AddDays(-1), ct).ConfigureAwait(false);
                        var repeats = await SamePaymentsAsync(http, sale, ct).ConfigureAwait(false) + 1; // counting this sale
                        searches += 2;
                        var isFraud = aov is { } weekly && (double)sale.AmountSale > AovMultiplier * weekly && repeats >= RepeatCount;
                        WriteSale(bulk, IndexNames.Sales, sale, isFraud);
                        if (isFraud) { WriteSale(bulk, IndexNames.FraudSales, sale, true); flagged++; }
                        sales++;
                        break;
                    case BadRow bad:
                        WriteDeadLetter(bulk, source, bad);
                        deadLetters++;
                        break;
                    case DeletedRow deleted:
                        WriteAction(bulk, "delete", IndexNames.Sales, deleted.SaleId);
                        break;
                }
                if (++inBulk == BulkDocuments)
                {
                    await SendAsync(http, bulk, ct).ConfigureAwait(false);
                    bulks++;
                    inBulk = 0;
                }
            }
            if (sample) break;
        }
        if (inBulk > 0)
        {
            await SendAsync(http, bulk, ct).ConfigureAwait(false);
            bulks++;
        }
        return new SeedDesignResult(rows, Stopwatch.GetElapsedTime(started), sales, deadLetters, flagged, searches, bulks, sample);
    }

    /// <summary>The weekly AOV of (store, day), or null when the transform has no row for it (then the rule cannot fire).</summary>
    private static async Task<double?> WeeklyAovAsync(HttpClient http, string store, DateOnly day, CancellationToken ct)
    {
        using var answer = await SearchAsync(http, IndexNames.WeeklyAov, json =>
        {
            json.WriteNumber("size", 1);
            json.WriteStartArray("_source");
            json.WriteStringValue("week_aov");
            json.WriteEndArray();
            WriteFilter(json, j => Term(j, "store_id", store), j => Term(j, "date", Day(day)));
        }, ct).ConfigureAwait(false);
        foreach (var hit in answer.RootElement.GetProperty("hits").GetProperty("hits").EnumerateArray())
            if (hit.GetProperty("_source").TryGetProperty("week_aov", out var aov) && aov.ValueKind == JsonValueKind.Number) return aov.GetDouble();
        return null;
    }

    /// <summary>How many indexed sales of the same card paid the same amount in the window up to the sale's day.</summary>
    private static async Task<long> SamePaymentsAsync(HttpClient http, Sale sale, CancellationToken ct)
    {
        using var answer = await SearchAsync(http, IndexNames.Sales, json =>
        {
            json.WriteNumber("size", 0);
            json.WriteBoolean("track_total_hits", true);
            WriteFilter(json,
                j => Term(j, "card_fingerprint", sale.CardFingerprint),
                j => { j.WriteStartObject(); j.WriteStartObject("term"); j.WriteNumber("amount_sale", sale.AmountSale); j.WriteEndObject(); j.WriteEndObject(); },
                j =>
                {
                    j.WriteStartObject();
                    j.WriteStartObject("range");
                    j.WriteStartObject("sold_date");
                    j.WriteString("gte", Day(sale.SoldDate.AddDays(-(WindowDays - 1))));
                    j.WriteString("lte", Day(sale.SoldDate));
                    j.WriteEndObject();
                    j.WriteEndObject();
                    j.WriteEndObject();
                });
        }, ct).ConfigureAwait(false);
        return answer.RootElement.GetProperty("hits").GetProperty("total").GetProperty("value").GetInt64();
    }

    private static async Task<JsonDocument> SearchAsync(HttpClient http, string index, Action<Utf8JsonWriter> body, CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }
        using var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync($"{index}/_search", content, ct).ConfigureAwait(false);
        var text = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"the seed design's search of {index} failed with {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(text)}");
        return JsonDocument.Parse(text);
    }

    private static async Task SendAsync(HttpClient http, ArrayBufferWriter<byte> bulk, CancellationToken ct)
    {
        using var content = new ByteArrayContent(bulk.WrittenSpan.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        using var response = await http.PostAsync("_bulk", content, ct).ConfigureAwait(false);
        var text = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        using var answer = JsonDocument.Parse(text);
        if (!response.IsSuccessStatusCode || answer.RootElement.GetProperty("errors").GetBoolean())
            throw new InvalidOperationException($"the seed design's bulk request failed ({(int)response.StatusCode}): {System.Text.Encoding.UTF8.GetString(text)[..Math.Min(text.Length, 500)]}");
        bulk.Clear();
    }

    private static void WriteFilter(Utf8JsonWriter json, params Action<Utf8JsonWriter>[] clauses)
    {
        json.WriteStartObject("query");
        json.WriteStartObject("bool");
        json.WriteStartArray("filter");
        foreach (var clause in clauses) clause(json);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Term(Utf8JsonWriter json, string field, string value)
    {
        json.WriteStartObject();
        json.WriteStartObject("term");
        json.WriteString(field, value);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteAction(ArrayBufferWriter<byte> bulk, string action, string index, string id)
    {
        using var json = new Utf8JsonWriter(bulk);
        json.WriteStartObject();
        json.WriteStartObject(action);
        json.WriteString("_index", index);
        json.WriteString("_id", id);
        json.WriteEndObject();
        json.WriteEndObject();
        json.Flush();
        bulk.Write("\n"u8);
    }

    /// <summary>The sale as the loader's documents carry it (the seed sent the card number raw; that is not repeated here).</summary>
    private static void WriteSale(ArrayBufferWriter<byte> bulk, string index, Sale sale, bool flagged)
    {
        WriteAction(bulk, "index", index, sale.SaleId);
        using (var json = new Utf8JsonWriter(bulk))
        {
            json.WriteStartObject();
            json.WriteString("sale_id", sale.SaleId);
            json.WriteString("source", sale.Source);
            json.WriteString("source_key", sale.SourceKey);
            json.WriteString("platform", sale.Platform);
            json.WriteString("store_id", sale.StoreId);
            json.WriteString("card_fingerprint", sale.CardFingerprint);
            json.WriteString("card_masked", sale.CardMasked);
            json.WriteNumber("amount_sale", sale.AmountSale);
            json.WriteString("sold_at", sale.SoldAt);
            json.WriteString("sold_date", Day(sale.SoldDate));
            json.WriteString("updated_at", sale.UpdatedAt);
            json.WriteBoolean("fraud_flagged", flagged);
            json.WriteEndObject();
        }
        bulk.Write("\n"u8);
    }

    private static void WriteDeadLetter(ArrayBufferWriter<byte> bulk, SourceDefinition source, BadRow bad)
    {
        WriteAction(bulk, "index", IndexNames.DeadLetter, bad.SaleId);
        using (var json = new Utf8JsonWriter(bulk))
        {
            json.WriteStartObject();
            json.WriteString("source", source.Name);
            json.WriteString("source_key", bad.Row.Id.ToString(CultureInfo.InvariantCulture));
            json.WriteString("reason", bad.Reason);
            json.WriteEndObject();
        }
        bulk.Write("\n"u8);
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

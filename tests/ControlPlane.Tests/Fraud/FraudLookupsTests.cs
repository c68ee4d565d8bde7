using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ControlPlane.Elastic;
using ControlPlane.Fraud;
using ControlPlane.Tests.Fakes;
using ControlPlane.Tests.TestSupport;

namespace ControlPlane.Tests.Fraud;

/// <summary>The fraud check's sales lookup against the fake Elasticsearch: what it asks and what it keeps.</summary>
public sealed class FraudLookupsTests : IAsyncLifetime
{
    private static readonly DateOnly D = new(2026, 11, 21);
    private FakeElasticsearch _fake = null!;
    private ElasticsearchGateway _es = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeElasticsearch.StartAsync();
        _fake.CreateIndex("platform_sales-v1", new JsonObject { ["aliases"] = new JsonObject { [IndexNames.Sales] = new JsonObject { ["is_write_index"] = true } } });
        _es = TestClients.Elasticsearch(_fake.Url);
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task OnlyTheSameCardWithTheSameAmountComesBackUnlessTheSaleWasAskedForById()
    {
        await BulkAsync(Sale(1, "card-a", 50m), Sale(2, "card-a", 70m), Sale(3, "card-b", 50m), Sale(4, "card-b", 70m), Sale(5, "card-c", 70m));

        // card-a paid 50 and card-b 70: card-a's 70 and card-b's 50 match the cards and the amounts asked, not a pair;
        // sale 3 is asked for by id (a page's own row), so it comes back whatever it paid.
        var found = await new FraudLookups(_es).SalesOfPaymentsAsync([("card-a", 50m), ("card-b", 70m)], D, D, ["platform_sales-3"], default);

        Assert.Equal(["platform_sales-1", "platform_sales-3", "platform_sales-4"], found.Select(s => s.Candidate.SaleId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ThePaymentsOfAPageCostClausesPerAmountNotPerCard()
    {
        // Elasticsearch refuses a query of more clauses than max(1024, heap MB × 64 / search threads)
        // (server/src/main/java/org/elasticsearch/search/SearchUtils.java): the cards that paid one amount share its clauses.
        var payments = Enumerable.Range(0, 5_000).Select(i => ($"card-{i}", 10m + i % 100)).ToList();

        await new FraudLookups(_es).SalesOfPaymentsAsync(payments, D, D, [], default);

        var body = JsonNode.Parse(_fake.Requests.Single(r => r.Path == $"{IndexNames.Sales}/_search").Body)!;
        Assert.Equal(3 * 100, Clauses(body["query"]!)); // per amount: the cards' terms, the amount, the days
    }

    /// <summary>Leaf queries (term, terms, range, ids) of a query, as Lucene counts clauses of nested bool queries.</summary>
    private static int Clauses(JsonNode query) => query switch
    {
        JsonObject o when o["bool"] is JsonObject b => b.Where(kv => kv.Key is "filter" or "must" or "should" or "must_not")
            .Sum(kv => kv.Value is JsonArray a ? a.Sum(q => Clauses(q!)) : Clauses(kv.Value!)),
        JsonObject o when o.Any(kv => kv.Key is "term" or "terms" or "range" or "ids") => 1,
        _ => 0,
    };

    private async Task BulkAsync(params string[] actions) =>
        Assert.False((await _es.BulkAsync(Encoding.UTF8.GetBytes(string.Concat(actions)), default)).Errors);

    private static string Sale(long key, string card, decimal amount)
    {
        var c = CultureInfo.InvariantCulture;
        return $$$"""{"index":{"_index":"platform_sales","_id":"platform_sales-{{{key}}}"}}""" + "\n"
            + $$$"""{"sale_id":"platform_sales-{{{key}}}","store_id":"S1","card_fingerprint":"{{{card}}}","amount_sale":{{{amount.ToString("0.00", c)}}},"sold_at":"{{{D.ToString("yyyy-MM-dd", c)}}}T12:00:00.000+09:00","sold_date":"{{{D.ToString("yyyy-MM-dd", c)}}}","fraud_flagged":false}""" + "\n";
    }
}

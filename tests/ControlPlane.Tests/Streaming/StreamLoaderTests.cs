using System.Text.Json.Nodes;
using ControlPlane.Elastic;
using ControlPlane.Streaming;

namespace ControlPlane.Tests.Streaming;

/// <summary>
/// The streaming loader end to end on librdkafka's mock cluster and the fake Elasticsearch: the seed's payments in, the
/// suspicious ones in the fraud index and topic, alerts exactly for the alert rule, poison messages dead-lettered, and no
/// loss or duplicate across a kill mid-batch or a rebalance.
/// </summary>
public sealed class StreamLoaderTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(2);
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 5, 0, 0, TimeSpan.Zero); // 14:00 in Seoul

    private static string Seed(string type, string who, int amount = 42, string date = "11/21/2026", string time = "14:05:09") =>
        new JsonObject { ["DATE"] = date, ["TIME"] = time, ["PAYMENTTYPE"] = type, ["AMOUNT"] = amount, ["WHO"] = who }.ToJsonString();

    [Fact]
    public async Task TheSeedsPaymentsGoInTheSuspiciousOnesToTheFraudIndexAndTopicAndAlertsFireExactlyForStrangers()
    {
        await using var h = await StreamHarness.StartAsync();
        var payments = PaymentStreamGenerator.Generate(60, seed: 7, Start, bitcoinShare: 0.2, planted: 3).ToList();
        await h.ProduceAsync(payments.Select(p => p.Json));

        var stats = Assert.Single(await h.Streams().RunAsync([h.Source], Idle, null, CancellationToken.None));

        var (suspicious, alerts) = (payments.Count(p => p.Suspicious), payments.Count(p => p.Alert));
        Assert.InRange(alerts, 3, suspicious - 1); // not vacuous: some suspicious payments go to others than strangers
        Assert.Equal((60, 60, suspicious, 0, alerts), (stats.Consumed, stats.Indexed, stats.Flagged, stats.DeadLettered, stats.Alerts));
        var sales = h.Documents(IndexNames.Sales);
        Assert.Equal(60, sales.Count);
        var fraud = h.Documents(IndexNames.FraudSales);
        Assert.All(fraud, d => Assert.Equal(("BITCOIN", "payment-type", 1), (d.Source["payment_type"]!.ToString(), d.Source["rule_id"]!.ToString(), (int)d.Source["rule_version"]!)));
        Assert.Equal(suspicious, fraud.Count);
        Assert.Equal(sales.Where(d => (bool)d.Source["fraud_flagged"]!).Select(d => d.Id).Order(), fraud.Select(d => d.Id).Order());

        // The seed's message maps without code: Seoul local date and time, amount, type and recipient.
        Assert.All(sales, d => Assert.Matches(@"^payments-payments-\d-\d+$", d.Id)); // SOURCE-TOPIC-PARTITION-OFFSET
        Assert.All(sales, d => Assert.EndsWith("+09:00", d.Source["sold_at"]!.ToString()));
        Assert.All(sales, d => Assert.Equal("payments", d.Source["platform"]!.ToString()));

        var fraudTopic = h.ReadTopic("fraud_payments").Select(v => JsonNode.Parse(v)!).ToList();
        var legitTopic = h.ReadTopic("legit_topic").Select(v => JsonNode.Parse(v)!).ToList();
        Assert.Equal((suspicious, 60 - suspicious), (fraudTopic.Count, legitTopic.Count));
        Assert.All(fraudTopic, m => Assert.Equal(("BITCOIN", true), (m["PAYMENTTYPE"]!.ToString(), (bool)m["verdict"]!["suspicious"]!)));
        Assert.All(legitTopic, m => Assert.NotEqual("BITCOIN", m["PAYMENTTYPE"]!.ToString()));

        var alertDocs = h.Documents(IndexNames.Alerts);
        Assert.Equal(alerts, alertDocs.Count);
        Assert.All(alertDocs, d => Assert.Equal(("stranger-alert", "BITCOIN", "STRANGER"), (d.Source["rule_id"]!.ToString(), d.Source["payment_type"]!.ToString(), d.Source["recipient"]!.ToString())));
        Assert.Equal(alertDocs.Select(d => d.Id).Order(), h.Webhook.Alerts.Select(a => a["alert_id"]!.ToString()).Order());
        Assert.Equal(alerts, h.Logs.Lines.Count(l => l.Contains("[ALERT] stranger-alert")));
    }

    [Fact]
    public async Task AWebhookThatFailsAtFirstIsRetriedAndStillGetsTheAlert()
    {
        await using var h = await StreamHarness.StartAsync();
        h.Webhook.FailFirst = 2;
        await h.ProduceAsync([Seed("BITCOIN", "stranger"), Seed("VISA", "STRANGER")]);

        await h.Streams().RunAsync([h.Source], Idle, null, CancellationToken.None);

        var alert = Assert.Single(h.Webhook.Alerts);
        Assert.Equal(("stranger-alert", "stranger"), (alert["rule_id"]!.ToString(), alert["recipient"]!.ToString()));
        Assert.Equal(3, h.Webhook.Requests);
    }

    [Fact]
    public async Task APoisonMessageIsDeadLetteredWithItsPlaceInTheLogAndThePartitionMovesOn()
    {
        await using var h = await StreamHarness.StartAsync();
        var positions = await h.ProduceAsync([Seed("VISA", "ME"), "{not json", Seed("VISA", "MOM").Replace("\"AMOUNT\":42,", ""), Seed("MASTERCARD", "DAD", time: "25:61:00"), Seed("BITCOIN", "FRIEND")], partition: 0);

        var stats = Assert.Single(await h.Streams().RunAsync([h.Source], Idle, null, CancellationToken.None));

        Assert.Equal((5, 2, 3), (stats.Consumed, stats.Indexed, stats.DeadLettered));
        var dead = h.Documents(IndexNames.DeadLetter).OrderBy(d => (long)d.Source["stream"]!["offset"]!).ToList();
        Assert.Equal(positions.Skip(1).Take(3).Select(p => p.Offset), dead.Select(d => (long)d.Source["stream"]!["offset"]!));
        Assert.All(dead, d => Assert.Equal(("payments", "payments", 0, "mapping"), (d.Source["source"]!.ToString(), d.Source["stream"]!["topic"]!.ToString(), (int)d.Source["stream"]!["partition"]!, d.Source["stage"]!.ToString())));
        Assert.StartsWith("not a JSON object", dead[0].Source["reason"]!.ToString());
        Assert.Contains("AMOUNT", dead[1].Source["reason"]!.ToString());
        Assert.Contains("TIME '25:61:00'", dead[2].Source["reason"]!.ToString());
        Assert.Equal(positions[^1].Offset + 1, h.Committed(h.Source.Group, 0));

        // Nothing is left to re-read: a second run consumes nothing.
        var again = Assert.Single(await h.Streams().RunAsync([h.Source], Idle, null, CancellationToken.None));
        Assert.Equal(0, again.Consumed);
    }

    [Fact]
    public async Task AConsumerKilledAfterElasticsearchIndexedItsBatchButBeforeCommittingLosesAndDuplicatesNothingOnRestart()
    {
        await using var h = await StreamHarness.StartAsync();
        var payments = PaymentStreamGenerator.Generate(40, seed: 3, Start, bitcoinShare: 0.3, planted: 2).ToList();
        await h.ProduceAsync(payments.Select(p => p.Json), partition: 1);
        using var kill = new CancellationTokenSource();
        var killed = h.Streams(afterSend: (request, _) =>
        {
            // The first bulk reached Elasticsearch and was answered: the process dies before it republishes and commits.
            if (request.RequestUri!.AbsolutePath.EndsWith("/_bulk")) kill.Cancel();
            return Task.CompletedTask;
        }, maxMessages: 25);

        var first = Assert.Single(await killed.RunAsync([h.Source], Idle, null, kill.Token));
        Assert.Equal(0, first.Batches); // killed mid-batch: nothing committed
        Assert.Equal(25, h.Documents(IndexNames.Sales).Count); // but the batch's documents are in Elasticsearch

        var restarted = Assert.Single(await h.Streams(maxMessages: 25).RunAsync([h.Source], Idle, null, CancellationToken.None));

        Assert.Equal(40, restarted.Consumed); // the uncommitted batch again, then the rest
        Assert.Equal(40, h.Documents(IndexNames.Sales).Count);
        Assert.Equal(payments.Count(p => p.Suspicious), h.Documents(IndexNames.FraudSales).Count);
        Assert.Equal(payments.Count(p => p.Alert), h.Documents(IndexNames.Alerts).Count);
        Assert.Equal(40, h.ReadTopic("fraud_payments").Count + h.ReadTopic("legit_topic").Count);
        Assert.Equal(40, h.Committed(h.Source.Group, 1));
    }

    [Fact]
    public async Task ARebalanceBetweenTwoConsumersOfOneGroupLosesAndDuplicatesNothing()
    {
        await using var h = await StreamHarness.StartAsync();
        var payments = PaymentStreamGenerator.Generate(400, seed: 11, Start, bitcoinShare: 0.1).ToList();
        await h.ProduceAsync(payments.Take(40).Select(p => p.Json)); // creates the topic (4 partitions) before anyone subscribes
        var streamsA = h.Streams(maxMessages: 10);
        var streamsB = h.Streams(maxMessages: 10);
        var aStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var a = streamsA.RunAsync([h.Source], Idle, _ => aStarted.TrySetResult(), CancellationToken.None, clientId: "consumer-a");
        await aStarted.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var b = streamsB.RunAsync([h.Source], Idle, null, CancellationToken.None, clientId: "consumer-b");
        // B's join makes A give its partitions up: wait until both hold some (A's first assignment, then one each).
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (h.Logs.Lines.Count(l => l.Contains("partitions assigned")) < 3 && DateTime.UtcNow < deadline) await Task.Delay(50);
        // The rest, spread over the 4 partitions, so both consumers have payments to take.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(p => h.ProduceAsync(payments.Skip(40).Where((_, i) => i % 4 == p).Select(x => x.Json), partition: p)));
        var (statsA, statsB) = (Assert.Single(await a), Assert.Single(await b));

        Assert.True(statsA.Consumed > 40 && statsB.Consumed > 0, $"both consumers should share the payments after the rebalance (A {statsA.Consumed}, B {statsB.Consumed})");
        Assert.Contains(h.Logs.Lines, l => l.Contains("partitions revoked"));
        // Elasticsearch: every payment once (the _id is its place in the log, so a re-read overwrites).
        Assert.Equal(400, h.Documents(IndexNames.Sales).Count);
        // The verdict topics: every payment at least once. A batch is read again by the new owner only when the group
        // refused its commit while rebalancing; the loader then stops taking batches until the revoke, so at most one
        // batch per refused commit (the mock cluster refuses commits made during a rebalance; Kafka takes the revoke's).
        var republished = h.ReadTopic("fraud_payments").Concat(h.ReadTopic("legit_topic")).Select(v => JsonNode.Parse(v)!["verdict"]!["sale_id"]!.ToString()).ToList();
        Assert.Equal(400, republished.Distinct().Count());
        var refused = h.Logs.Lines.Count(l => l.Contains("Group rebalance in progress"));
        Assert.InRange(republished.Count - 400, 0, refused * 10);
        Assert.Equal(republished.Count, statsA.Indexed + statsB.Indexed);
        Assert.Equal(payments.Count(p => p.Suspicious), h.Documents(IndexNames.FraudSales).Count);
    }
}

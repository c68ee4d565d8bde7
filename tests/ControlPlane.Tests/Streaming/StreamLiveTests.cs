using ControlPlane.Elastic;
using ControlPlane.Streaming;
using Testcontainers.Kafka;

namespace ControlPlane.Tests.Streaming;

/// <summary>A test against a real Kafka broker in Docker (Testcontainers): runs where a Docker engine answers, otherwise is skipped with the reason.</summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("DOCKER_HOST") is null && !File.Exists("/var/run/docker.sock"))
            Skip = "no Docker engine (DOCKER_HOST unset, no /var/run/docker.sock): live Kafka test skipped";
    }
}

/// <summary>The streaming loader against a real one-node Kafka (the compose file's image) and the fake Elasticsearch.</summary>
public sealed class StreamLiveTests
{
    [DockerFact]
    public async Task TheSeedsPaymentsGoThroughARealKafkaBroker()
    {
        await using var kafka = new KafkaBuilder("apache/kafka:4.1.0").Build();
        await kafka.StartAsync();
        await using var h = await StreamHarness.StartAsync(kafka.GetBootstrapAddress());
        var payments = PaymentStreamGenerator.Generate(50, seed: 5, DateTimeOffset.UtcNow, bitcoinShare: 0.2, planted: 2).ToList();
        await h.ProduceAsync(payments.Select(p => p.Json));

        var stats = Assert.Single(await h.Streams().RunAsync([h.Source], TimeSpan.FromSeconds(5), null, CancellationToken.None));

        Assert.Equal(50, stats.Indexed);
        Assert.Equal(50, h.Documents(IndexNames.Sales).Count);
        Assert.Equal(payments.Count(p => p.Suspicious), h.ReadTopic("fraud_payments").Count);
        Assert.Equal(payments.Count(p => p.Alert), h.Webhook.Alerts.Count);
    }
}

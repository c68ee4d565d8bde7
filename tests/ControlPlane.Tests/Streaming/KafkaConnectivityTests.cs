using ControlPlane.Streaming;
using Microsoft.Extensions.Options;

namespace ControlPlane.Tests.Streaming;

public sealed class KafkaConnectivityTests
{
    [Fact]
    public async Task ItListsTheAnsweringBrokersAndWhichTopicsExist()
    {
        await using var h = await StreamHarness.StartAsync();
        await h.ProduceAsync(["{}"]); // creates "payments"
        var check = new KafkaConnectivity(Options.Create(new StreamingOptions { BootstrapServers = h.BootstrapServers }));

        var lines = check.Check(["payments", "fraud_payments"], TimeSpan.FromSeconds(10));

        Assert.Contains(lines, l => l.What.StartsWith("kafka broker ") && l.Ok);
        Assert.Contains(lines, l => l.What == "kafka topic payments" && l.Ok);
        Assert.Contains(lines, l => l.What == "kafka topic fraud_payments" && !l.Ok);
    }

    [Fact]
    public void WithoutBootstrapServersItSaysWhichSettingIsMissing()
    {
        var line = Assert.Single(new KafkaConnectivity(Options.Create(new StreamingOptions())).Check(["payments"], TimeSpan.FromSeconds(1)));

        Assert.False(line.Ok);
        Assert.Contains("KAFKA_BOOTSTRAP_SERVERS", line.Detail);
    }
}

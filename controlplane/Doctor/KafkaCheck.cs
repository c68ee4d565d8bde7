using ControlPlane.Streaming;

namespace ControlPlane.Doctor;

/// <summary>
/// Kafka matters only for stream sources (<c>kind: stream_source</c>): without any the check skips. With some, the brokers
/// of <c>KAFKA_BOOTSTRAP_SERVERS</c> must answer a metadata request and each source's topic must exist
/// (<see cref="KafkaConnectivity"/>, one bounded call). Unset brokers are a warning, not a failure: the batch path works
/// without Kafka, only <c>stream</c> and serve's background stream need it.
/// </summary>
public static class KafkaCheck
{
    private const string Name = "kafka";

    public static IReadOnlyList<DoctorLine> Run(DoctorContext context, KafkaConnectivity kafka, TimeSpan timeout)
    {
        IReadOnlyList<StreamSourceDefinition> sources;
        try
        {
            sources = StreamSourceCatalog.Load(context.Root);
        }
        catch (Exception ex) when (ex is Assets.AssetException or IOException)
        {
            return [DoctorLine.Fail(Name, ex.Message, "fix the stream source file (validate names the line)")];
        }
        if (sources.Count == 0)
            return [DoctorLine.Skip(Name, "no stream sources are defined (every source is a MySQL table): brokers and topics not checked")];
        var names = string.Join(", ", sources.Select(s => s.Name));
        if (!kafka.IsConfigured)
            return [DoctorLine.Warn(Name, $"stream source(s) {names} defined but KAFKA_BOOTSTRAP_SERVERS is not set: stream and serve do not consume them",
                "set KAFKA_BOOTSTRAP_SERVERS (the compose stack: localhost:9092), or remove the stream sources")];
        return kafka.Check(sources.Select(s => s.Topic), timeout)
            .Select(c => c.Ok
                ? DoctorLine.Ok(c.What, c.Detail)
                : DoctorLine.Fail(c.What, c.Detail, c.What.StartsWith("kafka topic", StringComparison.Ordinal)
                    ? "create the topic (kafka-topics.sh --create --topic NAME) or fix the source's topic"
                    : "start the brokers (docker compose up -d --wait) or fix KAFKA_BOOTSTRAP_SERVERS / KAFKA_USERNAME / KAFKA_PASSWORD"))
            .ToList();
    }
}

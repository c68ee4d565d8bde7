namespace ControlPlane.Doctor;

/// <summary>
/// Kafka brokers and topics matter only for stream sources. None is defined yet (every source under
/// <c>elastic-assets/sources/</c> is a MySQL table), so the check says so and skips; it gains a body with the first
/// stream source.
/// </summary>
public static class KafkaCheck
{
    public static DoctorLine Run(DoctorContext context) =>
        DoctorLine.Skip("kafka", "no stream sources are defined (every source is a MySQL table): brokers and topics not checked");
}

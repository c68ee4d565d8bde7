namespace ControlPlane.Streaming;

/// <summary>Kafka's own rule for topic names (kafka/common/internals/Topic.java: [a-zA-Z0-9._-], 1–249 characters, not "." or "..").</summary>
public static class KafkaNames
{
    public static bool IsValidTopic(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 249 && name is not ("." or "..")
        && name.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' or '-');
}

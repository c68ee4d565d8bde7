namespace ControlPlane.Elastic;

/// <summary>An Elasticsearch setting that cannot work (ES_URL, ES_CA_CERT, …): one line naming the setting, never its secrets.</summary>
public sealed class ElasticsearchSettingsException(string message) : InvalidOperationException(message);

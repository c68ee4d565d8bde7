namespace ControlPlane.Kibana;

/// <summary>Where saved objects go in Kibana.</summary>
public sealed class KibanaOptions
{
    /// <summary>Kibana space to import into and compare with (KIBANA_SPACE, or <c>kibana import --space</c>). Defaults to the default space.</summary>
    public string? Space { get; set; }
}

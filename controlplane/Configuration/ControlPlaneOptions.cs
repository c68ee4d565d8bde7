namespace ControlPlane.Configuration;

/// <summary>Settings that are not a connection: where assets live and the secrets of the loader and API.</summary>
public sealed class ControlPlaneOptions
{
    /// <summary>The folder holding elastic-assets/, pipelines/, transforms/, kibana-saved-objects/. Defaults to the current directory (<c>--root</c>).</summary>
    public string Root { get; set; } = Directory.GetCurrentDirectory();
    /// <summary>ADO.NET connection string of the MySQL source (MYSQL_CONNECTION). Defaults to none.</summary>
    public string? MySqlConnection { get; set; }
    /// <summary>Secret key of the card fingerprint HMAC (CARD_HMAC_KEY or CARD_HMAC_KEY_FILE). No default, on purpose.</summary>
    public string? CardHmacKey { get; set; }
    /// <summary>Key the search API requires in X-Api-Key (API_KEY). Defaults to none: the API is open.</summary>
    public string? ApiKey { get; set; }
}

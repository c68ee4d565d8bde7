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
    /// <summary>The id of <see cref="CardHmacKey"/> (CARD_HMAC_KEY_ID), recorded in each source's loader state. Defaults to <c>k1</c>.</summary>
    public string CardHmacKeyId { get; set; } = "k1";
    /// <summary>During a key rotation only: the key the indices were written with (CARD_HMAC_PREVIOUS_KEY or _FILE). Defaults to none.</summary>
    public string? CardHmacPreviousKey { get; set; }
    /// <summary>The id of <see cref="CardHmacPreviousKey"/> (CARD_HMAC_PREVIOUS_KEY_ID). Defaults to none.</summary>
    public string? CardHmacPreviousKeyId { get; set; }
    /// <summary>Key the search API requires in X-Api-Key (API_KEY). Defaults to none: the API is open.</summary>
    public string? ApiKey { get; set; }
}

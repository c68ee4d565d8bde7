namespace ControlPlane.Api;

/// <summary>Settings of the search API, the status page and <c>/healthz</c>.</summary>
public sealed class ApiOptions
{
    /// <summary>
    /// IANA zone a bare date in <c>from</c>/<c>to</c> is read in (a date = that whole local day), and the zone the status
    /// page shows times in (API_TIME_ZONE). Defaults to Asia/Seoul, the seed source's zone.
    /// </summary>
    public string TimeZone { get; set; } = "Asia/Seoul";

    /// <summary>How long the status page reuses a drift check (plan of every configured section). Defaults to 1 minute.</summary>
    public TimeSpan DriftCacheDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long <c>/healthz</c> and the status page wait for Elasticsearch before reporting it unreachable. Defaults to 10 s.</summary>
    public TimeSpan ElasticsearchTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the status page's drift check may take before it reports "unknown". Defaults to 30 s.</summary>
    public TimeSpan DriftCheckTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How far an AOV transform's last checkpoint may lag the newest sale before the status page and <c>/healthz/detail</c>
    /// call it lagging (API_TRANSFORM_LAG_WARNING_MINUTES). Defaults to 15 minutes: the transforms check every minute with
    /// up to 4 minutes of sync delay between them.
    /// </summary>
    public TimeSpan TransformLagWarning { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Requests one caller (its API key, or its address without one) may make to <c>/api</c> and the status page per
    /// <see cref="RateLimitWindow"/> before getting 429 with Retry-After (API_RATE_LIMIT_PERMITS; 0 turns limiting off).
    /// Defaults to 600: ten a second on average, far above a dashboard's or script's needs, far below what hurts Elasticsearch.
    /// </summary>
    public int RateLimitPermits { get; set; } = 600;

    /// <summary>The rate limit's fixed window (API_RATE_LIMIT_WINDOW_SECONDS). Defaults to 60 s.</summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Serve an open API (no API_KEY) on a non-loopback address (<c>serve --allow-anonymous</c>, API_ALLOW_ANONYMOUS).
    /// Defaults to false: without API_KEY, serve listens on loopback only.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    public TimeZoneInfo TimeZoneInfo => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}

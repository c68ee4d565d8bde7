namespace ControlPlane.Configuration;

/// <summary>
/// Hides credentials a URL may carry (<c>http://elastic:PW@host</c>) wherever a URL is printed: errors, logs, status
/// page. The user part is replaced, not just the password, because a user name can be a secret too (API key ids).
/// </summary>
public static class SecretRedaction
{
    public const string Mask = "***";

    /// <summary>The URL (or comma-separated URLs) with any <c>user:password@</c> replaced by <c>***@</c>.</summary>
    public static string Url(string? url)
    {
        if (string.IsNullOrEmpty(url)) return url ?? "";
        if (url.Contains(',')) return string.Join(",", url.Split(',').Select(Url));
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var start = scheme < 0 ? 0 : scheme + 3;
        var end = url.IndexOfAny(['/', '?', '#'], start);
        var authority = end < 0 ? url[start..] : url[start..end];
        var at = authority.LastIndexOf('@');
        return at < 0 ? url : url[..start] + Mask + authority[at..] + (end < 0 ? "" : url[end..]);
    }
}

using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace ControlPlane.Api;

/// <summary>
/// The safe default of <c>serve</c>: without API_KEY the API is open, so it may listen on loopback only unless the operator
/// says <c>--allow-anonymous</c>. Reads where Kestrel will listen from the same settings Kestrel reads: <c>--urls</c> /
/// <c>urls</c> (ASPNETCORE_URLS), <c>http_ports</c>/<c>https_ports</c> (ASPNETCORE_HTTP_PORTS: every address) and
/// <c>Kestrel:Endpoints:*:Url</c>; with none of them Kestrel's default is http://localhost:5000 (loopback).
/// </summary>
public static class AnonymousListening
{
    /// <summary>Every URL the configuration makes Kestrel listen on.</summary>
    public static IReadOnlyList<string> ConfiguredUrls(IConfiguration configuration)
    {
        var urls = new List<string>();
        if (configuration["urls"] is { Length: > 0 } list) urls.AddRange(list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        else
        {
            foreach (var (key, scheme) in new[] { ("http_ports", "http"), ("https_ports", "https") })
                if (configuration[key] is { Length: > 0 } ports)
                    urls.AddRange(ports.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"{scheme}://*:{p}"));
        }
        urls.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        return urls;
    }

    /// <summary>The first of <paramref name="urls"/> that is not a loopback address, or null when all are.</summary>
    public static string? FirstNonLoopback(IEnumerable<string> urls) => urls.FirstOrDefault(u => !IsLoopback(u));

    public static bool IsLoopback(string url)
    {
        string host;
        try { host = BindingAddress.Parse(url).Host; }
        catch (FormatException) { return false; }
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }

    public static string Refusal(string url) =>
        $"refusing to serve an open API on {url}: API_KEY is not set, so without it serve listens on loopback only (e.g. --urls http://127.0.0.1:8080); set API_KEY, or pass --allow-anonymous to serve anyone who can reach {url}";
}

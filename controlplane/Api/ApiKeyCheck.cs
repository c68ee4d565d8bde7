using System.Security.Cryptography;
using System.Text;
using ControlPlane.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ControlPlane.Api;

/// <summary>
/// Whether a request carries API_KEY in <c>X-Api-Key</c>: shared by the <c>/api</c> filter, the status page, <c>/healthz/detail</c>
/// and the rate limiter's partitions. Both sides are hashed first so the comparison takes the same time whatever the key.
/// </summary>
public sealed class ApiKeyCheck(IOptions<ControlPlaneOptions> options)
{
    public const string Header = "X-Api-Key";
    private readonly byte[]? _expected = options.Value.ApiKey is { Length: > 0 } key ? SHA256.HashData(Encoding.UTF8.GetBytes(key)) : null;

    /// <summary>True when API_KEY is set: the API, the status page's details and <c>/healthz/detail</c> need the key.</summary>
    public bool Required => _expected is not null;

    /// <summary>True when no key is required or the request carries the right one.</summary>
    public bool Accepts(HttpRequest request) => _expected is null || HasKey(request);

    /// <summary>True when a key is required and the request carries it (the caller is a known key, not an address).</summary>
    public bool HasKey(HttpRequest request) =>
        _expected is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(request.Headers[Header].ToString())), _expected);
}

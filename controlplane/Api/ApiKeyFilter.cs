using System.Security.Cryptography;
using System.Text;
using ControlPlane.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Api;

/// <summary>
/// Requires <c>X-Api-Key</c> to equal API_KEY on every <c>/api</c> endpoint when API_KEY is set; 401 problem+json otherwise.
/// Both sides are hashed first so the comparison takes the same time whatever the key's length or content.
/// </summary>
public sealed class ApiKeyFilter(IOptions<ControlPlaneOptions> options, ILogger<ApiKeyFilter> logger) : IEndpointFilter
{
    public const string Header = "X-Api-Key";
    private readonly byte[]? _expected = options.Value.ApiKey is { Length: > 0 } key ? SHA256.HashData(Encoding.UTF8.GetBytes(key)) : null;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (_expected is null) return await next(context).ConfigureAwait(false);
        var given = context.HttpContext.Request.Headers[Header].ToString();
        if (CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), _expected))
            return await next(context).ConfigureAwait(false);
        ApiLog.ApiKeyRejected(logger, context.HttpContext.Request.Path, context.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "?");
        return ApiProblems.Unauthorized();
    }
}

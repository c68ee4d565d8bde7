using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Api;

/// <summary>Requires <c>X-Api-Key</c> to equal API_KEY on every endpoint it guards when API_KEY is set; 401 problem+json otherwise.</summary>
public sealed class ApiKeyFilter(ApiKeyCheck keys, ILogger<ApiKeyFilter> logger) : IEndpointFilter
{
    public const string Header = ApiKeyCheck.Header;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (keys.Accepts(context.HttpContext.Request)) return await next(context).ConfigureAwait(false);
        ApiLog.ApiKeyRejected(logger, context.HttpContext.Request.Path, context.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "?");
        return ApiProblems.Unauthorized();
    }
}

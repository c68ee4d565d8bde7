using ControlPlane.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Api;

/// <summary>
/// Turns what a handler could not do into problem+json: a bad parameter → 400 naming it, an Elasticsearch error → 502
/// with Elasticsearch's reason, Elasticsearch unreachable → 503. Nothing is swallowed into an empty answer.
/// </summary>
public sealed class ApiErrorFilter(ILogger<ApiErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (ParameterException ex)
        {
            return ApiProblems.BadParameter(ex.Parameter, ex.Problem);
        }
        catch (RestException ex)
        {
            ApiLog.ElasticsearchFailed(logger, context.HttpContext.Request.Path, ex.Message);
            return ex.StatusCode == 0 ? ApiProblems.ElasticsearchUnreachable(ex.Message) : ApiProblems.ElasticsearchFailed(ex.Message);
        }
    }
}

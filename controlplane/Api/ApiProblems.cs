using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ControlPlane.Api;

/// <summary>The API's error answers, all <c>application/problem+json</c> with a detail that says what failed.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult BadParameter(string parameter, string problem) => TypedResults.Problem(
        title: "Invalid query parameter", detail: $"{parameter}: {problem}", statusCode: StatusCodes.Status400BadRequest,
        extensions: new Dictionary<string, object?> { ["parameter"] = parameter });

    public static ProblemHttpResult Unauthorized() => TypedResults.Problem(
        title: "Unauthorized", detail: "the X-Api-Key header is missing or wrong", statusCode: StatusCodes.Status401Unauthorized);

    public static ProblemHttpResult ElasticsearchFailed(string reason) => TypedResults.Problem(
        title: "Elasticsearch error", detail: reason, statusCode: StatusCodes.Status502BadGateway);

    public static ProblemHttpResult ElasticsearchUnreachable(string reason) => TypedResults.Problem(
        title: "Elasticsearch unreachable", detail: reason, statusCode: StatusCodes.Status503ServiceUnavailable);
}

namespace ControlPlane.Http;

/// <summary>
/// A failed call to Elasticsearch or Kibana: the request, the status and the server's own reason,
/// so the message names what failed and why without the caller re-reading the body.
/// </summary>
public sealed class RestException : Exception
{
    public RestException(string service, HttpMethod method, string path, int statusCode, string? errorType, string reason, string? what = null, Exception? inner = null)
        : base(Format(service, method, path, statusCode, errorType, reason, what), inner)
    {
        Service = service;
        Method = method;
        Path = path;
        StatusCode = statusCode;
        ErrorType = errorType;
        Reason = reason;
    }

    public string Service { get; }
    public HttpMethod Method { get; }
    public string Path { get; }
    /// <summary>HTTP status, or 0 when the server could not be reached.</summary>
    public int StatusCode { get; }
    /// <summary>Elasticsearch's <c>error.type</c>, e.g. <c>resource_already_exists_exception</c>.</summary>
    public string? ErrorType { get; }
    public string Reason { get; }

    private static string Format(string service, HttpMethod method, string path, int status, string? type, string reason, string? what)
    {
        var subject = what is null ? "" : $"{what}: ";
        var code = status == 0 ? "unreachable" : $"{status}{(type is null ? "" : " " + type)}";
        return $"{subject}{service} {method} /{path.TrimStart('/')} failed ({code}): {reason}";
    }
}

using System.Net;
using System.Text.Json.Nodes;

namespace ControlPlane.Http;

/// <summary>A JSON answer from a REST call; <see cref="Body"/> is null for an empty body.</summary>
public sealed record RestResponse(HttpStatusCode Status, JsonNode? Body)
{
    public int StatusCode => (int)Status;
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}

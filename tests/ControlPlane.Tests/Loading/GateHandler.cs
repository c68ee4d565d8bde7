namespace ControlPlane.Tests.Loading;

/// <summary>An HTTP handler that lets a test see (and hold back) each request before it reaches the fake cluster.</summary>
public sealed class GateHandler(Func<HttpRequestMessage, CancellationToken, Task> beforeSend, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await beforeSend(request, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}

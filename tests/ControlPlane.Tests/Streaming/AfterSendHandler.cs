namespace ControlPlane.Tests.Streaming;

/// <summary>An HTTP handler that lets a test act once a request reached the fake cluster and was answered (e.g. kill the consumer then).</summary>
public sealed class AfterSendHandler(Func<HttpRequestMessage, HttpResponseMessage, Task> afterSend, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        await afterSend(request, response);
        return response;
    }
}

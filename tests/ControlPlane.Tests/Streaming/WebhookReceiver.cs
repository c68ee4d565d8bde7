using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Tests.Streaming;

/// <summary>A local Kestrel server that records every alert POSTed to <c>/alerts</c>; the first <see cref="FailFirst"/> requests get a 503.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<JsonObject> Alerts { get; } = new();
    public int FailFirst { get; set; }
    public int Requests => _requests;
    public Uri Url { get; private set; } = null!;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/alerts", async (HttpRequest request) =>
        {
            if (Interlocked.Increment(ref receiver._requests) <= receiver.FailFirst) return Results.StatusCode(503);
            receiver.Alerts.Enqueue((JsonObject)(await JsonNode.ParseAsync(request.Body))!);
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(new Uri(address), "/alerts");
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

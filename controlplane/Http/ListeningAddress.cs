using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Http;

/// <summary>Where a started Kestrel server listens, as a base URI ending in <c>/</c> (port 0 resolved to the real one).</summary>
public static class ListeningAddress
{
    public static Uri BaseUri(IServiceProvider services)
    {
        var address = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("the server has not started listening");
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }
}

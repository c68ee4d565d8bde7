using System.Text.Json;
using ControlPlane.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace ControlPlane.Api;

/// <summary>
/// The web host of <c>serve</c>: the control plane's services and hosted services (the loader's scheduler), plus
/// the search API under <c>/api</c>, the status page at <c>/</c>, <c>/healthz</c> and <c>/openapi.json</c>.
/// </summary>
public static class ApiHost
{
    /// <summary>
    /// Builds the app. <paramref name="configure"/> adds the settings sources (serve: the command line as in
    /// <c>ControlPlaneHost.ApplyCommandLine</c>; tests: in-memory settings); <paramref name="urls"/> overrides where Kestrel listens.
    /// </summary>
    public static WebApplication Build(Action<IConfigurationManager> configure, string? urls = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        // Quiet defaults: a line per request and per Elasticsearch call drowns what matters. Any settings source overrides them.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
            },
        });
        configure(builder.Configuration);
        if (!string.IsNullOrWhiteSpace(urls)) builder.WebHost.UseUrls(urls);
        builder.Services.AddControlPlane(builder.Configuration);
        builder.Services.AddProblemDetails();
        builder.Services.AddApiRateLimiting();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Ingest control plane search API";
            document.Info.Description = "Card sales, flagged sales and store AOV from Elasticsearch. Send X-Api-Key when the server sets API_KEY. Cards appear only masked or as HMAC fingerprints.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["ApiKey"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = ApiKeyFilter.Header,
                Description = "Required when the server sets API_KEY",
            };
            return Task.CompletedTask;
        }).AddOperationTransformer((operation, context, _) =>
        {
            // /api and /healthz/detail need the key; /healthz stays open.
            if (context.Description.RelativePath is { } path && (path.StartsWith("api/", StringComparison.Ordinal) || path == "healthz/detail"))
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("ApiKey", context.Document)] = [] });
            }
            return Task.CompletedTask;
        }));
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseRateLimiter();
        app.MapControlPlaneEndpoints();
        return app;
    }

    public static IEndpointRouteBuilder MapControlPlaneEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api")
            .RequireRateLimiting(ApiRateLimiting.Policy)
            .AddEndpointFilter<ApiKeyFilter>()
            .AddEndpointFilter<ApiErrorFilter>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithTags("search");
        api.MapSalesApi().MapFraudApi().MapAovApi();
        app.MapHealthApi();
        app.MapStatusPage();
        app.MapOpenApi("/openapi.json");
        return app;
    }
}

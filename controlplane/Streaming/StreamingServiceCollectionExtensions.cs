using ControlPlane.Assets;
using ControlPlane.Configuration;
using ControlPlane.Fraud;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace ControlPlane.Streaming;

public static class StreamingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the services of Streaming/: validate's checks of stream sources and payment rules, the streaming loader,
    /// the alert webhook (an IHttpClientFactory client with the standard resilience handler) and serve's background stream.
    /// </summary>
    public static IServiceCollection AddStreamingServices(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton<IAssetCheck, StreamSourceAssetCheck>();
        services.AddSingleton<IAssetCheck, PaymentRuleAssetCheck>();
        services.AddOptions<StreamingOptions>().BindConfiguration(StreamingOptions.Section).Configure(o => Bind(config, o));
        services.AddSingleton<AlertQueue>();
        services.AddSingleton<AlertWebhookSender>();
        services.AddSingleton<StreamService>();
        services.AddSingleton<KafkaConnectivity>();
        services.AddSingleton<PaymentProducer>();
        services.AddHttpClient(AlertWebhookSender.HttpClientName).AddStandardResilienceHandler()
            .Configure((o, sp) => o.Retry.Delay = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<StreamingOptions>>().Value.WebhookRetryDelay);
        // Only `serve` starts the host, so only `serve` streams in the background.
        services.AddHostedService<StreamHostedService>();
        return services;
    }

    /// <summary>The interface.md names over the section's values.</summary>
    private static void Bind(IConfiguration config, StreamingOptions o)
    {
        o.BootstrapServers = Settings.Get(config, "KAFKA_BOOTSTRAP_SERVERS") ?? o.BootstrapServers;
        o.Username = Settings.Get(config, "KAFKA_USERNAME") ?? o.Username;
        o.Password = Settings.GetSecret(config, "KAFKA_PASSWORD") ?? o.Password;
        o.SaslMechanism = Settings.Get(config, "KAFKA_SASL_MECHANISM") ?? o.SaslMechanism;
        o.SecurityProtocol = Settings.Get(config, "KAFKA_SECURITY_PROTOCOL") ?? o.SecurityProtocol;
        o.CaCertificatePath = Settings.Get(config, "KAFKA_CA_CERT") ?? o.CaCertificatePath;
        o.FraudTopic = Settings.Get(config, "KAFKA_FRAUD_TOPIC") ?? o.FraudTopic;
        o.LegitTopic = Settings.Get(config, "KAFKA_LEGIT_TOPIC") ?? o.LegitTopic;
        o.AlertWebhookUrl = Settings.Get(config, "ALERT_WEBHOOK_URL") ?? o.AlertWebhookUrl;
    }
}

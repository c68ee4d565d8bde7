using ControlPlane.Configuration;
using ControlPlane.Elastic;
using ControlPlane.Http;
using ControlPlane.Tests.Fakes;
using ControlPlane.Tests.TestSupport;

namespace ControlPlane.Tests.Elastic;

/// <summary>Bad ES_* settings end as one line naming the setting, and credentials never reach a message.</summary>
public sealed class ElasticsearchSettingsTests
{
    private const string Password = "s3cret-Pa55";

    private static ElasticsearchSettingsException Refused(RestTransportOptions options) =>
        Assert.Throws<ElasticsearchSettingsException>(() => ElasticsearchConnection.CreateSettings(options));

    [Fact]
    public void ACaCertFileThatIsNotACertificateIsRefusedNamingTheSettingAndFile()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "this is a private note, not a certificate\n");
            var ex = Refused(new RestTransportOptions { Url = "https://localhost:9200", CaCertificatePath = path });
            Assert.StartsWith("ES_CA_CERT", ex.Message);
            Assert.Contains(path, ex.Message);
            Assert.Contains("not a PEM certificate", ex.Message);
            Assert.DoesNotContain('\n', ex.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void AMissingCaCertFileIsRefusedNamingTheSetting()
    {
        var ex = Refused(new RestTransportOptions { Url = "https://localhost:9200", CaCertificatePath = "/nowhere/ca.crt" });
        Assert.Equal("ES_CA_CERT points to a missing file: /nowhere/ca.crt", ex.Message);
    }

    [Theory]
    [InlineData("ftp://localhost:9200")]
    [InlineData("file:///etc/passwd")]
    public void AnEsUrlThatIsNotHttpIsRefusedNamingTheSchemeAndTheSetting(string url)
    {
        var ex = Refused(new RestTransportOptions { Url = url });
        Assert.StartsWith("ES_URL", ex.Message);
        Assert.Contains("only http and https", ex.Message);
    }

    [Fact]
    public void ABadUrlWithCredentialsIsRefusedWithoutPrintingThem()
    {
        var ex = Refused(new RestTransportOptions { Url = $"ftp://elastic:{Password}@localhost:9200" });
        Assert.StartsWith("ES_URL", ex.Message);
        Assert.DoesNotContain(Password, ex.Message);
        Assert.DoesNotContain("elastic:", ex.Message);
    }

    [Fact]
    public void AFingerprintThatIsNotSha256IsRefusedNamingTheSetting()
    {
        var ex = Refused(new RestTransportOptions { Url = "https://localhost:9200", CaFingerprint = "abc" });
        Assert.StartsWith("ES_CA_FINGERPRINT", ex.Message);
    }

    [Fact]
    public void ACloudIdThatIsNotOneIsRefusedNamingTheSetting()
    {
        var ex = Refused(new RestTransportOptions { CloudId = "not-a-cloud-id", ApiKey = "key" });
        Assert.StartsWith("ES_CLOUD_ID", ex.Message);
    }

    [Fact]
    public void RedactionHidesTheUserPartOfEveryUrl()
    {
        Assert.Equal("http://***@es1:9200/,https://***@es2:9200", SecretRedaction.Url($"http://elastic:{Password}@es1:9200/,https://elastic:{Password}@es2:9200"));
        Assert.Equal("https://es:9200/path?x=1", SecretRedaction.Url("https://es:9200/path?x=1"));
    }

    [Fact]
    public async Task CredentialsInEsUrlAreSentAsBasicAuthAndNeverInTheAddress()
    {
        await using var es = await FakeElasticsearch.StartAsync();
        var url = new UriBuilder(es.Url) { UserName = "elastic", Password = Password }.Uri.ToString();
        await TestClients.Elasticsearch(new RestTransportOptions { Url = url, MaxRetries = 0 }).GetClusterInfoAsync(default);
        var expected = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"elastic:{Password}"));
        Assert.Equal(expected, es.Requests.Single().Authorization);
    }

    [Fact]
    public async Task AnUnreachableServerIsNamedWithoutItsCredentials()
    {
        var client = TestClients.Elasticsearch(new RestTransportOptions { Url = $"http://elastic:{Password}@127.0.0.1:1/", MaxRetries = 0 });
        var ex = await Assert.ThrowsAsync<RestException>(() => client.GetClusterInfoAsync(default));
        Assert.Equal(0, ex.StatusCode);
        Assert.Contains("127.0.0.1:1", ex.Message);
        Assert.DoesNotContain(Password, ex.ToString());
        Assert.DoesNotContain("elastic:", ex.Message);
    }
}

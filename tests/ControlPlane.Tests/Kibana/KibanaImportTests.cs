using System.CommandLine;
using System.Text.Json.Nodes;
using ControlPlane.Cli;
using ControlPlane.Kibana;
using ControlPlane.Tests.Fakes;

namespace ControlPlane.Tests.Kibana;

public sealed class KibanaImportTests : IAsyncLifetime
{
    private FakeKibana _kibana = null!;
    public async Task InitializeAsync() => _kibana = await FakeKibana.StartAsync();
    public async Task DisposeAsync() => await _kibana.DisposeAsync();

    private static readonly int ShippedCount = SavedObjectFiles.Read(KibanaTestSupport.RepositoryAssets).Objects.Count;

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await RootCommandFactory.Create()
            .Parse(["kibana", "import", "--kibana-url", _kibana.Url.ToString(), "--root", KibanaTestSupport.RepositoryRoot, .. args])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task ABusyKibanaIsRetriedByTheStandardResilienceHandler()
    {
        _kibana.FailNext(503, times: 2);
        var (exit, output, error) = await RunAsync();

        Assert.True(exit == ExitCodes.Success, error);
        Assert.Equal($"imported {ShippedCount} objects\nset advanced settings dateFormat:tz", output.Trim().ReplaceLineEndings("\n"));
        Assert.Equal("", error);
        Assert.Equal(3, _kibana.Requests.Count(r => r.Path.EndsWith("_import")));
    }

    [Fact]
    public async Task ImportSendsEverySavedObjectWithOverwriteAndXsrfAndPrintsTheCount()
    {
        var (exit, output, error) = await RunAsync();

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal($"imported {ShippedCount} objects\nset advanced settings dateFormat:tz", output.Trim().ReplaceLineEndings("\n"));
        Assert.Equal("", error);
        Assert.Equal(2, _kibana.Requests.Count);
        var request = _kibana.Requests[0];
        Assert.Equal(("POST", "default", "api/saved_objects/_import", "?overwrite=true", "true"), (request.Method, request.Space, request.Path, request.Query, request.Xsrf));
        Assert.StartsWith("multipart/form-data", request.ContentType);
        Assert.Equal(ShippedCount, _kibana.ObjectsIn().Count);
        Assert.NotNull(_kibana.Get("dashboard", "platform-store-overview"));
        // Then the space's time zone, so every dashboard shows the sources' (Asia/Seoul) days wherever it is opened.
        var settings = _kibana.Requests[1];
        Assert.Equal(("POST", "default", "api/kibana/settings", "true"), (settings.Method, settings.Space, settings.Path, settings.Xsrf));
        Assert.Equal("""{"changes":{"dateFormat:tz":"Asia/Seoul"}}""", settings.Body);
        Assert.Equal("Asia/Seoul", _kibana.Setting("dateFormat:tz")!.ToString());
    }

    [Fact]
    public async Task SpaceOptionImportsIntoThatSpace()
    {
        var (exit, _, _) = await RunAsync("--space", "analysts");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.All(_kibana.Requests, r => Assert.Equal("analysts", r.Space));
        Assert.Equal(ShippedCount, _kibana.ObjectsIn("analysts").Count);
        Assert.Empty(_kibana.ObjectsIn());
        Assert.Equal("Asia/Seoul", _kibana.Setting("dateFormat:tz", "analysts")!.ToString());
        Assert.Null(_kibana.Setting("dateFormat:tz"));
    }

    [Fact]
    public async Task EachRefusedObjectIsNamedWithKibanasReasonAndTheExitCodeIsOne()
    {
        _kibana.ImportFault = o => (o["type"]!.ToString(), o["id"]!.ToString()) switch
        {
            ("dashboard", "platform-store-overview") => new JsonObject
            {
                ["type"] = "missing_references",
                ["references"] = new JsonArray(new JsonObject { ["type"] = "lens", ["id"] = "platform-daily-aov-per-store" }),
            },
            ("lens", "platform-sales-by-platform") => new JsonObject { ["type"] = "conflict" },
            ("index-pattern", "platform_sales_deadletter") => new JsonObject { ["type"] = "unknown", ["message"] = "index pattern is locked", ["statusCode"] = 400 },
            _ => null,
        };

        var (exit, output, error) = await RunAsync();

        Assert.Equal(ExitCodes.Error, exit);
        Assert.Equal($"imported {ShippedCount - 3} objects", output.Trim());
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("kibana import: failed dashboard/platform-store-overview \"Store sales overview\": missing_references: missing lens/platform-daily-aov-per-store", lines);
        Assert.Contains("kibana import: failed lens/platform-sales-by-platform \"Sales by platform\": conflict: an object with this id exists", lines);
        Assert.Contains("kibana import: failed index-pattern/platform_sales_deadletter \"platform_sales_deadletter\": unknown: index pattern is locked", lines);
        Assert.Contains("kibana import: 3 object(s) were not imported", lines);
        Assert.Null(_kibana.Setting("dateFormat:tz")); // the settings follow only a complete import
    }

    [Fact]
    public async Task AMalformedAdvancedSettingsFileIsNamedWithItsLineAndNothingIsSent()
    {
        var root = KibanaTestSupport.ScratchRoot(("advanced-settings.yml", "# the dashboards' zone\nsetting:\n  \"dateFormat:tz\": Asia/Seoul\n"));
        File.Copy(Path.Combine(KibanaTestSupport.RepositoryAssets.KibanaSavedObjects, "data-views.ndjson"), Path.Combine(root.KibanaSavedObjects, "data-views.ndjson"));

        var diagnostics = new SavedObjectsCheck().Check(root).Select(d => d.ToString()).ToList();
        var exit = await RootCommandFactory.Create()
            .Parse(["kibana", "import", "--kibana-url", _kibana.Url.ToString(), "--root", root.Path])
            .InvokeAsync(new InvocationConfiguration { Output = new StringWriter(), Error = new StringWriter() });

        Assert.Contains(diagnostics, d => d.StartsWith("kibana-saved-objects/advanced-settings.yml:2:", StringComparison.Ordinal) && d.Contains("expected `settings:`"));
        Assert.Equal(ExitCodes.Error, exit);
        Assert.Empty(_kibana.Requests);
    }

    [Fact]
    public async Task ABrokenSetIsNeverSent()
    {
        var root = KibanaTestSupport.ScratchRoot(("bad.ndjson", "{\"type\":\"lens\",\n"));
        var exit = await RootCommandFactory.Create()
            .Parse(["kibana", "import", "--kibana-url", _kibana.Url.ToString(), "--root", root.Path])
            .InvokeAsync(new InvocationConfiguration { Output = new StringWriter(), Error = new StringWriter() });

        Assert.Equal(ExitCodes.Error, exit);
        Assert.Empty(_kibana.Requests);
        var ex = Assert.Throws<InvalidOperationException>(() => SavedObjectImporter.LoadChecked(root));
        Assert.Contains("kibana-saved-objects/bad.ndjson:1: not valid JSON", ex.Message);
    }

    [Fact]
    public async Task AnInvalidSpaceIdIsRefusedBeforeAnyRequest()
    {
        var client = new KibanaClient(TestSupport.TestClients.Kibana(_kibana.Url));
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.ImportAsync(new byte[] { 1 }, "Not A Space", default));
        Assert.Contains("'Not A Space' is not a Kibana space id", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_kibana.Requests);
    }
}

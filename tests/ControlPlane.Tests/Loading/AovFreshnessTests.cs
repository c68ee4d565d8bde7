using System.Text.Json.Nodes;
using ControlPlane.Elastic;
using ControlPlane.Loading;
using ControlPlane.Tests.Fakes;

namespace ControlPlane.Tests.Loading;

/// <summary>
/// The fraud check is only as good as the weekly AOV it reads: a run says when that AOV is old, and a flagged sale keeps
/// the checkpoint time of the AOV it was checked against. Checkpoints as GET _transform/ID/_stats reports them
/// (FakeElasticsearch.Transforms, after the transform stats API reference).
/// </summary>
public sealed class AovFreshnessTests : IAsyncLifetime
{
    private LoaderHarness _h = null!;
    private DateOnly _d;
    private readonly string _card = LoaderHarness.Card(7);

    public async Task InitializeAsync()
    {
        _h = await LoaderHarness.StartAsync();
        _d = DateOnly.FromDateTime(_h.Base).AddDays(-3);
        await _h.PutWeeklyAovAsync("S1", 100, Enumerable.Range(-9, 12).Select(i => _d.AddDays(i)));
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private DateTime At(int dayOffset, int hour) => _d.AddDays(dayOffset).ToDateTime(new TimeOnly(hour, 0));

    /// <summary>The weekly transform behind the alias (its index is the harness's platform_sales_week_per_price-v1), with its last checkpoint.</summary>
    private FakeTransform WeeklyTransform(DateTimeOffset? checkpointAt)
    {
        var config = new JsonObject { ["sync"] = new JsonObject { ["time"] = new JsonObject { ["field"] = "last_ingested_at", ["delay"] = "180s" } } };
        var transform = new FakeTransform(config) { State = "started", Checkpoint = checkpointAt is null ? 0 : 9, CheckpointAt = checkpointAt };
        _h.Es.Transforms[$"{IndexNames.WeeklyAov}-v1"] = transform;
        return transform;
    }

    private async Task InsertThreePaymentsAsync()
    {
        for (var day = -2; day <= 0; day++) await _h.InsertSaleAsync("S1", _card, 250m, At(day, 10), _h.Base.AddSeconds(day + 2));
    }

    private static DateTimeOffset Millis(DateTimeOffset t) => DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds());

    [Fact]
    public async Task ARunAgainstAnAovOlderThanTheThresholdWarnsAndRecordsItAndTheFlaggedSaleKeepsTheCheckpoint()
    {
        var checkpoint = Millis(DateTimeOffset.UtcNow.AddHours(-3));
        WeeklyTransform(checkpoint);
        await InsertThreePaymentsAsync();

        var result = await _h.Loader(settings: new Dictionary<string, string?> { ["Loader:AovMaxAge"] = "01:00:00" }).LoadAsync(_h.Source(), null, default);

        Assert.Equal((LoadStatus.Succeeded, 1L), (result.Status, result.Flagged));
        Assert.Contains(_h.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("checks sales against a stale weekly AOV: its last checkpoint is from", StringComparison.Ordinal));
        var state = (await _h.StateAsync())!;
        Assert.StartsWith("stale weekly AOV: its last checkpoint is from", state.LastRunWarning);
        Assert.Equal(checkpoint, state.LastRunAovCheckpointAt);
        var flagged = Assert.Single(_h.Es.DocumentsOf(IndexNames.FraudSales));
        Assert.Equal(checkpoint, DateTimeOffset.Parse(flagged.Source["aov_checkpoint_at"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(_h.Es.SchemaViolations);
    }

    [Fact]
    public async Task AFreshAovLeavesTheRunWithoutAWarning()
    {
        var checkpoint = Millis(DateTimeOffset.UtcNow.AddMinutes(-5));
        WeeklyTransform(checkpoint);
        await InsertThreePaymentsAsync();

        var result = await _h.Loader().LoadAsync(_h.Source(), null, default);

        Assert.Equal(LoadStatus.Succeeded, result.Status);
        Assert.DoesNotContain(_h.Logs.Lines, l => l.Contains("stale weekly AOV", StringComparison.Ordinal));
        var state = (await _h.StateAsync())!;
        Assert.Null(state.LastRunWarning);
        Assert.Equal(checkpoint, state.LastRunAovCheckpointAt);
    }

    [Fact]
    public async Task NoWeeklyTransformAtAllIsAWarningThatNamesWhatToDo()
    {
        await InsertThreePaymentsAsync();

        var result = await _h.Loader().LoadAsync(_h.Source(), null, default);

        Assert.Equal(LoadStatus.Succeeded, result.Status);
        Assert.Equal("stale weekly AOV: no transform writes platform_sales_week_per_price: run apply", (await _h.StateAsync())!.LastRunWarning);
        var flagged = Assert.Single(_h.Es.DocumentsOf(IndexNames.FraudSales));
        Assert.Null(flagged.Source["aov_checkpoint_at"]);
    }
}

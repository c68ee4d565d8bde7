using System.Threading.Channels;
using ControlPlane.Elastic;
using ControlPlane.Fraud;
using ControlPlane.Loading;
using ControlPlane.Sources;
using ControlPlane.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace ControlPlane.Tests.Loading;

/// <summary>
/// The fraud stage starts the next page's search while it checks the current page (issue 12). A search that started
/// before an earlier page was indexed cannot see that page, so the window of this run's writes must still hold it when
/// the search's page is checked, even when a refresh made the page searchable in between: Elasticsearch shows a search
/// only what was refreshed before the search ran (near real-time search,
/// https://www.elastic.co/guide/en/elasticsearch/reference/current/near-real-time.html).
/// </summary>
public sealed class FraudPrefetchTests : IAsyncLifetime
{
    private LoaderHarness _h = null!;
    private DateOnly _d;
    private readonly string _card = LoaderHarness.Card(7);

    public async Task InitializeAsync()
    {
        _h = await LoaderHarness.StartAsync();
        _d = DateOnly.FromDateTime(_h.Base).AddDays(-3);
        // A weekly AOV of 100 for every day the test sells on: 250 is more than 2 × it.
        await _h.PutWeeklyAovAsync("S1", 100, Enumerable.Range(-9, 12).Select(i => _d.AddDays(i)));
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task APageWhoseSearchStartedBeforeTheEarlierPagesWereIndexedStillCountsThemAfterARefresh()
    {
        var source = _h.Source();
        var mapper = new SaleMapper(source, CardFingerprint.Create(LoaderHarness.CardKey));
        var es = TestClients.Elasticsearch(_h.Es.Url);
        var finished = new HashSet<long>();
        // A refresh whenever a finished page is in the window: the earliest a page may leave it.
        var stage = new FraudCheckStage(FraudRuleCatalog.LoadEnabled(_h.Root), new FraudLookups(es), s => { lock (finished) return finished.Contains(s); },
            refreshEvery: 1, TimeZoneInfo.Utc, TimeProvider.System, source.Name, NullLogger.Instance);
        var sender = new BulkSender(es, source, RetryBudget.For(new LoaderOptions().Clamped(), TimeProvider.System), new BulkThrottle(1), TimeProvider.System, NullLogger.Instance);

        // Three pages, one payment each: the same card and amount on three days, all waiting before the stage starts,
        // so each page's search starts while the page before it is checked.
        var pages = Channel.CreateUnbounded<MappedPage>();
        for (var i = 0; i < 3; i++) await pages.Writer.WriteAsync(Page(mapper, i, At(i - 2)));
        pages.Writer.Complete();

        // A page is indexed only once the search of the page after it was answered, so that search cannot see it; and
        // the stage goes on only when the page is indexed, so the next refresh finds it finished.
        var salesSearches = 0;
        var answered = new[] { new TaskCompletionSource(), new TaskCompletionSource(), new TaskCompletionSource() };
        _h.Es.Answered += r =>
        {
            if (r.Method == "POST" && r.Path == $"{IndexNames.Sales}/_search" && Interlocked.Increment(ref salesSearches) is var n && n <= answered.Length)
                answered[n - 1].TrySetResult();
        };
        var output = new IndexingWriter(async page =>
        {
            if (page.Sequence < 2) await answered[page.Sequence + 1].Task;
            Assert.Equal(1, (await sender.SendAsync(page, default)).Indexed);
            lock (finished) finished.Add(page.Sequence);
        });

        await stage.RunAsync(pages.Reader, output, default);

        // The third payment of the card and amount is flagged: it counted the two before it although its search found
        // at most the first (the second was indexed after the search ran).
        Assert.Equal([null, null, 3], output.Pages.Select(p => p.Rows[0].Verdict?.RepeatCount));
        Assert.Equal(3, salesSearches);
    }

    private DateTime At(int dayOffset) => _d.AddDays(dayOffset).ToDateTime(new TimeOnly(10, 0));

    private MappedPage Page(SaleMapper mapper, long sequence, DateTime soldAt)
    {
        var id = sequence + 1;
        var updatedAt = _h.Base.AddSeconds(id);
        var row = new SourceRow
        {
            Id = id, Platform = "Kakao", StoreId = "S1", CardNumber = _card, AmountSale = 250m, SoldAt = soldAt,
            UpdatedAt = updatedAt, UpdatedAtInstant = new DateTimeOffset(updatedAt, TimeSpan.Zero),
        };
        return new MappedPage(sequence, row.Key, [mapper.Map(row)]);
    }

    /// <summary>The stage's output as a bulk sender takes it: a write returns once the page is indexed.</summary>
    private sealed class IndexingWriter(Func<CheckedPage, Task> index) : ChannelWriter<CheckedPage>
    {
        public List<CheckedPage> Pages { get; } = [];

        public override bool TryWrite(CheckedPage item) => false;

        public override ValueTask<bool> WaitToWriteAsync(CancellationToken ct = default) => ValueTask.FromResult(true);

        public override async ValueTask WriteAsync(CheckedPage item, CancellationToken ct = default)
        {
            Pages.Add(item);
            await index(item);
        }
    }
}

using ControlPlane.Elastic;
using ControlPlane.Loading;

namespace ControlPlane.Tests.Loading;

public sealed class BulkBatchTests : IAsyncLifetime
{
    private LoaderHarness _h = null!;
    public async Task InitializeAsync() => _h = await LoaderHarness.StartAsync();
    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public void BatchesKeepARowsActionsTogetherAndStayUnderTheByteLimit()
    {
        BulkAction A(int row, int start, int length) => new(row, "i", false, true, start, length);
        var actions = new[] { A(0, 0, 400), A(0, 400, 400), A(1, 800, 300), A(2, 1100, 900), A(3, 2000, 1500), A(4, 3500, 10) };

        var batches = BulkSender.Batches(actions, 1024).Select(b => b.Select(a => a.Row).ToArray()).ToList();

        Assert.Equal([[0, 0], [1], [2], [3], [4]], batches); // row 3 alone exceeds the limit and still goes, alone
    }

    [Fact]
    public async Task PagesAreSentInRequestsOfAtMostPageBytes()
    {
        await _h.InsertGoodSalesAsync(30);

        var result = await _h.Loader().LoadAsync(_h.Source(pageRows: 30, pageBytes: 2048), null, default);

        Assert.Equal(30, result.Indexed);
        var bulks = _h.Es.Requests.Where(r => r.Path == "_bulk").ToList();
        Assert.True(bulks.Count > 3, $"{bulks.Count} bulk requests");
        Assert.All(bulks, b => Assert.True(System.Text.Encoding.UTF8.GetByteCount(b.Body) <= 2048));
        Assert.Equal(30, _h.Es.DocumentsOf(IndexNames.Sales).Count);
    }
}

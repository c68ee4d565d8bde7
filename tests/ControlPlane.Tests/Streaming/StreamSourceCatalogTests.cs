using ControlPlane.Assets;
using ControlPlane.Sources;
using ControlPlane.Streaming;

namespace ControlPlane.Tests.Streaming;

public sealed class StreamSourceCatalogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stream-sources-").FullName;
    private AssetRoot Root => new(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(string name, string yaml)
    {
        Directory.CreateDirectory(Root.Sources);
        File.WriteAllText(Path.Combine(Root.Sources, name), yaml);
    }

    [Fact]
    public void TheRepositorysPaymentsSourceReadsTheSeedsTopicInSeoulTime()
    {
        var root = new AssetRoot(TestSupport.RepositoryRoot.Path);

        var source = Assert.Single(StreamSourceCatalog.Load(root));

        Assert.Equal(("payments", "payments", "controlplane-payments", "Asia/Seoul", null), (source.Name, source.Topic, source.Group, source.TimeZone, source.IdField));
        Assert.Equal(("DATE", "MM/dd/yyyy", "TIME", "HH:mm:ss", "AMOUNT", "PAYMENTTYPE", "WHO"),
            (source.Fields.Date, source.Fields.DateFormat, source.Fields.Time, source.Fields.TimeFormat, source.Fields.AmountSale, source.Fields.PaymentType, source.Fields.Recipient));
        Assert.Empty(new StreamSourceAssetCheck().Check(root));
    }

    [Fact]
    public void TheMySqlSourceCatalogLeavesStreamSourcesAlone()
    {
        var root = new AssetRoot(TestSupport.RepositoryRoot.Path);

        Assert.DoesNotContain(SourceCatalog.Load(root), s => s.Name == "payments");
        Assert.Contains(SourceCatalog.Load(root), s => s.Name == "platform_sales");
    }

    [Fact]
    public void AStreamSourceWithoutATopicIsAProblemNamingTheFile()
    {
        Write("clicks.yml", """
            kind: stream_source
            name: clicks
            version: 1
            platform: web
            """);

        var problem = Assert.Single(new StreamSourceAssetCheck().Check(Root));

        Assert.Equal("elastic-assets/sources/clicks.yml", problem.File);
        Assert.Contains("topic", problem.Message);
    }

    [Fact]
    public void AnUnknownKeyIsAProblemWithItsLine()
    {
        Write("clicks.yml", """
            kind: stream_source
            name: clicks
            version: 1
            topic: clicks
            platform: web
            fields:
              amount: PRICE
            """);

        var problem = Assert.Single(new StreamSourceAssetCheck().Check(Root));

        Assert.Equal(7, problem.Line);
        Assert.Contains("amount", problem.Message);
    }

    [Fact]
    public void ARequiredFieldThatIsNotMappedIsAProblem()
    {
        Write("clicks.yml", """
            kind: stream_source
            name: clicks
            version: 1
            topic: clicks
            platform: web
            required: [SHOP]
            """);

        var problem = Assert.Single(new StreamSourceAssetCheck().Check(Root));

        Assert.Contains("'SHOP' is not mapped", problem.Message);
    }

    [Fact]
    public void AnIsoTimestampFieldReplacesDateAndTime()
    {
        Write("orders.yml", """
            kind: stream_source
            name: orders
            version: 1
            topic: shop.orders
            platform: webshop
            id_field: order_id
            fields:
              sold_at: created
              amount_sale: total
              store_id: shop
              card_number: card
            """);

        var source = Assert.Single(StreamSourceCatalog.Load(Root));

        Assert.Equal(("created", null, null, "order_id"), (source.Fields.SoldAt, source.Fields.Date, source.Fields.Time, source.IdField));
    }
}

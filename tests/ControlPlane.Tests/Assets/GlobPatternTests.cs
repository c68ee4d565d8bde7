using ControlPlane.Assets;

namespace ControlPlane.Tests.Assets;

public sealed class GlobPatternTests
{
    [Theory]
    [InlineData("baz", "baz*", true)]              // MetadataIndexTemplateServiceTests: [egg*, baz] vs [abc, baz*]
    [InlineData("egg*", "abc", false)]
    [InlineData("platform_*", "platform_sales-*", true)]
    [InlineData("platform_sales-*", "platform_sales_per_price-*", false)]
    [InlineData("*-logs", "app-*", true)]          // app-logs
    [InlineData("a*b", "*c", false)]
    [InlineData("*", "anything", true)]
    [InlineData("x", "y", false)]
    public void PatternsOverlapWhenSomeNameMatchesBoth(string a, string b, bool overlap)
    {
        Assert.Equal(overlap, GlobPattern.Overlaps(a, b));
        Assert.Equal(overlap, GlobPattern.Overlaps(b, a));
    }
}

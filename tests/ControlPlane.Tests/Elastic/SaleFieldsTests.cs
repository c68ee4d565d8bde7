using System.Text.Json.Nodes;
using ControlPlane.Elastic;
using ControlPlane.Tests.Content;

namespace ControlPlane.Tests.Elastic;

/// <summary>The field names the code writes and queries (<see cref="SaleFields"/>, <see cref="AovFields"/>) are the ones the asset mappings declare.</summary>
public sealed class SaleFieldsTests
{
    [Fact]
    public void EverySaleFieldTheLoaderWritesIsMappedInPlatformSalesAndPlatformFraudSales()
    {
        foreach (var alias in new[] { IndexNames.Sales, IndexNames.FraudSales })
        {
            var properties = Properties(alias);
            foreach (var field in SaleFields.Sale)
                Assert.True(properties.ContainsKey(field), $"{field} is not mapped in {alias}");
        }
    }

    [Fact]
    public void TheVerdictFieldsAreMappedInPlatformFraudSales()
    {
        var properties = Properties(IndexNames.FraudSales);
        foreach (var field in new[] { SaleFields.RuleId, SaleFields.RuleVersion, SaleFields.Reasons, SaleFields.WeeklyAov, SaleFields.RepeatCount, SaleFields.FlaggedAt })
            Assert.True(properties.ContainsKey(field), $"{field} is not mapped in {IndexNames.FraudSales}");
    }

    [Fact]
    public void TheAovFieldsAreMappedInBothTransformOutputs()
    {
        var daily = Properties(IndexNames.DailyAov);
        foreach (var field in new[] { AovFields.StoreId, AovFields.Date, AovFields.TotalSale, AovFields.NumCustomer, AovFields.UnitPrice })
            Assert.True(daily.ContainsKey(field), $"{field} is not mapped in {IndexNames.DailyAov}");
        var weekly = Properties(IndexNames.WeeklyAov);
        foreach (var field in new[] { AovFields.StoreId, AovFields.Date, AovFields.TotalSale, AovFields.NumCustomer, AovFields.WeekAov })
            Assert.True(weekly.ContainsKey(field), $"{field} is not mapped in {IndexNames.WeeklyAov}");
    }

    private static JsonObject Properties(string alias) =>
        RepositoryAssets.Index(alias).EffectiveMappings["properties"] as JsonObject ?? throw new InvalidOperationException($"{alias} has no properties");
}

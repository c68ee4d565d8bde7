using ControlPlane.Loading;

namespace ControlPlane.Tests.Loading;

/// <summary>The external version of a row version: from its updated_at as stored, stable across zones and runs.</summary>
public sealed class VersionsTests
{
    [Theory]
    [InlineData("Asia/Seoul")]
    [InlineData("America/New_York")]
    [InlineData("Etc/GMT+12")]          // the westernmost offset, -12:00
    [InlineData("Pacific/Kiritimati")]  // the easternmost, +14:00
    public void EveryVersionIsAtLeastTheOneALoaderBeforeIssue14WroteForTheSameValue(string sourceZone)
    {
        // Before issue 14 the version was the value read as local time of the source's zone, in µs since the epoch.
        var zone = TimeZoneInfo.FindSystemTimeZoneById(sourceZone);
        foreach (var value in new[] { new DateTime(2026, 3, 8, 2, 30, 0), new DateTime(2026, 11, 1, 1, 30, 0), new DateTime(2026, 12, 1, 14, 56, 0, 70) })
        {
            var before = (new DateTimeOffset(value, zone.GetUtcOffset(value)).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
            Assert.True(Versions.Of(value) >= before, $"{value:O} in {sourceZone}: {Versions.Of(value)} < {before}");
        }
    }

    [Fact]
    public void ALaterValueAlwaysGetsAGreaterVersionEvenAcrossAClockChange()
    {
        // 01:59:59.999999 then 01:00 again (New York's fall-back) are different values: the keyset reads them in value order.
        var values = new[] { new DateTime(2026, 11, 1, 0, 59, 59), new DateTime(2026, 11, 1, 1, 0, 0), new DateTime(2026, 11, 1, 1, 0, 0).AddTicks(10), new DateTime(2026, 3, 8, 2, 30, 0) }.Order().ToList();
        var versions = values.Select(Versions.Of).ToList();
        Assert.Equal(versions.Order(), versions);
        Assert.Equal(versions.Count, versions.Distinct().Count());
    }

    [Fact]
    public void AStoredUpdatedAtGivesBackItsVersionWhateverOffsetItCarries()
    {
        var value = new DateTime(2026, 12, 1, 14, 56, 0).AddTicks(700);
        Assert.Equal(Versions.Of(value), Versions.Of(new DateTimeOffset(value, TimeSpan.Zero)));
        Assert.Equal(Versions.Of(value), Versions.Of(new DateTimeOffset(value, TimeSpan.FromHours(9))));  // a document written before issue 14
        Assert.Equal(Versions.Of(value), Versions.Of(new DateTimeOffset(value, TimeSpan.FromHours(-5))));
    }
}

using ControlPlane.ElasticRules;

namespace ControlPlane.Tests.ElasticRules;

/// <summary>
/// A day as a <c>date</c> field with the <c>yyyy-MM-dd</c> / <c>strict_date</c> format reads it: four-digit year, two-digit
/// month and day, a real calendar day (https://www.elastic.co/guide/en/elasticsearch/reference/current/mapping-date-format.html).
/// </summary>
public sealed class EsDatesTests
{
    [Theory]
    [InlineData("2026-11-21", 2026, 11, 21)]
    [InlineData("2024-02-29", 2024, 2, 29)]
    public void ARealDayIsRead(string text, int year, int month, int day)
    {
        Assert.True(EsDates.TryParseDay(text, out var parsed));
        Assert.Equal(new DateOnly(year, month, day), parsed);
    }

    [Theory]
    [InlineData("2026-02-29")]
    [InlineData("2026-13-01")]
    [InlineData("2026-11-00")]
    [InlineData("2026-1-21")]
    [InlineData("2026/11/21")]
    [InlineData("2026-11-2x")]
    [InlineData("2026-11-21T10:00")]
    public void AnythingElseIsNotADay(string text) => Assert.False(EsDates.TryParseDay(text, out _));
}

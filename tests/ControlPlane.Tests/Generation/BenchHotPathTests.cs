using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ControlPlane.Loading;

namespace ControlPlane.Tests.Generation;

/// <summary>
/// What the bench's profiling changed on the loader's hot path must write the very same bytes as before: ISO dates
/// without format strings, and fingerprints from a reused HMAC state.
/// </summary>
public sealed class BenchHotPathTests
{
    public static TheoryData<string, int> Instants => new()
    {
        { "2026-11-21T14:05:00.1234567+09:00", 540 },
        { "0999-01-02T03:04:05.0000001+00:00", 0 },
        { "2026-03-08T02:30:59.9999999-05:00", -300 },
        { "2026-06-30T23:59:59.0005000+05:45", 345 },
        { "2026-12-31T00:00:00.0000000-09:30", -570 },
    };

    [Theory]
    [MemberData(nameof(Instants))]
    public void IsoTextWritesWhatTheFormatStringsWrite(string text, int offsetMinutes)
    {
        var t = DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture);
        Assert.Equal(offsetMinutes, (int)t.Offset.TotalMinutes);
        Span<byte> utf8 = stackalloc byte[IsoText.MaxLength];

        Assert.Equal(t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture), Encoding.UTF8.GetString(utf8[..IsoText.Milliseconds(t, utf8)]));
        Assert.Equal(t.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture), Encoding.UTF8.GetString(utf8[..IsoText.Microseconds(t, utf8)]));
        var day = DateOnly.FromDateTime(t.DateTime);
        Assert.Equal(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Encoding.UTF8.GetString(utf8[..IsoText.Day(day, utf8)]));
    }

    [Fact]
    public void AReusedHmacGivesEachCardTheOneShotHmacFingerprint()
    {
        var cards = CardFingerprint.Create("bench-key");
        foreach (var digits in new[] { "4048251234567890", "123456789012", "5520701234567890123", "4048251234567890" })
        {
            var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("bench-key"), Encoding.UTF8.GetBytes(digits)));
            Assert.Equal(expected, cards.Fingerprint(digits));
        }
    }

    [Theory]
    [InlineData("4048251234567890", true, "4048251234567890", "************7890")]
    [InlineData("4048-2512-3456-7890", true, "4048251234567890", "************7890")]
    [InlineData("4048 XXXX XXXX 7890", false, "", "****")]
    public void PlainDigitsAreTakenAsTheyAreAndMaskedTheSameWay(string raw, bool valid, string digits, string masked)
    {
        Assert.Equal(valid, CardFingerprint.TryNormalize(raw, out var normalized, out _));
        Assert.Equal(digits, normalized);
        Assert.Equal(masked, CardFingerprint.Mask(raw));
    }
}

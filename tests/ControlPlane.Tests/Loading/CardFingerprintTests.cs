using System.Security.Cryptography;
using System.Text;
using ControlPlane.Loading;

namespace ControlPlane.Tests.Loading;

public sealed class CardFingerprintTests
{
    [Fact]
    public void TheFingerprintIsTheHmacOfTheDigitsUnderTheKey()
    {
        var cards = CardFingerprint.Create("k1");
        Assert.True(CardFingerprint.TryNormalize("4111 1111-1111 1111", out var digits, out _));

        var expected = Convert.ToHexStringLower(new HMACSHA256(Encoding.UTF8.GetBytes("k1")).ComputeHash(Encoding.UTF8.GetBytes("4111111111111111")));
        Assert.Equal(expected, cards.Fingerprint(digits));
        Assert.Equal(cards.Fingerprint("4111111111111111"), cards.Fingerprint(digits)); // spaces and dashes do not matter
        Assert.NotEqual(expected, CardFingerprint.Create("k2").Fingerprint(digits)); // the key does
    }

    [Theory]
    [InlineData("4111111111111111", "************1111")]
    [InlineData("4111-1111-1111-1234", "************1234")]
    [InlineData("123456789012", "********9012")]
    [InlineData("12345678901", "****")]
    [InlineData("", "")]
    public void TheMaskShowsTheLastFourDigitsOfACardNumberOnly(string raw, string masked) =>
        Assert.Equal(masked, CardFingerprint.Mask(raw));

    [Theory]
    [InlineData(null, "card number is missing")]
    [InlineData("   ", "card number is missing")]
    [InlineData("12345678901", "card number has 11 digits, not 12–19")]
    [InlineData("12345678901234567890", "card number has 20 digits, not 12–19")]
    [InlineData("4111.1111.1111.1111", "card number has characters other than digits, spaces and dashes")]
    public void WhatIsNotACardNumberIsSaidWithoutQuotingIt(string? raw, string problem)
    {
        Assert.False(CardFingerprint.TryNormalize(raw, out _, out var actual));
        Assert.Equal(problem, actual);
    }

    [Fact]
    public void AMissingKeyIsAnErrorNamingTheSetting()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => CardFingerprint.Create(" "));
        Assert.Contains("CARD_HMAC_KEY", ex.Message);
    }
}

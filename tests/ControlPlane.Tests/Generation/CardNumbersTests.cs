using ControlPlane.Generation;

namespace ControlPlane.Tests.Generation;

public sealed class CardNumbersTests
{
    [Fact]
    public void EachCardIdIsADistinctLuhnValidSixteenDigitNumberAndTheSeedChangesThem()
    {
        var salt = CardNumbers.Salt(1);
        var ids = Enumerable.Range(0, 20_000).Concat([CardNumbers.MaxCardId - 1, CardNumbers.MaxCardId]).ToList();
        var numbers = ids.Select(id => CardNumbers.Format(id, salt)).ToList();

        Assert.All(numbers, n => Assert.True(n.Length == 16 && n.All(char.IsAsciiDigit) && CardNumbers.PassesLuhn(n), n[^4..]));
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        Assert.Equal(numbers, ids.Select(id => CardNumbers.Format(id, salt)));
        var otherSeed = ids.Select(id => CardNumbers.Format(id, CardNumbers.Salt(2))).ToList();
        Assert.True(numbers.Zip(otherSeed).Count(p => p.First == p.Second) < 10, "another seed gives other numbers");
    }

    [Theory]
    [InlineData("4539578763621486", true)]
    [InlineData("4539578763621487", false)]
    [InlineData("79927398713", true)]
    public void TheLuhnCheckAgreesWithKnownNumbers(string number, bool valid) => Assert.Equal(valid, CardNumbers.PassesLuhn(number));
}

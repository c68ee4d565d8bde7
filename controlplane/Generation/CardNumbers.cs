namespace ControlPlane.Generation;

/// <summary>
/// Valid-looking 16-digit card numbers (issuer prefix, 9 account digits, Luhn check digit) derived from a card id.
/// Distinct ids below 10^9 give distinct numbers: the account digits are a bijection of the id modulo 10^9.
/// Raw numbers are only ever written to MySQL; labels keep the last four digits.
/// </summary>
internal static class CardNumbers
{
    public const int Length = 16;
    public const int MaxCardId = 999_999_999;

    private const long AccountSpace = 1_000_000_000;
    // Coprime with 10, so multiplying by it permutes the account space.
    private const long Scramble = 387_420_489;

    /// <summary>Plausible 6-digit issuer prefixes: Visa, Mastercard, JCB and domestic Korean BINs.</summary>
    private static readonly string[] IssuerPrefixes = ["404825", "457972", "520509", "538920", "552070", "356316", "944603", "949094"];

    /// <summary>An account offset derived from the seed, so another seed gives other numbers for the same ids.</summary>
    public static long Salt(int seed) => (long)(SeedMixer.Mix((ulong)(uint)seed ^ 0xC4D5) % AccountSpace);

    public static void Write(int cardId, long salt, Span<char> destination)
    {
        var prefix = IssuerPrefixes[(int)(SeedMixer.Mix((ulong)cardId) % (ulong)IssuerPrefixes.Length)];
        prefix.AsSpan().CopyTo(destination);
        var account = (cardId * Scramble + salt) % AccountSpace;
        for (var i = 14; i >= 6; i--, account /= 10) destination[i] = (char)('0' + account % 10);
        destination[15] = LuhnCheckDigit(destination[..15]);
    }

    public static string Format(int cardId, long salt)
    {
        Span<char> digits = stackalloc char[Length];
        Write(cardId, salt, digits);
        return new string(digits);
    }

    /// <summary>The digit that makes <paramref name="payload"/> followed by it pass the Luhn check.</summary>
    public static char LuhnCheckDigit(ReadOnlySpan<char> payload)
    {
        var sum = 0;
        for (var i = 0; i < payload.Length; i++)
        {
            var d = payload[payload.Length - 1 - i] - '0';
            if (i % 2 == 0) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        return (char)('0' + (10 - sum % 10) % 10);
    }

    public static bool PassesLuhn(ReadOnlySpan<char> number) =>
        number.Length >= 2 && LuhnCheckDigit(number[..^1]) == number[^1];
}

using System.Security.Cryptography;
using System.Text;

namespace ControlPlane.Loading;

/// <summary>
/// Turns a card number into what may leave the loader: an HMAC-SHA256 fingerprint keyed by CARD_HMAC_KEY (lower-case hex,
/// so the same card always matches without the number being recoverable) and a mask showing the last four digits.
/// The raw number goes nowhere else.
/// </summary>
public sealed class CardFingerprint
{
    public const int MinDigits = 12;
    public const int MaxDigits = 19;

    // One HMAC state reused for every card: the one-shot HMACSHA256.HashData sets OpenSSL up anew on each call,
    // which the bench measured as a large share of the loader's CPU. The lock is uncontended (one mapper per run).
    private readonly IncrementalHash _hmac;
    private readonly Lock _gate = new();

    private CardFingerprint(byte[] key, string keyId)
    {
        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        KeyId = keyId;
        KeyCheck = Convert.ToHexStringLower(HMACSHA256.HashData(key, "controlplane card key check"u8))[..16];
    }

    /// <summary>The key's id (CARD_HMAC_KEY_ID): which key made a fingerprint.</summary>
    public string KeyId { get; }

    /// <summary>
    /// 16 hex of HMAC(key, a fixed label): tells two keys apart (a key changed under the same id) without revealing either,
    /// and without being a fingerprint of any card.
    /// </summary>
    public string KeyCheck { get; }

    /// <summary>Throws a message naming the setting when the key is missing: there is deliberately no default key.</summary>
    public static CardFingerprint Create(string? key, string keyId = "k1")
    {
        if (string.IsNullOrWhiteSpace(key))
            throw new InvalidOperationException(
                "CARD_HMAC_KEY is not set: the loader needs a secret key to fingerprint card numbers (set CARD_HMAC_KEY or CARD_HMAC_KEY_FILE).");
        return new CardFingerprint(Encoding.UTF8.GetBytes(key), keyId);
    }

    /// <summary>
    /// The card's digits with spaces and dashes removed, or a reason it is not a card number.
    /// The reason never quotes the value.
    /// </summary>
    public static bool TryNormalize(string? raw, out string digits, out string? problem)
    {
        digits = "";
        if (string.IsNullOrWhiteSpace(raw)) { problem = "card number is missing"; return false; }
        if (raw.Length is >= MinDigits and <= MaxDigits && !raw.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            // Plain digits, the common case: nothing to remove, no copy.
            digits = raw;
            problem = null;
            return true;
        }
        var buffer = new StringBuilder(raw.Length);
        foreach (var c in raw)
        {
            if (c is ' ' or '-') continue;
            if (c is < '0' or > '9') { problem = "card number has characters other than digits, spaces and dashes"; return false; }
            buffer.Append(c);
        }
        if (buffer.Length is < MinDigits or > MaxDigits)
        {
            problem = $"card number has {buffer.Length} digits, not {MinDigits}–{MaxDigits}";
            return false;
        }
        digits = buffer.ToString();
        problem = null;
        return true;
    }

    /// <summary>HMAC-SHA256(key, digits) as 64 lower-case hex characters.</summary>
    public string Fingerprint(string digits)
    {
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Span<byte> data = stackalloc byte[MaxDigits * 4];
        var length = Encoding.UTF8.GetBytes(digits.AsSpan(0, Math.Min(digits.Length, MaxDigits)), data);
        lock (_gate)
        {
            _hmac.AppendData(data[..length]);
            _hmac.GetHashAndReset(hash);
        }
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// <c>************1234</c>: one star per hidden digit and the last four. Values that are not a card number
    /// (fewer than 12 digits) show no digit at all.
    /// </summary>
    public static string Mask(string? raw)
    {
        if (string.IsNullOrEmpty(raw)) return "";
        if (raw.Length >= MinDigits && !raw.AsSpan().ContainsAnyExceptInRange('0', '9'))
            return string.Create(raw.Length, raw, static (masked, digits) =>
            {
                masked[..^4].Fill('*');
                digits.AsSpan(digits.Length - 4).CopyTo(masked[^4..]);
            });
        var digits = new StringBuilder();
        foreach (var c in raw) if (c is >= '0' and <= '9') digits.Append(c);
        if (digits.Length < MinDigits) return "****";
        return new string('*', digits.Length - 4) + digits.ToString(digits.Length - 4, 4);
    }
}

namespace ControlPlane.Loading;

/// <summary>
/// Refuses a card key other than the one a source's documents were fingerprinted with, unless a rotation is under way:
/// one index holding fingerprints of two keys makes the fraud check's repeat count blind across them. The state records
/// the key's id and check value (<see cref="CardFingerprint.KeyCheck"/>); a new key is accepted when the key the state
/// names is configured as the previous one (CARD_HMAC_PREVIOUS_KEY + _ID), and from then on the state names the new key.
/// README, "Rotating the card key", is the procedure.
/// </summary>
public static class CardKeyGuard
{
    /// <summary>Null when <paramref name="active"/> may write this source's documents; otherwise why not, naming the settings.</summary>
    public static string? Refusal(string source, LoaderState state, CardFingerprint active, CardFingerprint? previous)
    {
        if (state.CardKeyId is null || state.CardKeyCheck is null) return null; // first run, or state from before key ids
        if (state.CardKeyId == active.KeyId && state.CardKeyCheck == active.KeyCheck) return null;
        if (previous is not null && state.CardKeyId == previous.KeyId && state.CardKeyCheck == previous.KeyCheck) return null;
        var what = state.CardKeyId == active.KeyId
            ? $"CARD_HMAC_KEY is not the key '{state.CardKeyId}' the documents of source {source} were fingerprinted with (same CARD_HMAC_KEY_ID, different key)"
            : $"CARD_HMAC_KEY_ID '{active.KeyId}' is not the key '{state.CardKeyId}' the documents of source {source} were fingerprinted with";
        var previousProblem = previous is null ? "" : $"; CARD_HMAC_PREVIOUS_KEY{(previous.KeyId == state.CardKeyId ? " is not that key either" : $"_ID is '{previous.KeyId}'")}";
        return $"{what}{previousProblem}: to rotate, give the new key a new CARD_HMAC_KEY_ID and the old one as CARD_HMAC_PREVIOUS_KEY with CARD_HMAC_PREVIOUS_KEY_ID '{state.CardKeyId}', then backfill (README, \"Rotating the card key\"); otherwise restore the old key";
    }
}

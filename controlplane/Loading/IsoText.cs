namespace ControlPlane.Loading;

/// <summary>
/// ISO 8601 text written straight into UTF-8 bytes, for the bulk body's hot path: the same text as the format
/// strings <c>yyyy-MM-dd'T'HH:mm:ss.fffzzz</c> (<see cref="Milliseconds"/>), <c>…ffffffzzz</c> (<see cref="Microseconds"/>)
/// and <c>yyyy-MM-dd</c> (<see cref="Day"/>), without a string or a format parse per value.
/// </summary>
public static class IsoText
{
    /// <summary>Room for the longest value: <c>yyyy-MM-ddTHH:mm:ss.ffffff+hh:mm</c>.</summary>
    public const int MaxLength = 32;

    public static int Milliseconds(DateTimeOffset t, Span<byte> utf8) => Write(t, 3, utf8);

    public static int Microseconds(DateTimeOffset t, Span<byte> utf8) => Write(t, 6, utf8);

    public static int Day(DateOnly d, Span<byte> utf8)
    {
        Digits(d.Year, 4, utf8);
        utf8[4] = (byte)'-';
        Digits(d.Month, 2, utf8[5..]);
        utf8[7] = (byte)'-';
        Digits(d.Day, 2, utf8[8..]);
        return 10;
    }

    private static int Write(DateTimeOffset t, int fractionDigits, Span<byte> utf8)
    {
        var local = t.DateTime;
        var n = Day(DateOnly.FromDateTime(local), utf8);
        utf8[n++] = (byte)'T';
        Digits(local.Hour, 2, utf8[n..]);
        utf8[n + 2] = (byte)':';
        Digits(local.Minute, 2, utf8[(n + 3)..]);
        utf8[n + 5] = (byte)':';
        Digits(local.Second, 2, utf8[(n + 6)..]);
        utf8[n + 8] = (byte)'.';
        n += 9;
        // Ticks within the second are 7 digits; "fff" and "ffffff" truncate them, as the format strings do.
        var fraction = (int)(local.Ticks % TimeSpan.TicksPerSecond);
        Digits(fraction / (fractionDigits == 3 ? 10_000 : 10), fractionDigits, utf8[n..]);
        n += fractionDigits;
        var offset = (int)t.Offset.TotalMinutes;
        utf8[n++] = offset < 0 ? (byte)'-' : (byte)'+';
        offset = Math.Abs(offset);
        Digits(offset / 60, 2, utf8[n..]);
        utf8[n + 2] = (byte)':';
        Digits(offset % 60, 2, utf8[(n + 3)..]);
        return n + 5;
    }

    private static void Digits(int value, int count, Span<byte> utf8)
    {
        for (var i = count - 1; i >= 0; i--, value /= 10) utf8[i] = (byte)('0' + value % 10);
    }
}

using System.Globalization;
using System.Text;

namespace ControlPlane.Generation;

/// <summary>
/// Literal SQL and LOAD DATA text, formatted with the invariant culture. String literals escape the characters MySQL
/// treats specially (the session runs without NO_BACKSLASH_ESCAPES, see <see cref="GenerationSession"/>).
/// </summary>
internal static class SqlText
{
    public const string DateTimeFormat = "yyyy-MM-dd HH:mm:ss.ffffff";

    public static string Identifier(string name) => "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";

    public static void AppendStringLiteral(StringBuilder sb, ReadOnlySpan<char> value)
    {
        sb.Append('\'');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\0': sb.Append("\\0"); break;
                case '\'': sb.Append("\\'"); break;
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\u001a': sb.Append("\\Z"); break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('\'');
    }

    /// <summary>A field of a LOAD DATA file with <c>FIELDS TERMINATED BY '\t' ESCAPED BY '\\' LINES TERMINATED BY '\n'</c>.</summary>
    public static void AppendTsvField(StringBuilder sb, ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\0': sb.Append("\\0"); break;
                case '\\': sb.Append("\\\\"); break;
                case '\t': sb.Append("\\t"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                default: sb.Append(c); break;
            }
        }
    }

    public static void AppendCents(StringBuilder sb, long cents)
    {
        if (cents < 0) { sb.Append('-'); cents = -cents; }
        sb.Append(CultureInfo.InvariantCulture, $"{cents / 100}.{cents % 100:D2}");
    }

    public static void AppendDateTime(StringBuilder sb, long localTicks)
    {
        Span<char> text = stackalloc char[DateTimeFormat.Length];
        new DateTime(localTicks).TryFormat(text, out var written, DateTimeFormat, CultureInfo.InvariantCulture);
        sb.Append(text[..written]);
    }

    public static string DateTimeLiteral(long localTicks)
    {
        var sb = new StringBuilder(28).Append('\'');
        AppendDateTime(sb, localTicks);
        return sb.Append('\'').ToString();
    }
}

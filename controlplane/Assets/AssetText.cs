using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace ControlPlane.Assets;

/// <summary>
/// Reads an asset file as strict UTF-8. <see cref="File.ReadAllText(string)"/> would turn invalid bytes into U+FFFD without
/// a word, so a mis-encoded description or pattern would reach the cluster garbled; here it is an error naming file:line.
/// </summary>
public static class AssetText
{
    /// <summary>The file's text (a leading UTF-8 byte order mark dropped); throws <see cref="AssetException"/> at the first invalid byte.</summary>
    public static string Read(AssetRoot root, string path)
    {
        var bytes = File.ReadAllBytes(path);
        var start = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        var content = bytes.AsSpan(start);
        var chars = new char[content.Length];
        // Utf8.ToUtf16 without replacement stops at the first invalid sequence and says how far it got.
        var status = Utf8.ToUtf16(content, chars, out var bytesRead, out var charsWritten, replaceInvalidSequences: false);
        if (status == OperationStatus.Done) return new string(chars, 0, charsWritten);
        var at = start + bytesRead;
        var line = 1 + bytes.AsSpan(0, at).Count((byte)'\n');
        var what = at < bytes.Length ? $"byte 0x{bytes[at]:X2}" : "a cut-off character at the end";
        throw new AssetException(root.Relative(path), line, $"not valid UTF-8 ({what}); save the file as UTF-8");
    }

    /// <summary>The file's lines, read strictly as <see cref="Read"/> does.</summary>
    public static IEnumerable<string> ReadLines(AssetRoot root, string path) =>
        Read(root, path).Split('\n').Select(l => l.TrimEnd('\r'));
}

using ControlPlane.Assets;
using Cronos;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ControlPlane.Sources;

/// <summary>Reads and checks every <c>elastic-assets/sources/*.yml</c>; errors name <c>file:line</c>.</summary>
public static class SourceCatalog
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    public static IReadOnlyList<SourceDefinition> Load(AssetRoot root)
    {
        if (!Directory.Exists(root.Sources)) return [];
        var sources = Directory.EnumerateFiles(root.Sources, "*.yml").Order(StringComparer.Ordinal).Select(f => LoadFile(root, f)).ToList();
        var duplicate = sources.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new AssetException(duplicate.Last().File, 1, $"source name '{duplicate.Key}' is also defined in {duplicate.First().File}");
        return sources;
    }

    public static SourceDefinition Get(AssetRoot root, string name) =>
        Load(root).FirstOrDefault(s => s.Name == name)
        ?? throw new ArgumentException($"no source named '{name}' under {root.Relative(root.Sources)}/ (known: {string.Join(", ", Load(root).Select(s => s.Name))})");

    public static SourceDefinition LoadFile(AssetRoot root, string path)
    {
        var file = root.Relative(path);
        SourceFile raw;
        try
        {
            raw = Yaml.Deserialize<SourceFile>(File.ReadAllText(path)) ?? throw new AssetException(file, 1, "empty source file");
        }
        catch (YamlException ex)
        {
            throw new AssetException(file, (int)ex.Start.Line, (ex.InnerException?.Message ?? ex.Message).Trim());
        }
        if (raw.Kind != "source") throw new AssetException(file, 1, $"kind must be 'source', not '{raw.Kind}'");
        SourceDefinition s = raw;
        s.File = file;
        if (string.IsNullOrWhiteSpace(s.Name)) throw new AssetException(file, 1, "missing required field 'name'");
        if (s.Version < 1) throw new AssetException(file, 1, "missing or non-positive integer 'version'");
        if (string.IsNullOrWhiteSpace(s.Table)) throw new AssetException(file, 1, "missing required field 'table'");
        if (s.Platform is null && s.Columns.Platform is null)
            throw new AssetException(file, 1, "either 'platform' (a fixed name) or 'columns.platform' (a column) is required");
        try { _ = s.TimeZoneInfo; }
        catch (TimeZoneNotFoundException) { throw new AssetException(file, 1, $"unknown time_zone '{s.TimeZone}'"); }
        if (s.UpdatedAtTimeZone is not null)
        {
            if (string.IsNullOrWhiteSpace(s.UpdatedAtTimeZone))
                throw new AssetException(file, 1, "updated_at_time_zone is empty: name an IANA zone (e.g. UTC, Asia/Seoul) or leave the key out to use the database's session zone");
            try { _ = s.UpdatedAtTimeZoneInfo; }
            catch (TimeZoneNotFoundException) { throw new AssetException(file, 1, $"unknown updated_at_time_zone '{s.UpdatedAtTimeZone}' (an IANA zone such as UTC or Asia/Seoul)"); }
        }
        if (!CronExpression.TryParse(s.Schedule, CronFormat.Standard, out var cron)) throw new AssetException(file, 1, $"schedule '{s.Schedule}' is not a 5-field cron expression");
        if (cron.GetNextOccurrence(new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc)) is null) throw new AssetException(file, 1, $"schedule '{s.Schedule}' never occurs");
        if (!DurationText.TryParse(s.ChangeCapture.Lag, out _)) throw new AssetException(file, 1, $"change_capture.lag '{s.ChangeCapture.Lag}' is not a duration");
        if (!DurationText.TryParse(s.ChangeCapture.Overlap, out _)) throw new AssetException(file, 1, $"change_capture.overlap '{s.ChangeCapture.Overlap}' is not a duration");
        if (s.ChangeCapture.PageRows is < 1 or > 100_000) throw new AssetException(file, 1, "change_capture.page_rows must be 1–100000");
        if (s.ChangeCapture.PageBytes is < 1024) throw new AssetException(file, 1, "change_capture.page_bytes must be at least 1024");
        return s;
    }

    /// <summary>The file's shape: the definition's fields with <c>kind</c> beside them.</summary>
    private sealed class SourceFile : SourceDefinition
    {
        public string Kind { get; set; } = "";
    }
}

using ControlPlane.Assets;
using ControlPlane.Sources;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ControlPlane.Streaming;

/// <summary>
/// Reads and checks the <c>kind: stream_source</c> files of <c>elastic-assets/sources/</c> (the MySQL sources beside them
/// are <see cref="SourceCatalog"/>'s); every problem names <c>file:line</c>.
/// </summary>
public static class StreamSourceCatalog
{
    public const string Kind = "stream_source";

    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    public static IReadOnlyList<StreamSourceDefinition> Load(AssetRoot root)
    {
        var sources = Files(root).Select(f => LoadFile(root, f)).ToList();
        var duplicate = sources.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new AssetException(duplicate.Last().File, 1, $"stream source name '{duplicate.Key}' is also defined in {duplicate.First().File}");
        return sources;
    }

    public static StreamSourceDefinition Get(AssetRoot root, string name) =>
        Load(root).FirstOrDefault(s => s.Name == name)
        ?? throw new ArgumentException($"no stream source named '{name}' under {root.Relative(root.Sources)}/ (known: {string.Join(", ", Load(root).Select(s => s.Name))})");

    /// <summary>Whether the file declares <c>kind: stream_source</c> (a cheap look at the top-level <c>kind</c> only).</summary>
    public static bool IsStreamSource(string path) => AssetFileKind.Of(path) == Kind;

    private static IEnumerable<string> Files(AssetRoot root) =>
        Directory.Exists(root.Sources)
            ? Directory.EnumerateFiles(root.Sources, "*.yml").Order(StringComparer.Ordinal).Where(IsStreamSource)
            : [];

    public static StreamSourceDefinition LoadFile(AssetRoot root, string path)
    {
        var file = root.Relative(path);
        StreamSourceFile s;
        try
        {
            s = Yaml.Deserialize<StreamSourceFile>(File.ReadAllText(path)) ?? throw new AssetException(file, 1, "empty stream source file");
        }
        catch (YamlException ex)
        {
            throw new AssetException(file, (int)ex.Start.Line, (ex.InnerException?.Message ?? ex.Message).Trim());
        }
        s.File = file;
        if (s.Kind != Kind) throw new AssetException(file, 1, $"kind must be '{Kind}', not '{s.Kind}'");
        if (string.IsNullOrWhiteSpace(s.Name)) throw new AssetException(file, 1, "missing required field 'name'");
        var expectedName = Path.GetFileNameWithoutExtension(path);
        if (s.Name != expectedName) throw new AssetException(file, 1, $"name '{s.Name}' must match the file name '{expectedName}'");
        if (s.Version < 1) throw new AssetException(file, 1, "missing or non-positive integer 'version'");
        if (string.IsNullOrWhiteSpace(s.Topic)) throw new AssetException(file, 1, "missing required field 'topic'");
        if (!KafkaNames.IsValidTopic(s.Topic)) throw new AssetException(file, 1, $"topic '{s.Topic}' is not a Kafka topic name (letters, digits, '.', '_', '-', at most 249)");
        if (string.IsNullOrWhiteSpace(s.Platform)) throw new AssetException(file, 1, "missing required field 'platform' (the platform name of this stream's sales)");
        try { _ = s.TimeZoneInfo; }
        catch (TimeZoneNotFoundException) { throw new AssetException(file, 1, $"unknown time_zone '{s.TimeZone}'"); }

        var f = s.Fields;
        if (f.SoldAt is null && (f.Date is null || f.Time is null))
            throw new AssetException(file, 1, "fields: either 'sold_at' (one ISO 8601 field) or both 'date' and 'time' are required");
        if (f.SoldAt is not null) { f.Date = null; f.Time = null; } // sold_at wins over the DATE/TIME defaults
        if (string.IsNullOrWhiteSpace(f.AmountSale)) throw new AssetException(file, 1, "fields.amount_sale is required");
        if (!LocalFormat.IsValid(f.DateFormat, DateTime.Today)) throw new AssetException(file, 1, $"fields.date_format '{f.DateFormat}' is not a .NET date format");
        if (!LocalFormat.IsValid(f.TimeFormat, DateTime.Today.AddHours(13.5))) throw new AssetException(file, 1, $"fields.time_format '{f.TimeFormat}' is not a .NET time format");
        var mapped = new[] { f.Date, f.Time, f.SoldAt, f.AmountSale, f.PaymentType, f.Recipient, f.StoreId, f.CardNumber, s.IdField }.Where(n => n is not null).ToHashSet();
        foreach (var required in s.Required)
            if (!mapped.Contains(required)) throw new AssetException(file, 1, $"required field '{required}' is not mapped under fields (or id_field)");
        if (s.Batch.MaxMessages is < 1 or > 100_000) throw new AssetException(file, 1, "batch.max_messages must be 1–100000");
        if (!DurationText.TryParse(s.Batch.MaxWait, out var wait) || wait > TimeSpan.FromMinutes(1))
            throw new AssetException(file, 1, $"batch.max_wait '{s.Batch.MaxWait}' is not a duration up to 1m (e.g. 200ms)");
        return s;
    }

    /// <summary>The file's shape: the definition's fields with <c>kind</c> beside them.</summary>
    private sealed class StreamSourceFile : StreamSourceDefinition
    {
        public string Kind { get; set; } = "";
    }

    private static class LocalFormat
    {
        public static bool IsValid(string format, DateTime sample)
        {
            try
            {
                var text = sample.ToString(format, System.Globalization.CultureInfo.InvariantCulture);
                return DateTime.TryParseExact(text, format, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _);
            }
            catch (FormatException) { return false; }
        }
    }
}

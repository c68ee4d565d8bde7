using ControlPlane.Assets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Kibana;

/// <summary>
/// <c>kibana import</c> and the Kibana part of <c>apply</c>: checks <c>kibana-saved-objects/</c> offline first (a broken
/// set is never sent), then imports every object in one <c>_import?overwrite=true</c> so references between them resolve,
/// then sets the space's advanced settings (<see cref="AdvancedSettings"/>, e.g. <c>dateFormat:tz</c>) when all went in.
/// </summary>
public sealed class SavedObjectImporter(KibanaClient client, IOptions<KibanaOptions> options, ILogger<SavedObjectImporter> logger)
{
    public async Task<KibanaImportResult> ImportAsync(AssetRoot root, string? space, CancellationToken ct)
    {
        var objects = LoadChecked(root);
        space ??= options.Value.Space;
        KibanaLog.Importing(logger, objects.Count, space ?? "default");
        var result = await client.ImportAsync(SavedObjectFiles.ToNdjson(objects), space, ct).ConfigureAwait(false);

        // Kibana leaves the title out of some errors; ours is known, so every failure can be named fully.
        var titles = objects.ToDictionary(o => o.Key, o => o.Title);
        var errors = result.Errors.Select(e => e.Title is null && titles.GetValueOrDefault(new SavedObjectKey(e.Type, e.Id)) is { } t ? e with { Title = t } : e).ToList();
        foreach (var e in errors) KibanaLog.ImportFailed(logger, e);
        KibanaLog.Imported(logger, result.SuccessCount, errors.Count);
        var settings = AdvancedSettings.Load(root);
        if (errors.Count > 0 || settings.Values.Count == 0) return result with { Errors = errors };
        await client.SetSettingsAsync(settings.Values, space, ct).ConfigureAwait(false);
        KibanaLog.SettingsSet(logger, settings.Values.Count, space ?? "default");
        return result with { Errors = errors, SettingsSet = settings.Values.Keys.Order(StringComparer.Ordinal).ToList() };
    }

    /// <summary>The saved objects, or an error listing every problem <c>validate</c> would report.</summary>
    public static IReadOnlyList<SavedObject> LoadChecked(AssetRoot root)
    {
        AdvancedSettings.Load(root); // a malformed settings file stops the import before anything is sent
        var read = SavedObjectFiles.Read(root);
        var problems = SavedObjectsCheck.Check(read);
        if (problems.Count > 0)
            throw new InvalidOperationException($"{problems.Count} problem(s) in {root.Relative(root.KibanaSavedObjects)}/, nothing was sent:\n  " + string.Join("\n  ", problems));
        if (read.Objects.Count == 0)
            throw new InvalidOperationException($"no saved objects found: {root.Relative(root.KibanaSavedObjects)}/*.ndjson is missing or empty");
        return read.Objects;
    }
}

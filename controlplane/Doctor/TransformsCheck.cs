using ControlPlane.Elastic;
using ControlPlane.Http;

namespace ControlPlane.Doctor;

/// <summary>The AOV transforms the fraud check reads: each started (or indexing) and healthy (green).</summary>
public static class TransformsCheck
{
    private static readonly string[] Outputs = [IndexNames.DailyAov, IndexNames.WeeklyAov];

    public static async Task<IReadOnlyList<DoctorLine>> RunAsync(DoctorContext context, CancellationToken ct)
    {
        if (context.Cluster is null) return [.. Outputs.Select(o => DoctorLine.Skip($"transform {o}", "Elasticsearch check failed"))];
        var lines = new List<DoctorLine>();
        foreach (var output in Outputs)
        {
            var name = $"transform {output}";
            try
            {
                var ids = await context.Elasticsearch.TransformsBehindAliasAsync(output, ct).ConfigureAwait(false);
                var stats = await context.Elasticsearch.TransformStatsAsync(ids, ct).ConfigureAwait(false);
                if (stats.Count == 0)
                {
                    lines.Add(DoctorLine.Fail(name, $"no transform writes {output}", "run apply --yes (it creates and starts the AOV transforms)"));
                    continue;
                }
                foreach (var s in stats)
                {
                    var checkpoint = s.CheckpointAt is { } at ? $", last checkpoint #{s.LastCheckpoint} at {at:yyyy-MM-dd HH:mm:ss}Z" : ", no checkpoint yet";
                    if (s.State is "failed" || s.Health == "red")
                        lines.Add(DoctorLine.Fail(name, $"{s.Id} is {s.State}, health {s.Health}{(s.Problem is null ? "" : $": {s.Problem}")}",
                            $"fix the cause, then POST _transform/{s.Id}/_stop?force=true and POST _transform/{s.Id}/_start (or apply --yes)"));
                    else if (s.State is not ("started" or "indexing"))
                        lines.Add(DoctorLine.Fail(name, $"{s.Id} is {s.State}{checkpoint}: the weekly AOV stops moving", $"POST _transform/{s.Id}/_start (or apply --yes)"));
                    else if (s.Health != "green")
                        lines.Add(DoctorLine.Warn(name, $"{s.Id} is {s.State}, health {s.Health}{(s.Problem is null ? "" : $": {s.Problem}")}", "GET _transform/" + s.Id + "/_stats shows the issue"));
                    else lines.Add(DoctorLine.Ok(name, $"{s.Id} is {s.State}, health green{checkpoint}"));
                }
            }
            catch (RestException ex)
            {
                lines.Add(DoctorLine.Fail(name, $"could not be read: {ex.Message}", "give the credentials the monitor_transform cluster privilege"));
            }
        }
        return lines;
    }
}

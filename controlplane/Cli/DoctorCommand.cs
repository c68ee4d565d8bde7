using System.CommandLine;
using ControlPlane.Doctor;

namespace ControlPlane.Cli;

/// <summary>
/// <c>doctor</c> (interface.md): checks settings, Elasticsearch, Kibana, the MySQL sources, Kafka and the AOV transforms,
/// one line each with what to do; exit 0 when none failed (warnings allowed), 1 otherwise.
/// </summary>
public sealed class DoctorCommand() : ControlPlaneCommand("doctor", "Check settings, Elasticsearch, Kibana, MySQL sources, Kafka and the AOV transforms; one line each with what to do")
{
    protected override async Task<int> ExecuteAsync(ParseResult parseResult, IServiceProvider services, CancellationToken ct)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var lines = await Get<DoctorService>(services).RunAsync(output, ct).ConfigureAwait(false);
        var failed = lines.Count(l => l.Outcome == DoctorOutcome.Fail);
        var warned = lines.Count(l => l.Outcome == DoctorOutcome.Warn);
        if (failed == 0)
        {
            await output.WriteLineAsync($"doctor: all checks passed{(warned > 0 ? $" ({warned} warning(s))" : "")}").ConfigureAwait(false);
            return ExitCodes.Success;
        }
        await parseResult.InvocationConfiguration.Error.WriteLineAsync($"doctor: {failed} check(s) failed{(warned > 0 ? $", {warned} warning(s)" : "")}: fix the FAIL lines above, then run doctor again").ConfigureAwait(false);
        return ExitCodes.Error;
    }
}

using System.Globalization;

namespace ControlPlane.Loading;

public enum LoadStatus { Succeeded, Skipped, Failed }

/// <summary>
/// How one run of one source ended, with its figures; <see cref="Message"/> says why it was skipped or failed.
/// <see cref="Flagged"/> includes written sales the run re-flagged; <see cref="Unflagged"/> counts the flags it removed;
/// <see cref="Rewrites"/> counts writes that may repeat one that landed (re-checks, transient re-sends), each idempotent.
/// </summary>
public sealed record LoadResult(
    string Source, string Kind, LoadStatus Status, long Read, long Indexed, long Deleted, long DeadLettered, long Flagged,
    TimeSpan Elapsed, string? Message = null, long Unflagged = 0, long Rewrites = 0)
{
    /// <summary>Of <see cref="Indexed"/>: new, updated and unchanged re-read sales (<see cref="SaleChanges"/>); null when not known.</summary>
    public LoadChanges? Changes { get; init; }

    /// <summary>The summary line <c>load</c> and <c>backfill</c> print per source.</summary>
    public string Summary()
    {
        var c = CultureInfo.InvariantCulture;
        return Status switch
        {
            LoadStatus.Skipped => $"{Source}: skipped ({Message})",
            _ => string.Create(c, $"{Source}: {Kind} {(Status == LoadStatus.Succeeded ? "done" : "FAILED")}: read {Read}, indexed {Indexed}{(Changes is { } ch ? $" (new {ch.New}, updated {ch.Updated}, unchanged re-reads {ch.Unchanged})" : "")}, deleted {Deleted}, dead-lettered {DeadLettered}, flagged {Flagged}{(Unflagged > 0 ? ", un-flagged " + Unflagged.ToString(c) : "")} in {Elapsed.TotalSeconds:0.0} s")
                 + (Message is null ? "" : $" ({Message})"),
        };
    }
}

/// <summary>A run's <see cref="SaleChanges"/> summed.</summary>
public sealed record LoadChanges(long New, long Updated, long Unchanged);

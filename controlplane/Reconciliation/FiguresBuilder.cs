namespace ControlPlane.Reconciliation;

/// <summary>Adds up one side's figures per store-day.</summary>
internal sealed class FiguresBuilder
{
    private readonly Dictionary<StoreDay, (long Sales, decimal Sum, long Dead, long Flagged)> _days = [];

    public void Sale(StoreDay day, decimal amount, bool flagged) =>
        Change(day, f => (f.Sales + 1, f.Sum + amount, f.Dead, f.Flagged + (flagged ? 1 : 0)));

    public void DeadLetter(StoreDay day) => Change(day, f => (f.Sales, f.Sum, f.Dead + 1, f.Flagged));

    public IReadOnlyDictionary<StoreDay, DayFigures> Build() =>
        _days.ToDictionary(kv => kv.Key, kv => new DayFigures(kv.Value.Sales, kv.Value.Sum, kv.Value.Dead, kv.Value.Flagged));

    private void Change(StoreDay day, Func<(long Sales, decimal Sum, long Dead, long Flagged), (long, decimal, long, long)> change) =>
        _days[day] = change(_days.GetValueOrDefault(day));
}

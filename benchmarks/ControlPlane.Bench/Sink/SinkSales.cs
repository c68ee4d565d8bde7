using System.Globalization;
using System.Text.Json;

namespace ControlPlane.Bench;

/// <summary>
/// <c>platform_sales</c> as the sink keeps it: per sale only what the fraud lookups read back (sale_id, store_id,
/// card_fingerprint, amount_sale, sold_at, sold_date), in one array of structs with interned strings, so millions of
/// sales are a few hundred bytes each and nothing for the garbage collector to trace. Beside it: each card's chain of
/// sales (the earlier-sales lookup) and per (store, local day) the sum and the distinct cards the daily AOV transform
/// would compute. Versioned writes and deletes behave as in Elasticsearch. Not thread-safe: the <see cref="SinkStore"/>
/// lock guards it.
/// </summary>
internal sealed class SinkSales
{
    private const int NoSlot = -1;

    private Entry[] _entries = new Entry[4096];
    private int _count;
    private int[] _newestOfCard = NewChainHeads(1024);
    private readonly Dictionary<SaleKey, int> _slots = [];
    private readonly SinkInterner _prefixes = new(), _stores = new(), _cards = new();
    private readonly Dictionary<(int Store, int Day), DayTotals> _days = [];

    public SinkIndexStats Stats { get; } = new();

    public SinkItemResult Index(string index, string id, long? version, string? versionType, in SinkSaleFields fields)
    {
        Stats.IndexActions++;
        var key = Key(id, create: true);
        var exists = _slots.TryGetValue(key, out var slot);
        if (SinkVersions.Decide(exists ? _entries[slot].Version : null, version, versionType) is not { } next)
        {
            Stats.Conflicts++;
            return SinkItemResult.Conflict(index, id, _entries[slot].Version, version!.Value);
        }
        var sale = new Entry
        {
            Prefix = key.Prefix, Number = key.Number, Version = next, Live = true,
            Store = fields.StoreId is null ? -1 : _stores.Intern(fields.StoreId),
            Card = fields.CardFingerprint is null ? -1 : _cards.Intern(fields.CardFingerprint),
            Amount = fields.Amount ?? 0, HasAmount = fields.Amount is not null,
            SoldAtTicks = fields.SoldAt?.DateTime.Ticks ?? 0, OffsetMinutes = (short)(fields.SoldAt?.Offset.TotalMinutes ?? 0), HasSoldAt = fields.SoldAt is not null,
            SoldDay = fields.SoldDate?.DayNumber ?? int.MinValue, Tombstone = fields.Deleted,
        };
        if (exists && _entries[slot].Tombstone) Stats.Tombstones--;
        if (sale.Tombstone) Stats.Tombstones++;
        if (exists)
        {
            Stats.Repeats++;
            AddToDay(_entries[slot], -1);
            if (_entries[slot].Card == sale.Card)
            {
                // Same card: the slot stays in its card's chain.
                sale.PreviousOfCard = _entries[slot].PreviousOfCard;
                _entries[slot] = sale;
            }
            else
            {
                _entries[slot].Live = false;
                _slots[key] = slot = Append(sale);
            }
        }
        else _slots[key] = slot = Append(sale);
        AddToDay(_entries[slot], +1);
        Stats.Documents = _slots.Count;
        return SinkItemResult.Written(index, id, next, created: !exists);
    }

    public SinkItemResult Delete(string index, string id, long? version, string? versionType)
    {
        Stats.DeleteActions++;
        var key = Key(id, create: false);
        if (key.Prefix < 0 || !_slots.TryGetValue(key, out var slot)) return SinkItemResult.NotFound(index, id, version ?? 1);
        if (SinkVersions.Decide(_entries[slot].Version, version, versionType) is not { } next)
        {
            Stats.Conflicts++;
            return SinkItemResult.Conflict(index, id, _entries[slot].Version, version!.Value);
        }
        AddToDay(_entries[slot], -1);
        if (_entries[slot].Tombstone) Stats.Tombstones--;
        _entries[slot].Live = false;
        _slots.Remove(key);
        Stats.Documents = _slots.Count;
        return SinkItemResult.Deleted(index, id, next);
    }

    /// <summary>The sales matching <paramref name="query"/>, each with its sale_id, in no particular order.</summary>
    public List<(string Id, int Slot)> Find(SinkSalesQuery query)
    {
        var fromDay = query.FromDay?.DayNumber ?? int.MinValue;
        var toDay = query.ToDay?.DayNumber ?? int.MaxValue;
        HashSet<int>? stores = query.Stores?.Select(_stores.Find).Where(s => s >= 0).ToHashSet();
        HashSet<int>? cards = query.Cards?.Select(_cards.Find).Where(c => c >= 0).ToHashSet();
        var found = new List<(string, int)>();
        foreach (var slot in Candidates(query, cards))
        {
            ref readonly var e = ref _entries[slot];
            if (!e.Live || e.SoldDay < fromDay || e.SoldDay > toDay) continue;
            if (stores is not null && !stores.Contains(e.Store)) continue;
            if (cards is not null && !cards.Contains(e.Card)) continue;
            if (query.Amounts is not null && (!e.HasAmount || !query.Amounts.Contains(e.Amount))) continue;
            var id = Id(e);
            if (query.Ids is not null && !query.Ids.Contains(id)) continue;
            found.Add((id, slot));
        }
        return found;
    }

    /// <summary>Writes the kept fields of a sale as its <c>_source</c>; <paramref name="fields"/> null means all of them.</summary>
    public void WriteSource(Utf8JsonWriter json, int slot, IReadOnlySet<string>? fields)
    {
        ref readonly var e = ref _entries[slot];
        json.WriteStartObject();
        if (Wanted("sale_id")) json.WriteString("sale_id", Id(e));
        if (Wanted("store_id") && e.Store >= 0) json.WriteString("store_id", _stores[e.Store]);
        if (Wanted("card_fingerprint") && e.Card >= 0) json.WriteString("card_fingerprint", _cards[e.Card]);
        if (Wanted("amount_sale") && e.HasAmount) json.WriteNumber("amount_sale", e.Amount);
        if (Wanted("sold_at") && e.HasSoldAt)
            json.WriteString("sold_at", new DateTimeOffset(e.SoldAtTicks, TimeSpan.FromMinutes(e.OffsetMinutes)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture));
        if (Wanted("sold_date") && e.SoldDay != int.MinValue)
            json.WriteString("sold_date", DateOnly.FromDayNumber(e.SoldDay).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (Wanted("deleted") && e.Tombstone) json.WriteBoolean("deleted", true);
        json.WriteEndObject();

        bool Wanted(string field) => fields is null || fields.Contains(field);
    }

    /// <summary>
    /// The weekly AOV rows the transforms would hold for these stores and window-end days: a row exists when any day of
    /// D−6..D has sales; <c>week_aov</c> = sum of daily totals / sum of daily distinct cards (interface.md, "AOV").
    /// Null sets mean every store, or every day that has a row.
    /// </summary>
    public List<SinkWeeklyRow> Weekly(IReadOnlySet<string>? stores, IReadOnlySet<DateOnly>? days, DateOnly? from, DateOnly? to)
    {
        var storeIds = stores is null ? Enumerable.Range(0, _stores.Count) : stores.Select(_stores.Find).Where(s => s >= 0).Distinct();
        var rows = new List<SinkWeeklyRow>();
        foreach (var store in storeIds)
        {
            IEnumerable<int> ends = days is not null
                ? days.Select(d => d.DayNumber)
                : _days.Where(kv => kv.Key.Store == store && kv.Value.Cards.Count > 0).SelectMany(kv => Enumerable.Range(kv.Key.Day, 7)).Distinct();
            foreach (var end in ends)
            {
                if ((from is { } f && end < f.DayNumber) || (to is { } t && end > t.DayNumber)) continue;
                decimal total = 0;
                long cards = 0, withSales = 0;
                for (var day = end - 6; day <= end; day++)
                {
                    if (!_days.TryGetValue((store, day), out var totals) || totals.Cards.Count == 0) continue;
                    total += totals.Total;
                    cards += totals.Cards.Count;
                    withSales++;
                }
                if (withSales > 0) rows.Add(new SinkWeeklyRow(_stores[store], DateOnly.FromDayNumber(end), (double)total, cards, withSales));
            }
        }
        return rows;
    }

    private IEnumerable<int> Candidates(SinkSalesQuery query, HashSet<int>? cards)
    {
        if (cards is not null)
        {
            // Each card's own chain, newest first: the earlier-sales lookup never scans the whole index.
            foreach (var card in cards)
                for (var slot = card < _newestOfCard.Length ? _newestOfCard[card] : NoSlot; slot != NoSlot; slot = _entries[slot].PreviousOfCard)
                    yield return slot;
        }
        else if (query.Ids is not null)
        {
            foreach (var id in query.Ids)
            {
                var key = Key(id, create: false);
                if (key.Prefix >= 0 && _slots.TryGetValue(key, out var slot)) yield return slot;
            }
        }
        else
        {
            for (var slot = 0; slot < _count; slot++) yield return slot;
        }
    }

    private int Append(Entry sale)
    {
        if (_count == _entries.Length) Array.Resize(ref _entries, _entries.Length * 2);
        if (sale.Card >= 0)
        {
            if (sale.Card >= _newestOfCard.Length)
            {
                var bigger = NewChainHeads(Math.Max(sale.Card + 1, _newestOfCard.Length * 2));
                _newestOfCard.CopyTo(bigger, 0);
                _newestOfCard = bigger;
            }
            sale.PreviousOfCard = _newestOfCard[sale.Card];
            _newestOfCard[sale.Card] = _count;
        }
        else sale.PreviousOfCard = NoSlot;
        _entries[_count] = sale;
        return _count++;
    }

    private static int[] NewChainHeads(int length)
    {
        var heads = new int[length];
        Array.Fill(heads, NoSlot);
        return heads;
    }

    private void AddToDay(in Entry sale, int sign)
    {
        if (sale.Store < 0 || sale.Card < 0 || sale.SoldDay == int.MinValue || !sale.HasAmount) return;
        if (!_days.TryGetValue((sale.Store, sale.SoldDay), out var totals)) _days[(sale.Store, sale.SoldDay)] = totals = new DayTotals();
        totals.Total += sign * sale.Amount;
        var times = totals.Cards.GetValueOrDefault(sale.Card) + sign;
        if (times > 0) totals.Cards[sale.Card] = times;
        else totals.Cards.Remove(sale.Card);
    }

    /// <summary>
    /// <c>SOURCE-KEY</c> ids are kept as (interned source, number); any other id as itself, interned, with number −1.
    /// Without <paramref name="create"/> an unknown source gives prefix −1.
    /// </summary>
    private SaleKey Key(string id, bool create)
    {
        var dash = id.LastIndexOf('-');
        var digits = dash > 0 ? id.AsSpan(dash + 1) : default;
        var canonical = digits.Length is > 0 and <= 18 && (digits[0] != '0' || digits.Length == 1) && !digits.ContainsAnyExceptInRange('0', '9');
        var prefix = canonical ? id[..dash] : id;
        var number = canonical ? long.Parse(digits, CultureInfo.InvariantCulture) : -1;
        return new SaleKey(create ? _prefixes.Intern(prefix) : _prefixes.Find(prefix), number);
    }

    private string Id(in Entry e) =>
        e.Number < 0 ? _prefixes[e.Prefix] : string.Concat(_prefixes[e.Prefix], "-", e.Number.ToString(CultureInfo.InvariantCulture));

    private readonly record struct SaleKey(int Prefix, long Number);

    private struct Entry
    {
        public int Prefix;
        public long Number;
        public int Store;
        public int Card;
        public decimal Amount;
        public long SoldAtTicks;
        public short OffsetMinutes;
        public int SoldDay;
        public long Version;
        public int PreviousOfCard;
        public bool Live;
        public bool HasAmount;
        public bool HasSoldAt;
        /// <summary>A tombstone (<c>deleted: true</c>): no card and no amount, so it adds to no day and matches no payment.</summary>
        public bool Tombstone;
    }

    private sealed class DayTotals
    {
        public decimal Total;
        /// <summary>Sales per card that day: a card leaves the distinct count when its last sale goes.</summary>
        public readonly Dictionary<int, int> Cards = [];
    }
}

/// <summary>One row of the weekly AOV transform's output.</summary>
internal sealed record SinkWeeklyRow(string StoreId, DateOnly Date, double TotalSale, long NumCustomer, long Days)
{
    public double? WeekAov => NumCustomer > 0 ? TotalSale / NumCustomer : null;
}

using System.Globalization;
using System.Text.Json;
using ControlPlane.ElasticRules;

namespace ControlPlane.Bench;

/// <summary>
/// <c>platform_sales</c> as the sink keeps it: per sale only what the fraud lookups read back (<see cref="KeptFields"/>),
/// in one array of structs with interned strings, so millions of sales are a few hundred bytes each and nothing for the
/// garbage collector to trace. Beside it, as indexes that propose candidates to the shared query rules
/// (tests/ControlPlane.ElasticRules decide every match): each card's chain of sales and the id map; and per (store,
/// local day) the sum and the distinct cards the daily AOV transform would compute. Versioned writes and deletes follow
/// the shared <see cref="VersionRules"/>. Not thread-safe: the <see cref="SinkStore"/> lock guards it.
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
        if (VersionRules.Decide(exists ? _entries[slot].Version : null, version, versionType) is not { } next)
        {
            Stats.Conflicts++;
            return SinkItemResult.Conflict(index, id, _entries[slot].Version, version!.Value, versionType);
        }
        var sale = new Entry
        {
            Prefix = key.Prefix, Number = key.Number, Version = next, Live = true,
            Store = fields.StoreId is null ? -1 : _stores.Intern(fields.StoreId),
            Card = fields.CardFingerprint is null ? -1 : _cards.Intern(fields.CardFingerprint),
            Amount = fields.Amount ?? 0, HasAmount = fields.Amount is not null,
            SoldAtTicks = fields.SoldAt?.DateTime.Ticks ?? 0, OffsetMinutes = (short)(fields.SoldAt?.Offset.TotalMinutes ?? 0), HasSoldAt = fields.SoldAt is not null,
            SoldDay = fields.SoldDate?.DayNumber ?? int.MinValue, Tombstone = fields.Deleted,
            Flagged = fields.Flagged switch { null => (byte)0, false => (byte)1, true => (byte)2 },
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
        if (VersionRules.Decide(_entries[slot].Version, version, versionType) is not { } next)
        {
            Stats.Conflicts++;
            return SinkItemResult.Conflict(index, id, _entries[slot].Version, version!.Value, versionType);
        }
        AddToDay(_entries[slot], -1);
        if (_entries[slot].Tombstone) Stats.Tombstones--;
        _entries[slot].Live = false;
        _slots.Remove(key);
        Stats.Documents = _slots.Count;
        return SinkItemResult.Deleted(index, id, next);
    }

    /// <summary>The fields a sale keeps: what a query, a sort or a <c>_source</c> can read of it.</summary>
    public static readonly IReadOnlySet<string> KeptFields = new HashSet<string>(StringComparer.Ordinal)
        { "_id", "sale_id", "store_id", "card_fingerprint", "amount_sale", "sold_at", "sold_date", "deleted", "fraud_flagged" };

    /// <summary>The stored version of <paramref name="id"/>, null when there is no such sale.</summary>
    public long? Version(string id)
    {
        var key = Key(id, create: false);
        return key.Prefix >= 0 && _slots.TryGetValue(key, out var slot) ? _entries[slot].Version : null;
    }

    /// <summary>A reader over the sales, positioned with <see cref="Reader.At"/> (one per search: it is not thread-safe).</summary>
    public Reader NewReader() => new(this);

    /// <summary>
    /// The live sales that could match <paramref name="alternative"/>: the chains of the cards it requires (terms on
    /// card_fingerprint), else the sales of the ids it requires, else all of them. Whether one matches is the query's to say.
    /// </summary>
    public IEnumerable<int> Candidates(Query alternative)
    {
        if (alternative.RequiredValues("card_fingerprint") is { } cards)
        {
            // Each card's own chain, newest first: the earlier-sales lookup never scans the whole index. A sale of another
            // amount than the alternative requires cannot match, so it is not proposed (the query still decides the rest).
            var amounts = RequiredAmounts(alternative);
            foreach (var text in cards)
            {
                var card = _cards.Find(text);
                if (card < 0) continue;
                for (var slot = card < _newestOfCard.Length ? _newestOfCard[card] : NoSlot; slot != NoSlot; slot = _entries[slot].PreviousOfCard)
                {
                    ref readonly var e = ref _entries[slot];
                    if (e.Live && (amounts is null || (e.HasAmount && amounts.Contains(e.Amount)))) yield return slot;
                }
            }
        }
        else if ((alternative.RequiredValues("_id") ?? alternative.RequiredValues("sale_id")) is { } ids)
        {
            foreach (var id in ids)
            {
                var key = Key(id, create: false);
                if (key.Prefix >= 0 && _slots.TryGetValue(key, out var slot)) yield return slot;
            }
        }
        else
        {
            for (var slot = 0; slot < _count; slot++)
                if (_entries[slot].Live) yield return slot;
        }
    }

    /// <summary>The amounts an alternative requires (a <c>term</c>/<c>terms</c> on <c>amount_sale</c>), or null when it requires none it can read.</summary>
    private static HashSet<decimal>? RequiredAmounts(Query alternative)
    {
        if (alternative.RequiredValues("amount_sale") is not { } texts) return null;
        var amounts = new HashSet<decimal>();
        foreach (var text in texts)
            if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)) amounts.Add(amount);
            else return null;
        return amounts;
    }

    /// <summary>One sale as the shared query rules read it, straight from its entry: no JSON, no copy.</summary>
    public sealed class Reader(SinkSales sales) : IDocumentFields
    {
        private int _slot = NoSlot;
        private string? _id;

        public Reader At(int slot)
        {
            (_slot, _id) = (slot, null);
            return this;
        }

        public string Id => _id ??= sales.Id(sales._entries[_slot]);

        public FieldValues Values(string field)
        {
            ref readonly var e = ref sales._entries[_slot];
            return field switch
            {
                "_id" or "sale_id" => new FieldValues(FieldValue.Keyword(Id)),
                "store_id" => e.Store >= 0 ? new FieldValues(FieldValue.Keyword(sales._stores[e.Store])) : FieldValues.None,
                "card_fingerprint" => e.Card >= 0 ? new FieldValues(FieldValue.Keyword(sales._cards[e.Card])) : FieldValues.None,
                "amount_sale" => e.HasAmount ? new FieldValues(FieldValue.Of(e.Amount)) : FieldValues.None,
                "sold_at" => e.HasSoldAt ? new FieldValues(FieldValue.Date(new DateTimeOffset(e.SoldAtTicks, TimeSpan.FromMinutes(e.OffsetMinutes)))) : FieldValues.None,
                "sold_date" => e.SoldDay != int.MinValue ? new FieldValues(FieldValue.Date(DateOnly.FromDayNumber(e.SoldDay))) : FieldValues.None,
                "deleted" => e.Tombstone ? new FieldValues(FieldValue.Of(true)) : FieldValues.None,
                "fraud_flagged" => e.Flagged == 0 ? FieldValues.None : new FieldValues(FieldValue.Of(e.Flagged == 2)),
                _ => throw new QueryParsingException($"the bench sink keeps no [{field}] of a sale"),
            };
        }
    }

    /// <summary>Writes the kept fields of a sale that <paramref name="filter"/> includes as its <c>_source</c> (a field the sink does not keep is absent).</summary>
    public void WriteSource(Utf8JsonWriter json, int slot, SourceFilter filter)
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
        if (Wanted("fraud_flagged") && e.Flagged != 0) json.WriteBoolean("fraud_flagged", e.Flagged == 2);
        if (Wanted("deleted") && e.Tombstone) json.WriteBoolean("deleted", true);
        json.WriteEndObject();

        bool Wanted(string field) => filter.Includes(field);
    }

    /// <summary>
    /// The weekly AOV rows the transforms would hold for these stores and window-end days: a row exists when any day of
    /// D−6..D has sales; <c>week_aov</c> = sum of daily totals / sum of daily distinct cards (interface.md, "AOV").
    /// Null sets mean every store, or every day that has a row. Candidates: the shared query rules decide which match.
    /// </summary>
    public List<SinkWeeklyRow> Weekly(IEnumerable<string>? stores, IReadOnlySet<DateOnly>? days)
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
        /// <summary><c>fraud_flagged</c>: 0 absent, 1 false, 2 true.</summary>
        public byte Flagged;
    }

    private sealed class DayTotals
    {
        public decimal Total;
        /// <summary>Sales per card that day: a card leaves the distinct count when its last sale goes.</summary>
        public readonly Dictionary<int, int> Cards = [];
    }
}

/// <summary>One row of the weekly AOV transform's output, readable by the shared query rules (its id: <c>STORE-yyyy-MM-dd</c>).</summary>
internal sealed record SinkWeeklyRow(string StoreId, DateOnly Date, double TotalSale, long NumCustomer, long Days) : IDocumentFields
{
    /// <summary>The fields a row has: what a query, a sort or a <c>_source</c> can read of it.</summary>
    public static readonly IReadOnlySet<string> KeptFields = new HashSet<string>(StringComparer.Ordinal)
        { "_id", "store_id", "date", "week_aov", "total_sale", "num_customer", "days" };

    public double? WeekAov => NumCustomer > 0 ? TotalSale / NumCustomer : null;

    public string Id => $"{StoreId}-{Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    public FieldValues Values(string name) => name switch
    {
        "_id" => new FieldValues(FieldValue.Keyword(Id)),
        "store_id" => new FieldValues(FieldValue.Keyword(StoreId)),
        "date" => new FieldValues(FieldValue.Date(Date)),
        "week_aov" => WeekAov is { } aov ? new FieldValues(FieldValue.Of((decimal)aov)) : FieldValues.None,
        "total_sale" => new FieldValues(FieldValue.Of((decimal)TotalSale)),
        "num_customer" => new FieldValues(FieldValue.Of(NumCustomer)),
        "days" => new FieldValues(FieldValue.Of(Days)),
        _ => throw new QueryParsingException($"the bench sink keeps no [{name}] of a weekly AOV row"),
    };
}

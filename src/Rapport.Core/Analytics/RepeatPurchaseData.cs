using System.Runtime.InteropServices;

namespace Rapport.Core.Analytics;

/// <summary>Customers who share one history, and how many of them there are.</summary>
/// <remarks>An invalid group (no customers) cannot exist.</remarks>
public readonly record struct GroupedHistory
{
    /// <summary>Creates a group.</summary>
    /// <param name="history">The history the customers share.</param>
    /// <param name="customers">How many customers have it; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="customers"/> is below 1.</exception>
    public GroupedHistory(CustomerHistory history, int customers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(customers, 1);
        History = history;
        Customers = customers;
    }

    /// <summary>The history the customers share.</summary>
    public CustomerHistory History { get; }

    /// <summary>How many customers have it.</summary>
    public int Customers { get; }
}

/// <summary>
/// The input of <see cref="BgNbdModel.Fit"/>: customer histories, with identical histories
/// grouped into one row with a count.
/// </summary>
/// <remarks>
/// <para>
/// The likelihood of a customer depends only on (x, tₓ, T), so customers with the same history
/// are counted, not repeated. Histories built from calendar days take few distinct values (x is
/// small, and tₓ and T are whole days), so a million customers collapse to far fewer rows and a
/// fit costs time in proportion to the rows, not the customers.
/// </para>
/// <para>
/// <see cref="Groups"/> are in a fixed order (by x, then T, then tₓ, ascending) whatever the
/// order of the input, so that a fit of the same customers always gives the same numbers, to
/// the last bit.
/// </para>
/// </remarks>
public sealed class RepeatPurchaseData
{
    private readonly GroupedHistory[] _groups;

    private RepeatPurchaseData(GroupedHistory[] groups)
    {
        var keys = new SortKey[groups.Length];
        for (var i = 0; i < groups.Length; i++)
        {
            keys[i] = new SortKey(groups[i].History);
        }

        Array.Sort(keys, groups);
        _groups = groups;
        foreach (var group in groups)
        {
            CustomerCount += group.Customers;
            if (group.History.IsRepeatBuyer)
            {
                RepeatBuyerCount += group.Customers;
            }
        }
    }

    /// <summary>The distinct histories, each with its number of customers, by x, then T, then tₓ.</summary>
    public IReadOnlyList<GroupedHistory> Groups => _groups;

    /// <summary>How many customers in all.</summary>
    public long CustomerCount { get; }

    /// <summary>How many customers made at least one repeat purchase (x ≥ 1).</summary>
    public long RepeatBuyerCount { get; }

    /// <summary>Groups customer histories.</summary>
    /// <param name="histories">One history per customer, in any order, all in the same time unit.</param>
    public static RepeatPurchaseData From(IEnumerable<CustomerHistory> histories)
    {
        ArgumentNullException.ThrowIfNull(histories);
        var counts = new Dictionary<CustomerHistory, int>(HistoryComparer.Instance);
        foreach (var history in histories)
        {
            ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(counts, history, out _);
            count = checked(count + 1);
        }

        return FromCounts(counts);
    }

    /// <summary>Builds the data from histories that are already counted; equal histories are merged.</summary>
    /// <param name="groups">Histories with their numbers of customers, in any order.</param>
    /// <exception cref="OverflowException">More than <see cref="int.MaxValue"/> customers share one history.</exception>
    public static RepeatPurchaseData FromGroups(IEnumerable<GroupedHistory> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var counts = new Dictionary<CustomerHistory, int>(HistoryComparer.Instance);
        foreach (var group in groups)
        {
            ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(counts, group.History, out _);
            count = checked(count + group.Customers);
        }

        return FromCounts(counts);
    }

    /// <summary>
    /// Builds the history of every customer from the calendar days on which they bought, and
    /// groups them.
    /// </summary>
    /// <remarks>See <see cref="HistoriesFromPurchaseDays{TCustomer}"/> for the rules.</remarks>
    /// <typeparam name="TCustomer">The customer key, compared with its default equality.</typeparam>
    /// <param name="purchaseDays">One pair per purchase (or per purchase day), in any order.</param>
    /// <param name="calibrationEnd">The last day of the calibration period, inclusive.</param>
    /// <param name="unit">The unit of tₓ and T.</param>
    public static RepeatPurchaseData FromPurchaseDays<TCustomer>(
        IEnumerable<(TCustomer Customer, DateOnly Day)> purchaseDays,
        DateOnly calibrationEnd,
        HistoryTimeUnit unit)
        where TCustomer : notnull =>
        From(HistoriesFromPurchaseDays(purchaseDays, calibrationEnd, unit).Values);

    /// <summary>Builds the history of every customer from the calendar days on which they bought.</summary>
    /// <remarks>
    /// <para>
    /// Only purchases on or before <paramref name="calibrationEnd"/> count; a customer whose first
    /// purchase is later is left out. Several purchases on one day count as one, so x is the
    /// number of distinct purchase days after the first one. tₓ is the number of days from the
    /// first purchase day to the last one, and T the number of days from the first purchase day
    /// to <paramref name="calibrationEnd"/>, both divided by the length of
    /// <paramref name="unit"/> in days. A customer whose only purchase day is the calibration end
    /// has (0, 0, 0).
    /// </para>
    /// <para>
    /// Days are calendar days: the caller decides in which time zone an instant falls on a day.
    /// This is how the CDNOW summaries of Fader, Hardie &amp; Lee (2005) were made (weeks, with
    /// the calibration period ending on 1997-09-30).
    /// </para>
    /// <para>
    /// The dictionary lists the customers in the order of their first appearance in
    /// <paramref name="purchaseDays"/>. Memory: one 8-byte entry per pair, sorted once.
    /// </para>
    /// </remarks>
    /// <typeparam name="TCustomer">The customer key, compared with its default equality.</typeparam>
    /// <param name="purchaseDays">One pair per purchase (or per purchase day), in any order.</param>
    /// <param name="calibrationEnd">The last day of the calibration period, inclusive.</param>
    /// <param name="unit">The unit of tₓ and T.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="unit"/> is not a defined unit.</exception>
    public static IReadOnlyDictionary<TCustomer, CustomerHistory> HistoriesFromPurchaseDays<TCustomer>(
        IEnumerable<(TCustomer Customer, DateOnly Day)> purchaseDays,
        DateOnly calibrationEnd,
        HistoryTimeUnit unit)
        where TCustomer : notnull
    {
        ArgumentNullException.ThrowIfNull(purchaseDays);
        if (!Enum.IsDefined(unit))
        {
            throw new ArgumentOutOfRangeException(nameof(unit), unit, "Not a time unit.");
        }

        var index = new Dictionary<TCustomer, int>();
        var customers = new List<TCustomer>();
        var keys = new List<long>();
        foreach (var (customer, day) in purchaseDays)
        {
            if (day > calibrationEnd)
            {
                continue;
            }

            ref var position = ref CollectionsMarshal.GetValueRefOrAddDefault(index, customer, out var known);
            if (!known)
            {
                position = customers.Count;
                customers.Add(customer);
            }

            // One sortable key per purchase: the customer's position above its day number.
            keys.Add(((long)position << 32) | (uint)day.DayNumber);
        }

        var sorted = CollectionsMarshal.AsSpan(keys);
        sorted.Sort();
        var daysPerUnit = (double)(int)unit;
        var end = calibrationEnd.DayNumber;
        var histories = new Dictionary<TCustomer, CustomerHistory>(customers.Count);
        var start = 0;
        while (start < sorted.Length)
        {
            var position = (int)(sorted[start] >> 32);
            var first = (int)(uint)sorted[start];
            var last = first;
            var days = 1;
            var next = start + 1;
            while (next < sorted.Length && (int)(sorted[next] >> 32) == position)
            {
                var day = (int)(uint)sorted[next];
                if (day != last)
                {
                    days++;
                    last = day;
                }

                next++;
            }

            histories.Add(customers[position], new CustomerHistory(days - 1, (last - first) / daysPerUnit, (end - first) / daysPerUnit));
            start = next;
        }

        return histories;
    }

    private static RepeatPurchaseData FromCounts(Dictionary<CustomerHistory, int> counts)
    {
        var groups = new GroupedHistory[counts.Count];
        var i = 0;
        foreach (var (history, count) in counts)
        {
            groups[i++] = new GroupedHistory(history, count);
        }

        return new RepeatPurchaseData(groups);
    }

    /// <summary>The order of <see cref="Groups"/>: by x, then T, then tₓ.</summary>
    private readonly struct SortKey(CustomerHistory history) : IComparable<SortKey>
    {
        private readonly int _frequency = history.Frequency;
        private readonly double _age = history.Age;
        private readonly double _recency = history.Recency;

        public int CompareTo(SortKey other)
        {
            var byFrequency = _frequency.CompareTo(other._frequency);
            if (byFrequency != 0)
            {
                return byFrequency;
            }

            var byAge = _age.CompareTo(other._age);
            return byAge != 0 ? byAge : _recency.CompareTo(other._recency);
        }
    }

    /// <summary>
    /// Equality of histories with a hash that mixes all the bits of the three values: the
    /// default hash of a double XORs its halves, which for whole numbers of days leaves the
    /// low bits alike and makes a million-customer dictionary slow.
    /// </summary>
    private sealed class HistoryComparer : IEqualityComparer<CustomerHistory>
    {
        public static readonly HistoryComparer Instance = new();

        public bool Equals(CustomerHistory x, CustomerHistory y) =>
            x.Frequency == y.Frequency && x.Recency == y.Recency && x.Age == y.Age;

        public int GetHashCode(CustomerHistory obj)
        {
            // Recency and age are never −0.0 or NaN (see CustomerHistory), so equal values have equal bits.
            var hash = (ulong)obj.Frequency * 0x9E3779B97F4A7C15UL
                + BitConverter.DoubleToUInt64Bits(obj.Recency) * 0xC2B2AE3D27D4EB4FUL
                + BitConverter.DoubleToUInt64Bits(obj.Age) * 0x165667B19E3779F9UL;
            hash ^= hash >> 29;
            hash *= 0xBF58476D1CE4E5B9UL;
            return (int)(hash ^ (hash >> 32));
        }
    }
}

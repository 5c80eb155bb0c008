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
/// are counted, not repeated, and a fit costs time in proportion to the rows, not the customers.
/// Histories built from calendar days repeat often when they are short (CDNOW's 2,357 customers
/// over 39 weeks make 1,016 rows), less so over many years (a million customers over ten years
/// of days make about 820,000). Grouping itself is a radix sort, linear in the number of customers.
/// </para>
/// <para>
/// <see cref="Groups"/> are in a fixed order (by x, then T, then tₓ, ascending) whatever the
/// order of the input, so that a fit of the same customers always gives the same numbers, to
/// the last bit.
/// </para>
/// </remarks>
public sealed class RepeatPurchaseData
{
    private RepeatPurchaseData(HistoryGrouping grouping)
    {
        Grouping = grouping;
        foreach (var group in grouping.Groups)
        {
            CustomerCount += group.Customers;
            if (group.History.IsRepeatBuyer)
            {
                RepeatBuyerCount += group.Customers;
            }
        }
    }

    /// <summary>The distinct histories, each with its number of customers, by x, then T, then tₓ.</summary>
    public IReadOnlyList<GroupedHistory> Groups => Grouping.Groups;

    /// <summary>How many customers in all.</summary>
    public long CustomerCount { get; }

    /// <summary>How many customers made at least one repeat purchase (x ≥ 1).</summary>
    public long RepeatBuyerCount { get; }

    /// <summary>The groups with the distinct times, as the likelihood reads them.</summary>
    internal HistoryGrouping Grouping { get; }

    /// <summary>Groups customer histories.</summary>
    /// <param name="histories">One history per customer, in any order, all in the same time unit.</param>
    public static RepeatPurchaseData From(IEnumerable<CustomerHistory> histories)
    {
        ArgumentNullException.ThrowIfNull(histories);
        return new RepeatPurchaseData(HistoryGrouping.Group(HistoryGrouping.AsSpan(histories), []));
    }

    /// <summary>Builds the data from histories that are already counted; equal histories are merged.</summary>
    /// <param name="groups">Histories with their numbers of customers, in any order.</param>
    /// <exception cref="OverflowException">More than <see cref="int.MaxValue"/> customers share one history.</exception>
    public static RepeatPurchaseData FromGroups(IEnumerable<GroupedHistory> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var list = HistoryGrouping.AsSpan(groups);
        var histories = new CustomerHistory[list.Length];
        var weights = new int[list.Length];
        for (var i = 0; i < list.Length; i++)
        {
            histories[i] = list[i].History;
            weights[i] = list[i].Customers;
        }

        return new RepeatPurchaseData(HistoryGrouping.Group(histories, weights));
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
}

using System.Runtime.CompilerServices;

namespace Rapport.Core.Analytics;

/// <summary>Customers who share one spend summary, and how many of them there are.</summary>
/// <remarks>An invalid group (no customers) cannot exist.</remarks>
public readonly record struct GroupedSpend
{
    /// <summary>Creates a group.</summary>
    /// <param name="spend">The spend summary the customers share.</param>
    /// <param name="customers">How many customers have it; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="customers"/> is below 1.</exception>
    public GroupedSpend(CustomerSpend spend, int customers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(customers, 1);
        Spend = spend;
        Customers = customers;
    }

    /// <summary>The spend summary the customers share.</summary>
    public CustomerSpend Spend { get; }

    /// <summary>How many customers have it.</summary>
    public int Customers { get; }
}

/// <summary>
/// The input of <see cref="GammaGammaModel.Fit"/>: customers' repeat spending, with identical
/// (x, z̄) pairs grouped into one row with a count.
/// </summary>
/// <remarks>
/// <para>
/// The model is fitted on repeat buyers only (x ≥ 1). Customers without repeat purchases are
/// counted in <see cref="CustomerCount"/> but kept out of <see cref="Groups"/>. So are repeat
/// buyers whose mean repeat spend is 0 (free items, full discounts): the gamma distribution of
/// spend gives them zero density, so they would make the likelihood −∞; they are counted in
/// <see cref="ZeroSpendRepeatBuyerCount"/>.
/// </para>
/// <para>
/// <see cref="Groups"/> are in a fixed order (by x, then z̄, ascending) whatever the order of
/// the input, so that a fit of the same customers always gives the same numbers.
/// </para>
/// </remarks>
public sealed class RepeatSpendData
{
    private readonly GroupedSpend[] _groups;

    private RepeatSpendData(GroupedSpend[] groups, long customerCount, long zeroSpendRepeatBuyerCount)
    {
        _groups = groups;
        CustomerCount = customerCount;
        ZeroSpendRepeatBuyerCount = zeroSpendRepeatBuyerCount;
        foreach (var group in groups)
        {
            RepeatBuyerCount += group.Customers;
        }
    }

    /// <summary>The distinct (x, z̄) pairs of repeat buyers with a positive mean spend, each with its number of customers, by x, then z̄.</summary>
    public IReadOnlyList<GroupedSpend> Groups => _groups;

    /// <summary>How many customers were given, including those the model does not use.</summary>
    public long CustomerCount { get; }

    /// <summary>How many repeat buyers with a positive mean repeat spend: the customers the model is fitted on.</summary>
    public long RepeatBuyerCount { get; }

    /// <summary>How many repeat buyers were left out because their mean repeat spend is 0.</summary>
    public long ZeroSpendRepeatBuyerCount { get; }

    /// <summary>Groups customers' spend summaries.</summary>
    /// <param name="customers">One summary per customer, in any order, all in the same currency.</param>
    public static RepeatSpendData From(IEnumerable<CustomerSpend> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        return Group(HistoryGrouping.AsSpan(customers), []);
    }

    /// <summary>Builds the data from summaries that are already counted; equal summaries are merged.</summary>
    /// <param name="groups">Summaries with their numbers of customers, in any order.</param>
    /// <exception cref="OverflowException">More than <see cref="int.MaxValue"/> customers share one summary.</exception>
    public static RepeatSpendData FromGroups(IEnumerable<GroupedSpend> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var list = HistoryGrouping.AsSpan(groups);
        var spends = new CustomerSpend[list.Length];
        var weights = new int[list.Length];
        for (var i = 0; i < list.Length; i++)
        {
            spends[i] = list[i].Spend;
            weights[i] = list[i].Customers;
        }

        return Group(spends, weights);
    }

    /// <summary>
    /// Groups by two radix sorts (see <see cref="Radix"/>): first by the bits of z̄ (a positive
    /// double's bits sort like its value), which gives each distinct z̄ its rank; then by
    /// (x, rank of z̄) packed into one key. Equal pairs end up adjacent, ordered by x, then z̄.
    /// </summary>
    // Hot loop over up to millions of rows: compiled optimised at once instead of tiering up while it runs.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static RepeatSpendData Group(ReadOnlySpan<CustomerSpend> spends, ReadOnlySpan<int> weights)
    {
        long customers = 0;
        long zeroSpend = 0;
        var informative = 0;
        for (var i = 0; i < spends.Length; i++)
        {
            var weight = weights.IsEmpty ? 1 : weights[i];
            customers += weight;
            if (spends[i].IsInformative)
            {
                informative++;
            }
            else if (spends[i].Frequency > 0)
            {
                zeroSpend += weight;
            }
        }

        var keys = new ulong[informative];
        FrequencyAndWeight[]? payload = new FrequencyAndWeight[informative];
        var maxFrequency = 0;
        var at = 0;
        for (var i = 0; i < spends.Length; i++)
        {
            if (spends[i].IsInformative)
            {
                keys[at] = BitConverter.DoubleToUInt64Bits(spends[i].MeanSpend);
                payload[at++] = new FrequencyAndWeight(spends[i].Frequency, weights.IsEmpty ? 1 : weights[i]);
                maxFrequency = Math.Max(maxFrequency, spends[i].Frequency);
            }
        }

        Radix.Sort(ref keys, ref payload, 63);
        var means = new List<double>();
        for (var i = 0; i < keys.Length; i++)
        {
            if (i == 0 || keys[i] != keys[i - 1])
            {
                means.Add(BitConverter.UInt64BitsToDouble(keys[i]));
            }
        }

        var meanBits = Radix.BitsFor(means.Count);
        var rank = -1;
        var previous = 0UL;
        int[]? counts = new int[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            if (i == 0 || keys[i] != previous)
            {
                rank++;
                previous = keys[i];
            }

            var frequencyAndWeight = payload![i];
            counts[i] = frequencyAndWeight.Weight;
            keys[i] = ((ulong)(uint)frequencyAndWeight.Frequency << meanBits) | (uint)rank;
        }

        Radix.Sort(ref keys, ref counts, Radix.BitsFor(maxFrequency + 1L) + meanBits);
        var distinct = keys.Length == 0 ? 0 : 1;
        for (var i = 1; i < keys.Length; i++)
        {
            if (keys[i] != keys[i - 1])
            {
                distinct++;
            }
        }

        var groups = new GroupedSpend[distinct];
        var meanMask = (1UL << meanBits) - 1;
        var g = 0;
        var start = 0;
        while (start < keys.Length)
        {
            var key = keys[start];
            var count = 0;
            var next = start;
            while (next < keys.Length && keys[next] == key)
            {
                count = checked(count + counts![next]);
                next++;
            }

            groups[g++] = new GroupedSpend(new CustomerSpend((int)(key >> meanBits), means[(int)(key & meanMask)]), count);
            start = next;
        }

        return new RepeatSpendData(groups, customers, zeroSpend);
    }

    private readonly record struct FrequencyAndWeight(int Frequency, int Weight);
}

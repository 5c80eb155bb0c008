using System.Runtime.InteropServices;

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
        Array.Sort(groups, static (left, right) =>
        {
            var byFrequency = left.Spend.Frequency.CompareTo(right.Spend.Frequency);
            return byFrequency != 0 ? byFrequency : left.Spend.MeanSpend.CompareTo(right.Spend.MeanSpend);
        });
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
        return FromGroups(customers.Select(static spend => new GroupedSpend(spend, 1)));
    }

    /// <summary>Builds the data from summaries that are already counted; equal summaries are merged.</summary>
    /// <param name="groups">Summaries with their numbers of customers, in any order.</param>
    /// <exception cref="OverflowException">More than <see cref="int.MaxValue"/> customers share one summary.</exception>
    public static RepeatSpendData FromGroups(IEnumerable<GroupedSpend> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var counts = new Dictionary<CustomerSpend, int>();
        long customers = 0;
        long zeroSpend = 0;
        foreach (var group in groups)
        {
            customers += group.Customers;
            if (!group.Spend.IsInformative)
            {
                if (group.Spend.Frequency > 0)
                {
                    zeroSpend += group.Customers;
                }

                continue;
            }

            ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(counts, group.Spend, out _);
            count = checked(count + group.Customers);
        }

        var result = new GroupedSpend[counts.Count];
        var i = 0;
        foreach (var (spend, count) in counts)
        {
            result[i++] = new GroupedSpend(spend, count);
        }

        return new RepeatSpendData(result, customers, zeroSpend);
    }
}

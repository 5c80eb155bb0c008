using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rapport.Core.Analytics;

/// <summary>
/// Groups customer histories into distinct (x, tₓ, T) rows with counts, sorted by x, then T,
/// then tₓ, and keeps what the likelihood needs: the distinct ages and recencies, ascending, and
/// each row's position in them.
/// </summary>
/// <remarks>
/// <para>
/// Speed, for a million customers: a dictionary keyed by whole histories is slow (each insert a
/// cache miss in a table of hundreds of thousands of rows), and so is a comparison sort. Instead
/// each distinct age and recency gets a rank (there are few: whole days, or days over 7), the
/// triple (x, rank of T, rank of tₓ) is packed into one 64-bit key, and the keys are sorted by an
/// LSD radix sort of 11-bit digits; equal keys are then adjacent. When the three parts do not
/// fit (more than 2²⁰ distinct ages or recencies, or x of 2²⁴ or more) a comparison sort of the
/// triples does the same job.
/// </para>
/// <para>
/// The order of the result depends only on the values, never on the order of the input.
/// </para>
/// </remarks>
internal sealed class HistoryGrouping
{
    /// <summary>Bits for the number of a time value in the first-pass key; x gets the remaining 24.</summary>
    private const int WideBits = 20;

    private HistoryGrouping(GroupedHistory[] groups, double[] ages, int[] ageRanks, double[] recencies, int[] recencyRanks)
    {
        Groups = groups;
        Ages = ages;
        AgeRanks = ageRanks;
        Recencies = recencies;
        RecencyRanks = recencyRanks;
    }

    /// <summary>The distinct histories with their counts, by x, then T, then tₓ.</summary>
    internal GroupedHistory[] Groups { get; }

    /// <summary>The distinct ages T, ascending.</summary>
    internal double[] Ages { get; }

    /// <summary>For each group, the position of its T in <see cref="Ages"/>.</summary>
    internal int[] AgeRanks { get; }

    /// <summary>The distinct recencies tₓ, ascending.</summary>
    internal double[] Recencies { get; }

    /// <summary>For each group, the position of its tₓ in <see cref="Recencies"/>.</summary>
    internal int[] RecencyRanks { get; }

    /// <summary>Groups histories, each standing for <paramref name="weights"/>[i] customers (1 each when empty).</summary>
    /// <exception cref="OverflowException">More than <see cref="int.MaxValue"/> customers share one history.</exception>
    // Hot loop over up to millions of rows: compiled optimised at once instead of tiering up while it runs.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static HistoryGrouping Group(ReadOnlySpan<CustomerHistory> histories, ReadOnlySpan<int> weights)
    {
        // First pass: number the distinct times in order of appearance, and pack
        // (x, number of T, number of tₓ) into one key with room for 2²⁰ values of each part.
        var n = histories.Length;
        var ageIndex = new ValueIndex();
        var recencyIndex = new ValueIndex();
        var keys = new ulong[n];
        var maxFrequency = 0;
        for (var i = 0; i < n; i++)
        {
            var history = histories[i];
            var age = ageIndex.IndexOf(history.Age);
            var recency = recencyIndex.IndexOf(history.Recency);
            maxFrequency = Math.Max(maxFrequency, history.Frequency);
            keys[i] = ((ulong)(uint)history.Frequency << (2 * WideBits)) | ((ulong)(uint)age << WideBits) | (uint)recency;
        }

        var fits = maxFrequency < 1 << (64 - 2 * WideBits) && ageIndex.Count <= 1 << WideBits && recencyIndex.Count <= 1 << WideBits;
        var (ages, ageRankOfIndex) = ageIndex.Ranked();
        var (recencies, recencyRankOfIndex) = recencyIndex.Ranked();
        if (!fits)
        {
            return GroupByComparison(histories, weights, ageIndex, recencyIndex, ages, ageRankOfIndex, recencies, recencyRankOfIndex);
        }

        // Second pass: replace the numbers by ranks, packed as tightly as the counts allow, so
        // that the radix sort orders by x, then T, then tₓ, in as few passes as possible.
        var recencyBits = Radix.BitsFor(recencies.Length);
        var ageBits = Radix.BitsFor(ages.Length);
        var totalBits = Radix.BitsFor(maxFrequency + 1) + ageBits + recencyBits;
        const ulong wideMask = (1UL << WideBits) - 1;
        for (var i = 0; i < n; i++)
        {
            var key = keys[i];
            var age = (ulong)(uint)ageRankOfIndex[(int)((key >> WideBits) & wideMask)];
            var recency = (ulong)(uint)recencyRankOfIndex[(int)(key & wideMask)];
            keys[i] = ((key >> (2 * WideBits)) << (ageBits + recencyBits)) | (age << recencyBits) | recency;
        }

        int[]? payload = weights.IsEmpty ? null : weights.ToArray();
        Radix.Sort(ref keys, ref payload, totalBits);

        var distinct = n == 0 ? 0 : 1;
        for (var i = 1; i < n; i++)
        {
            if (keys[i] != keys[i - 1])
            {
                distinct++;
            }
        }

        var groups = new GroupedHistory[distinct];
        var ageRanks = new int[distinct];
        var recencyRanks = new int[distinct];
        var recencyMask = (1UL << recencyBits) - 1;
        var ageMask = (1UL << ageBits) - 1;
        var g = 0;
        var start = 0;
        while (start < n)
        {
            var key = keys[start];
            var count = 0;
            var next = start;
            while (next < n && keys[next] == key)
            {
                count = checked(count + (payload is null ? 1 : payload[next]));
                next++;
            }

            var age = (int)((key >> recencyBits) & ageMask);
            var recency = (int)(key & recencyMask);
            groups[g] = new GroupedHistory(new CustomerHistory((int)(key >> (ageBits + recencyBits)), recencies[recency], ages[age]), count);
            ageRanks[g] = age;
            recencyRanks[g] = recency;
            g++;
            start = next;
        }

        return new HistoryGrouping(groups, ages, ageRanks, recencies, recencyRanks);
    }

    private static HistoryGrouping GroupByComparison(
        ReadOnlySpan<CustomerHistory> histories,
        ReadOnlySpan<int> weights,
        ValueIndex ageIndex,
        ValueIndex recencyIndex,
        double[] ages,
        int[] ageRankOfIndex,
        double[] recencies,
        int[] recencyRankOfIndex)
    {
        var n = histories.Length;
        var keys = new Triple[n];
        var counts = new int[n];
        for (var i = 0; i < n; i++)
        {
            var history = histories[i];
            keys[i] = new Triple(history.Frequency, ageRankOfIndex[ageIndex.IndexOf(history.Age)], recencyRankOfIndex[recencyIndex.IndexOf(history.Recency)]);
            counts[i] = weights.IsEmpty ? 1 : weights[i];
        }

        Array.Sort(keys, counts);
        var groups = new List<GroupedHistory>();
        var ageRanks = new List<int>();
        var recencyRanks = new List<int>();
        var start = 0;
        while (start < n)
        {
            var key = keys[start];
            var count = 0;
            var next = start;
            while (next < n && keys[next].Equals(key))
            {
                count = checked(count + counts[next]);
                next++;
            }

            groups.Add(new GroupedHistory(new CustomerHistory(key.Frequency, recencies[key.Recency], ages[key.Age]), count));
            ageRanks.Add(key.Age);
            recencyRanks.Add(key.Recency);
            start = next;
        }

        return new HistoryGrouping([.. groups], ages, [.. ageRanks], recencies, [.. recencyRanks]);
    }

    /// <summary>(x, rank of T, rank of tₓ), ordered in that order.</summary>
    private readonly record struct Triple(int Frequency, int Age, int Recency) : IComparable<Triple>
    {
        public int CompareTo(Triple other)
        {
            var byFrequency = Frequency.CompareTo(other.Frequency);
            if (byFrequency != 0)
            {
                return byFrequency;
            }

            var byAge = Age.CompareTo(other.Age);
            return byAge != 0 ? byAge : Recency.CompareTo(other.Recency);
        }
    }

    /// <summary>
    /// Numbers the distinct values of a time column in order of first appearance: an
    /// open-addressing hash table on the bits of the value (which are equal exactly when the
    /// values are, as times are never −0.0 or NaN).
    /// </summary>
    private sealed class ValueIndex
    {
        private readonly List<double> _values = [];
        private ulong[] _keys = new ulong[64];
        private int[] _slots = new int[64];

        /// <summary>How many distinct values so far.</summary>
        public int Count => _values.Count;

        /// <summary>The number of a value, adding it when new.</summary>
        // Hot loop over up to millions of rows: compiled optimised at once instead of tiering up while it runs.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public int IndexOf(double value)
        {
            var bits = BitConverter.DoubleToUInt64Bits(value);
            var mask = _slots.Length - 1;
            var slot = Slot(bits, mask);
            while (true)
            {
                var stored = _slots[slot];
                if (stored == 0)
                {
                    _keys[slot] = bits;
                    _slots[slot] = _values.Count + 1;
                    _values.Add(value);
                    if (2 * _values.Count > _slots.Length)
                    {
                        Grow();
                    }

                    return _values.Count - 1;
                }

                if (_keys[slot] == bits)
                {
                    return stored - 1;
                }

                slot = (slot + 1) & mask;
            }
        }

        /// <summary>The distinct values ascending, and for each number the position of its value among them.</summary>
        public (double[] Sorted, int[] RankOfIndex) Ranked()
        {
            var sorted = _values.ToArray();
            var order = new int[sorted.Length];
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            Array.Sort(sorted, order);
            var rankOfIndex = new int[sorted.Length];
            for (var rank = 0; rank < order.Length; rank++)
            {
                rankOfIndex[order[rank]] = rank;
            }

            return (sorted, rankOfIndex);
        }

        private static int Slot(ulong bits, int mask)
        {
            var mixed = (bits ^ (bits >> 31)) * 0x9E3779B97F4A7C15UL;
            return (int)(mixed >> 32) & mask;
        }

        private void Grow()
        {
            var keys = new ulong[_keys.Length * 2];
            var slots = new int[_slots.Length * 2];
            var mask = slots.Length - 1;
            for (var i = 0; i < _slots.Length; i++)
            {
                if (_slots[i] == 0)
                {
                    continue;
                }

                var slot = Slot(_keys[i], mask);
                while (slots[slot] != 0)
                {
                    slot = (slot + 1) & mask;
                }

                keys[slot] = _keys[i];
                slots[slot] = _slots[i];
            }

            _keys = keys;
            _slots = slots;
        }
    }

    /// <summary>Materialises any sequence as a span without copying arrays and lists.</summary>
    internal static ReadOnlySpan<T> AsSpan<T>(IEnumerable<T> items) =>
        items switch
        {
            T[] array => array,
            List<T> list => CollectionsMarshal.AsSpan(list),
            _ => items.ToArray(),
        };
}

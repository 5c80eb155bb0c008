using System.Runtime.CompilerServices;

namespace Rapport.Core.Analytics;

/// <summary>
/// A least-significant-digit radix sort of 64-bit keys with a payload, for grouping a million
/// customers in a few linear passes instead of a comparison sort or a large hash table.
/// </summary>
/// <remarks>
/// Digits are 11 bits (a 2,048-entry count table stays in the first-level cache). A digit that
/// is the same for every key is skipped, so keys whose high bits hardly vary (the exponent
/// of a positive double, a small x) cost no more than their informative bits. The sort is
/// stable, and its result depends only on the keys, not on their order.
/// </remarks>
internal static class Radix
{
    private const int DigitBits = 11;

    /// <summary>Sorts keys, and their payload alongside when there is one, by the low <paramref name="bits"/> bits of the keys.</summary>
    /// <remarks>
    /// One pass over the keys counts every digit at once; then one scatter pass per digit that
    /// varies. The arrays may be swapped for buffers of the same length; hence the <see langword="ref"/>s.
    /// </remarks>
    // Hot loop over up to millions of rows: compiled optimised at once instead of tiering up while it runs.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Sort<TPayload>(ref ulong[] keys, ref TPayload[]? payload, int bits)
        where TPayload : struct
    {
        var n = keys.Length;
        var digits = (bits + DigitBits - 1) / DigitBits;
        if (n < 2 || digits == 0)
        {
            return;
        }

        const int radix = 1 << DigitBits;
        const ulong digitMask = radix - 1;
        var counts = new int[digits * radix];
        foreach (var key in keys)
        {
            var rest = key;
            for (var digit = 0; digit < digits; digit++)
            {
                counts[digit * radix + (int)(rest & digitMask)]++;
                rest >>= DigitBits;
            }
        }

        ulong[]? buffer = null;
        TPayload[]? payloadBuffer = null;
        for (var digit = 0; digit < digits; digit++)
        {
            var shift = digit * DigitBits;
            var offsets = counts.AsSpan(digit * radix, radix);
            if (offsets[(int)((keys[0] >> shift) & digitMask)] == n)
            {
                continue;
            }

            var sum = 0;
            for (var d = 0; d < radix; d++)
            {
                var count = offsets[d];
                offsets[d] = sum;
                sum += count;
            }

            buffer ??= new ulong[n];
            if (payload is not null)
            {
                payloadBuffer ??= new TPayload[n];
            }

            for (var i = 0; i < n; i++)
            {
                var position = offsets[(int)((keys[i] >> shift) & digitMask)]++;
                buffer[position] = keys[i];
                if (payload is not null)
                {
                    payloadBuffer![position] = payload[i];
                }
            }

            (keys, buffer) = (buffer, keys);
            (payload, payloadBuffer) = (payloadBuffer, payload);
        }
    }

    /// <summary>The number of bits that holds the numbers 0 to <paramref name="distinctValues"/> − 1.</summary>
    internal static int BitsFor(long distinctValues)
    {
        var bits = 0;
        while (bits < 63 && (1L << bits) < distinctValues)
        {
            bits++;
        }

        return bits;
    }
}

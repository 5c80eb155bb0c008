using Rapport.Core.Touches;

namespace Rapport.Core.Planning;

/// <summary>
/// The year-round contact plan (SPEC R5, section 4): a pure function from customers, staff and the
/// policy to planned touches, each with the rule that put it there.
/// </summary>
/// <remarks>
/// <para>Three passes, as in the architecture. First, per customer (in parallel): the owning
/// branch and the calls the customer is due, each with a window. Second, per branch: calls placed
/// into staff days earliest-deadline-first, filling every working day to the same share of its
/// capacity so that calls spread evenly over the weeks; a call that finds no slot before its
/// window closes is missing, and the capacity report counts it. Third, per customer (in
/// parallel): replies, calls, greetings, the reward and newsletters, then check-ins where the
/// silence would grow too long, then offers where they keep to one in three, each checked against
/// the caps and the customer's chosen frequency. The order of the rules is the policy's: consent,
/// then caps and frequency, then capacity, then cadence.</para>
/// <para>The same input gives the same plan: customers are spread over days by a hash of their
/// id, never by a random number, and results are ordered by customer and day.</para>
/// </remarks>
public static class Planner
{
    /// <summary>Days over which customers already overdue on the as-of day are caught up.</summary>
    public const int CatchUpDays = 14;

    private const int ChunkSize = 2048;

    /// <summary>Makes the plan.</summary>
    /// <param name="input">Customers, staff, policy and dates.</param>
    /// <param name="progress">Told the share done, from 0 to 1.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    public static Plan Make(PlanInput input, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(input.HorizonDays, 1);
        var context = new PlanContext(input);
        var customers = input.Customers;
        var count = customers.Count;
        var chunks = (count + ChunkSize - 1) / ChunkSize;
        var options = new ParallelOptions { CancellationToken = cancellationToken };

        // Pass 1: owners and call demands.
        var owners = new short[count];
        var managers = new short[count];
        var demandChunks = new List<CallDemand>[chunks];
        Parallel.For(0, chunks, options, chunk =>
        {
            var demands = new List<CallDemand>();
            var end = Math.Min(count, (chunk + 1) * ChunkSize);
            for (var c = chunk * ChunkSize; c < end; c++)
            {
                context.DemandCalls(c, demands, out owners[c], out managers[c]);
            }

            demandChunks[chunk] = demands;
        });
        progress?.Report(0.2);

        // Pass 2: calls into staff capacity, per branch.
        var byBranch = new List<CallDemand>[input.Branches.Count + 1];
        for (var b = 0; b < byBranch.Length; b++)
        {
            byBranch[b] = [];
        }

        foreach (var chunk in demandChunks)
        {
            foreach (var demand in chunk)
            {
                byBranch[demand.Branch < 0 ? input.Branches.Count : demand.Branch].Add(demand);
            }
        }

        demandChunks = null;
        var placements = new CallPlacement[byBranch.Length][];
        var capacity = new CapacityWeek[byBranch.Length][];
        Parallel.For(0, byBranch.Length, options, b =>
            (placements[b], capacity[b]) = context.PlaceCalls(b == input.Branches.Count ? (short)-1 : (short)b, byBranch[b]));
        byBranch = null;
        progress?.Report(0.4);

        var callsOf = GroupByCustomer(placements, count);
        placements = null;

        // Pass 3: every customer's sequence.
        var touchChunks = new List<PlannedTouch>[chunks];
        var heldChunks = new List<HeldTouch>[chunks];
        var unreachableChunks = new List<UnreachableCustomer>[chunks];
        var done = 0;
        Parallel.For(0, chunks, options, chunk =>
        {
            var touches = new List<PlannedTouch>(ChunkSize * 16);
            var held = new List<HeldTouch>();
            var unreachable = new List<UnreachableCustomer>();
            var sequence = new CustomerSequence(context);
            var end = Math.Min(count, (chunk + 1) * ChunkSize);
            for (var c = chunk * ChunkSize; c < end; c++)
            {
                sequence.Plan(c, owners[c], callsOf.For(c), touches, held, unreachable);
            }

            touchChunks[chunk] = touches;
            heldChunks[chunk] = held;
            unreachableChunks[chunk] = unreachable;
            var finished = Interlocked.Increment(ref done);
            if (progress is not null && finished % 64 == 0)
            {
                progress.Report(0.4 + (0.55 * finished / chunks));
            }
        });

        var plan = new Plan(
            input,
            Concat(touchChunks),
            Concat(heldChunks),
            Concat(unreachableChunks),
            owners,
            capacity.SelectMany(w => w).ToArray());
        progress?.Report(1);
        return plan;
    }

    /// <summary>A stable 32-bit hash of a customer id (FNV-1a), to spread customers over days.</summary>
    public static uint Spread(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var hash = 2166136261u;
        foreach (var ch in id)
        {
            hash = (hash ^ ch) * 16777619u;
        }

        // Finalise so that ids differing in the last character spread over the whole range.
        hash ^= hash >> 15;
        hash *= 0x2c1b3c6du;
        hash ^= hash >> 12;
        return hash;
    }

    private static T[] Concat<T>(List<T>[] chunks)
    {
        var result = new T[chunks.Sum(c => c.Count)];
        var at = 0;
        foreach (var chunk in chunks)
        {
            chunk.CopyTo(result, at);
            at += chunk.Count;
        }

        return result;
    }

    private static CallsByCustomer GroupByCustomer(CallPlacement[][] placements, int count)
    {
        var starts = new int[count + 1];
        foreach (var branch in placements)
        {
            foreach (var p in branch)
            {
                starts[p.Customer + 1]++;
            }
        }

        for (var c = 0; c < count; c++)
        {
            starts[c + 1] += starts[c];
        }

        var next = starts[..^1];
        var all = new CallPlacement[starts[count]];
        foreach (var branch in placements)
        {
            foreach (var p in branch)
            {
                all[next[p.Customer]++] = p;
            }
        }

        for (var c = 0; c < count; c++)
        {
            var span = all.AsSpan(starts[c], starts[c + 1] - starts[c]);
            if (span.Length > 1)
            {
                span.Sort(static (a, b) => a.Day != b.Day ? a.Day.CompareTo(b.Day) : a.Missing.CompareTo(b.Missing));
            }
        }

        return new CallsByCustomer(all, starts);
    }

    private sealed class CallsByCustomer(CallPlacement[] all, int[] starts)
    {
        public ReadOnlyMemory<CallPlacement> For(int customer) => all.AsMemory(starts[customer], starts[customer + 1] - starts[customer]);
    }
}

/// <summary>A call the customer is due, with the window it must fall in (days from the as-of day).</summary>
internal readonly record struct CallDemand(int Customer, short Branch, short Manager, int Release, int Deadline, PlanRule Rule, byte TierRank, TouchKind Kind = TouchKind.CareCall);

/// <summary>A call placed on a staff day, or missing for want of capacity.</summary>
internal readonly record struct CallPlacement(int Customer, int Day, short Staff, short StartMinute, PlanRule Rule, bool Missing, TouchKind Kind = TouchKind.CareCall);

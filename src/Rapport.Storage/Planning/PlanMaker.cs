using System.Diagnostics;
using Rapport.Core.Contact;
using Rapport.Core.Planning;
using Rapport.Core.Touches;
using Rapport.Storage.Database;
using Rapport.Storage.Policy;

namespace Rapport.Storage.Planning;

/// <summary>How far the making of a plan has come.</summary>
/// <param name="Step">The step: reading, planning or storing.</param>
/// <param name="Fraction">How much of the step is done, from 0 to 1.</param>
/// <param name="Note">Something the user should know, such as that the customers were scored first; null otherwise.</param>
public readonly record struct PlanProgress(PlanStep Step, double Fraction, string? Note = null);

/// <summary>The steps of making a plan.</summary>
public enum PlanStep
{
    Read,
    Plan,
    Store,
}

/// <summary>How long each step of making a plan took.</summary>
public sealed record PlanTimings(TimeSpan Read, TimeSpan Plan, TimeSpan Store);

/// <summary>One branch's calls that found no staff capacity, over the plan.</summary>
/// <param name="BranchId">The branch.</param>
/// <param name="WeeksShort">Weeks with calls missing.</param>
/// <param name="CallsMissing">Calls missing.</param>
/// <param name="HoursMissing">Staff hours they would take.</param>
/// <param name="WorstWeek">The week with the most calls missing.</param>
public sealed record BranchShortfall(string BranchId, int WeeksShort, int CallsMissing, double HoursMissing, CapacityWeek WorstWeek)
{
    /// <summary>The branches with calls missing in these weeks, most calls missing first (ties by branch id).</summary>
    public static IReadOnlyList<BranchShortfall> Of(IEnumerable<CapacityWeek> weeks)
    {
        ArgumentNullException.ThrowIfNull(weeks);
        return weeks
            .Where(w => w.Missing > 0)
            .GroupBy(w => w.BranchId, StringComparer.Ordinal)
            .Select(g => new BranchShortfall(g.Key, g.Count(), g.Sum(w => w.Missing), g.Sum(w => w.HoursMissing), g.MaxBy(w => w.Missing)!))
            .OrderByDescending(s => s.CallsMissing).ThenBy(s => s.BranchId, StringComparer.Ordinal)
            .ToArray();
    }
}

/// <summary>What a plan holds, in numbers.</summary>
/// <param name="AsOf">The first day.</param>
/// <param name="LastDay">The last day.</param>
/// <param name="Customers">Customers planned for.</param>
/// <param name="Touches">Planned touches.</param>
/// <param name="ByKind">Touches per kind, most first.</param>
/// <param name="ByChannel">Touches per channel, most first.</param>
/// <param name="CallsPlaced">Calls placed in staff days.</param>
/// <param name="CallsMissing">Calls that found no capacity.</param>
/// <param name="Held">Touches held back, per rule that held them, most first.</param>
/// <param name="Unreachable">Customers no touch can reach.</param>
/// <param name="UnreachableExamples">A few of them, with why.</param>
/// <param name="Shortfalls">Branches short of call capacity, most calls missing first.</param>
public sealed record PlanSummary(
    DateOnly AsOf,
    DateOnly LastDay,
    int Customers,
    int Touches,
    IReadOnlyList<(TouchKind Kind, int Touches)> ByKind,
    IReadOnlyList<(Channel Channel, int Touches)> ByChannel,
    int CallsPlaced,
    int CallsMissing,
    IReadOnlyList<(PlanRule HeldBy, int Touches)> Held,
    int Unreachable,
    IReadOnlyList<StoredUnreachable> UnreachableExamples,
    IReadOnlyList<BranchShortfall> Shortfalls)
{
    /// <summary>Unreachable customers shown as examples.</summary>
    public const int Examples = 5;

    /// <summary>Counts a plan.</summary>
    public static PlanSummary Of(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var kinds = new int[Enum.GetValues<TouchKind>().Length];
        var channels = new int[Enum.GetValues<Channel>().Length];
        var calls = 0;
        foreach (var touch in plan.Touches)
        {
            kinds[(int)touch.Kind]++;
            channels[(int)touch.Channel]++;
            calls += touch.IsCall ? 1 : 0;
        }

        var held = new Dictionary<PlanRule, int>();
        foreach (var h in plan.Held)
        {
            held[h.HeldBy] = held.GetValueOrDefault(h.HeldBy) + 1;
        }

        var shortfalls = BranchShortfall.Of(plan.Capacity);
        return new PlanSummary(
            plan.Input.AsOf,
            plan.LastDay,
            plan.Input.Customers.Count,
            plan.Touches.Length,
            Enum.GetValues<TouchKind>().Where(k => kinds[(int)k] > 0).Select(k => (k, kinds[(int)k])).OrderByDescending(p => p.Item2).ToArray(),
            Enum.GetValues<Channel>().Where(c => channels[(int)c] > 0).Select(c => (c, channels[(int)c])).OrderByDescending(p => p.Item2).ToArray(),
            calls,
            plan.CallsMissing,
            held.OrderByDescending(p => p.Value).ThenBy(p => p.Key).Select(p => (p.Key, p.Value)).ToArray(),
            plan.Unreachable.Length,
            plan.Unreachable.Take(Examples).Select(u => new StoredUnreachable(plan.Input.Customers[u.Customer].Id, u.Why)).ToArray(),
            shortfalls);
    }
}

/// <summary>A plan made and stored, with what it took.</summary>
/// <param name="Summary">The plan in numbers.</param>
/// <param name="Timings">How long each step took.</param>
/// <param name="ScoredFirst">Whether nobody had scores, so the customer base was analysed first.</param>
/// <param name="Moments">What the moments run before planning found: their touches are in the plan.</param>
public sealed record PlanMade(PlanSummary Summary, PlanTimings Timings, bool ScoredFirst, Moments.MomentRun? Moments = null);

/// <summary>Makes the plan: reads the database, plans (Core's <see cref="Planner"/>), stores the plan in place of the last one.</summary>
public static class PlanMaker
{
    /// <summary>Makes and stores the plan.</summary>
    /// <param name="database">The database.</param>
    /// <param name="policy">The contact policy and its holidays.</param>
    /// <param name="asOf">The first day of the plan.</param>
    /// <param name="horizonDays">Days the plan covers, at least 1.</param>
    /// <param name="madeAt">The time to record as when the plan was made.</param>
    /// <param name="progress">Told each step's progress.</param>
    /// <param name="cancellationToken">Stops the work; the stored plan is then the previous one.</param>
    public static async Task<PlanMade> RunAsync(RapportDatabase database, LoadedPolicy policy, DateOnly asOf, int horizonDays, DateTimeOffset madeAt, IProgress<PlanProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var clock = Stopwatch.StartNew();
        progress?.Report(new PlanProgress(PlanStep.Read, 0));

        // The moments first, so that the touches they trigger are fixed in the plan.
        var moments = await Moments.MomentMaker.RunAsync(database, policy.Policy, policy.Holidays, madeAt, cancellationToken).ConfigureAwait(false);
        var snapshot = await PlanSnapshot.ReadAsync(
            database,
            policy.Policy,
            policy.Holidays,
            asOf,
            horizonDays,
            new NoteProgress(progress),
            cancellationToken).ConfigureAwait(false);
        var read = clock.Elapsed;

        var plan = Planner.Make(snapshot.Input, new StepProgress(progress, PlanStep.Plan), cancellationToken);
        var planned = clock.Elapsed;

        await PlanStore.SaveAsync(database, plan, madeAt, new StepProgress(progress, PlanStep.Store), cancellationToken).ConfigureAwait(false);
        return new PlanMade(PlanSummary.Of(plan), new PlanTimings(read, planned - read, clock.Elapsed - planned), snapshot.ScoredFirst, moments);
    }

    private sealed class NoteProgress(IProgress<PlanProgress>? progress) : IProgress<string>
    {
        public void Report(string value) => progress?.Report(new PlanProgress(PlanStep.Read, 0, value));
    }

    private sealed class StepProgress(IProgress<PlanProgress>? progress, PlanStep step) : IProgress<double>
    {
        public void Report(double value) => progress?.Report(new PlanProgress(step, value));
    }
}

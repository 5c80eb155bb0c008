using System.CommandLine;
using System.Globalization;
using System.Text;
using Rapport.Cli.Output;
using Rapport.Core.Common;
using Rapport.Core.Planning;
using Rapport.Storage.Database;
using Rapport.Storage.Planning;
using Rapport.Storage.Policy;

namespace Rapport.Cli.Commands;

internal static class PlanCommand
{
    /// <summary>The longest plan: three years.</summary>
    public const int MaxHorizonDays = 1096;

    public static Command Create(RapportCli cli)
    {
        var asOf = AsOfOption.Create("The first day of the plan (YYYY-MM-DD). Default: today.");
        var horizon = new Option<string?>("--horizon") { Description = $"How many days the plan covers, the first included (1 to {MaxHorizonDays}). Default: 365.", HelpName = "DAYS" };
        var json = JsonOption.Create();
        var command = new Command(
            "plan",
            "Make the year-round contact plan for every customer (consent first, then frequency caps and calling hours, then staff capacity, then cadence; docs/planning.md), store it in place of the last one, and summarise it.")
        {
            asOf, horizon, json, Export(cli), Explain(cli),
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var environment = cli.Environment;
            if (!AsOfOption.TryRead(parsed, asOf, environment, out var day) || !TryReadHorizon(parsed.GetValue(horizon), environment, out var days))
            {
                return ExitCodes.BadUsage;
            }

            var policyPath = cli.ResolvePolicy(parsed);
            var policy = PolicyStore.Load(policyPath, Path.GetFileName(policyPath));
            if (policy.Loaded is not { } loaded)
            {
                foreach (var problem in policy.Problems)
                {
                    await environment.Error.WriteLineAsync(problem).ConfigureAwait(false);
                }

                return ExitCodes.BadInput;
            }

            var database = await cli.OpenDatabaseAsync(parsed, cancellationToken).ConfigureAwait(false);
            PlanMade made;
            using (var progress = new StepDisplay(environment))
            {
                made = await PlanMaker.RunAsync(database, loaded, day, days, environment.Time.GetUtcNow(), progress, cancellationToken).ConfigureAwait(false);
            }

            if (parsed.GetValue(json))
            {
                Json.Write(environment.Out, ToJson(made));
            }
            else
            {
                await WriteTextAsync(environment.Out, made).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Reads <c>--horizon</c>: a whole number of days from 1 to <see cref="MaxHorizonDays"/>; 365 when not given.</summary>
    private static bool TryReadHorizon(string? text, CliEnvironment environment, out int days)
    {
        days = 365;
        if (text is null)
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out days) && days is >= 1 and <= MaxHorizonDays)
        {
            return true;
        }

        environment.Error.WriteLine($"rapport: --horizon: '{text}' is not a number of days from 1 to {MaxHorizonDays}");
        return false;
    }

    private static Command Export(RapportCli cli)
    {
        var format = new Option<string>("--format") { Description = "csv: every planned touch (touch_id, customer_id, date, start_time, end_time, channel, kind, staff_id, branch_id, reason); ics: one staff member's calls as a calendar (needs --staff).", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "ics");
        var staff = new Option<string?>("--staff") { Description = "The staff member whose calls go into the calendar (--format ics).", HelpName = "ID" };
        var file = new Argument<string>("FILE") { Description = "The file to write (replaced if it exists)." };
        var command = new Command("export", "Write the stored plan to a file: plan.csv for your own systems, or a staff member's calls as an iCalendar (.ics) file.") { format, staff, file };
        command.Validators.Add(result =>
        {
            if (result.GetValue(format) == "ics" && string.IsNullOrWhiteSpace(result.GetValue(staff)))
            {
                result.AddError("--format ics needs --staff ID: the staff member whose calls go into the calendar.");
            }
        });
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var environment = cli.Environment;
            var database = await cli.OpenDatabaseAsync(parsed, cancellationToken).ConfigureAwait(false);
            if (await ReadPlanAsync(environment, database, cancellationToken).ConfigureAwait(false) is not { } plan)
            {
                return ExitCodes.BadInput;
            }

            var path = cli.FullPath(parsed.GetRequiredValue(file));
            var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
            if (parsed.GetValue(format) == "ics")
            {
                var staffId = parsed.GetValue(staff)!;
                if (!await PlanStore.StaffExistsAsync(database, staffId, cancellationToken).ConfigureAwait(false))
                {
                    await environment.Error.WriteLineAsync($"rapport: no staff member '{staffId}' in {database.Location.Display}").ConfigureAwait(false);
                    return ExitCodes.BadInput;
                }

                int calls;
                await using (var writer = new StreamWriter(path, append: false, utf8))
                {
                    calls = await PlanExport.WriteIcsAsync(database, plan, staffId, writer, environment.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                }

                await environment.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Wrote {calls:N0} calls of {staffId} to {path}.")).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            long touches;
            using (var bar = new ProgressBar(environment, "export"))
            await using (var writer = new StreamWriter(path, append: false, utf8, 1 << 16))
            {
                touches = await PlanExport.WriteCsvAsync(database, plan, writer, new BarProgress(bar, plan.Touches), cancellationToken).ConfigureAwait(false);
            }

            await environment.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Wrote {touches:N0} planned touches to {path}.")).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Explain(RapportCli cli)
    {
        var customer = new Argument<string>("CUSTOMER") { Description = "The customer's id (customer_id in customers.csv)." };
        var days = new Option<int>("--days") { Description = "How many days ahead to show, from today (1 to 1096).", DefaultValueFactory = _ => 90 };
        days.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > MaxHorizonDays)
            {
                r.AddError($"--days must lie between 1 and {MaxHorizonDays}.");
            }
        });
        var command = new Command("explain", "Show what the stored plan does for one customer, and why: the owning branch, the coming touches with their reasons, and the touches held back.") { customer, days };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var environment = cli.Environment;
            var customerId = parsed.GetRequiredValue(customer);
            var database = await cli.OpenDatabaseAsync(parsed, cancellationToken).ConfigureAwait(false);
            if (!await PlanStore.CustomerExistsAsync(database, customerId, cancellationToken).ConfigureAwait(false))
            {
                await environment.Error.WriteLineAsync($"rapport: no customer '{customerId}' in {database.Location.Display}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            if (await ReadPlanAsync(environment, database, cancellationToken).ConfigureAwait(false) is not { } plan)
            {
                return ExitCodes.BadInput;
            }

            var today = DateOnly.FromDateTime(environment.Time.GetUtcNow().UtcDateTime);
            var from = today < plan.AsOf || today > plan.LastDay ? plan.AsOf : today;
            var until = from.AddDays(parsed.GetValue(days) - 1);
            var part = await PlanStore.CustomerAsync(database, plan, customerId, from, until, cancellationToken).ConfigureAwait(false);
            if (part is null)
            {
                await environment.Error.WriteLineAsync($"rapport: customer '{customerId}' came after the stored plan (made {IsoTime.Format(plan.MadeAt)}): run rapport plan").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            await WriteExplanationAsync(environment.Out, part, from, until).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The stored plan; says so on standard error when there is none.</summary>
    internal static async Task<StoredPlan?> ReadPlanAsync(CliEnvironment environment, RapportDatabase database, CancellationToken cancellationToken)
    {
        var plan = await PlanStore.RunAsync(database, cancellationToken).ConfigureAwait(false);
        if (plan is null)
        {
            await environment.Error.WriteLineAsync("rapport: no plan yet: run rapport plan").ConfigureAwait(false);
        }

        return plan;
    }

    private static async Task WriteExplanationAsync(TextWriter output, CustomerPlan part, DateOnly from, DateOnly until)
    {
        await output.WriteLineAsync($"Customer {part.CustomerId}{(part.CustomerName is { } name ? $" — {name}" : string.Empty)}").ConfigureAwait(false);
        await output.WriteLineAsync(part.BranchId is { } branch
            ? $"Owned by branch {branch}{(part.BranchName is { } branchName ? $" ({branchName})" : string.Empty)}: no other branch contacts this customer."
            : "Owned by no branch: the business has no branch to assign.").ConfigureAwait(false);
        if (part.Summary is { } summary)
        {
            await output.WriteLineAsync($"Plan: {summary}").ConfigureAwait(false);
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync($"Coming touches, {IsoTime.Format(from)} to {IsoTime.Format(until)}: {part.Touches.Count}").ConfigureAwait(false);
        foreach (var (touch, staffName) in part.Touches)
        {
            var time = touch.Start is { } start ? $"{start:HH\\:mm}–{touch.End:HH\\:mm}" : string.Empty;
            var staff = touch.StaffId is { } id ? $"{id}{(staffName is null ? string.Empty : $" {staffName}")}" : string.Empty;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {IsoTime.Format(touch.Day)} {time,-11} {EnumText.ToText(touch.Channel),-7} {EnumText.ToText(touch.Kind),-17} {staff}").TrimEnd()).ConfigureAwait(false);
            await output.WriteLineAsync($"      why: {touch.Reason}").ConfigureAwait(false);
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync($"Held back in that span: {part.Held.Count}").ConfigureAwait(false);
        foreach (var held in part.Held)
        {
            await output.WriteLineAsync($"  {held.Reason}").ConfigureAwait(false);
        }
    }

    private static object ToJson(PlanMade made)
    {
        var s = made.Summary;
        return new
        {
            AsOf = IsoTime.Format(s.AsOf),
            LastDay = IsoTime.Format(s.LastDay),
            s.Customers,
            s.Touches,
            ByKind = s.ByKind.ToDictionary(k => EnumText.ToText(k.Kind), k => k.Touches),
            ByChannel = s.ByChannel.ToDictionary(c => EnumText.ToText(c.Channel), c => c.Touches),
            Calls = new { Placed = s.CallsPlaced, Missing = s.CallsMissing },
            Held = s.Held.ToDictionary(h => PlanReasons.RuleId(h.HeldBy), h => h.Touches),
            Unreachable = new { Customers = s.Unreachable, Examples = s.UnreachableExamples.Select(u => new { u.CustomerId, u.Why }) },
            Shortfall = s.Shortfalls.Select(b => new
            {
                b.BranchId,
                b.WeeksShort,
                b.CallsMissing,
                HoursMissing = Math.Round(b.HoursMissing, 1),
                WorstWeek = new { WeekStart = IsoTime.Format(b.WorstWeek.WeekStart), CallsMissing = b.WorstWeek.Missing, HoursMissing = Math.Round(b.WorstWeek.HoursMissing, 1), b.WorstWeek.Capacity },
            }),
            made.ScoredFirst,
            Seconds = new { Read = made.Timings.Read.TotalSeconds, Plan = made.Timings.Plan.TotalSeconds, Store = made.Timings.Store.TotalSeconds },
        };
    }

    private static async Task WriteTextAsync(TextWriter output, PlanMade made)
    {
        var s = made.Summary;
        string L(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
        var t = made.Timings;
        await output.WriteLineAsync(L($"Planned {s.Customers:N0} customers from {IsoTime.Format(s.AsOf)} to {IsoTime.Format(s.LastDay)}: {s.Touches:N0} touches (read {t.Read.TotalSeconds:0.0} s, plan {t.Plan.TotalSeconds:0.0} s, store {t.Store.TotalSeconds:0.0} s).")).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("Touches by kind:").ConfigureAwait(false);
        foreach (var (kind, touches) in s.ByKind)
        {
            await output.WriteLineAsync(L($"  {EnumText.ToText(kind),-18} {touches,12:N0}")).ConfigureAwait(false);
        }

        await output.WriteLineAsync("Touches by channel:").ConfigureAwait(false);
        foreach (var (channel, touches) in s.ByChannel)
        {
            await output.WriteLineAsync(L($"  {EnumText.ToText(channel),-18} {touches,12:N0}")).ConfigureAwait(false);
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync(L($"Calls: {s.CallsPlaced:N0} placed in staff days; {s.CallsMissing:N0} missing for want of staff time.")).ConfigureAwait(false);
        if (s.Held.Count > 0)
        {
            await output.WriteLineAsync(L($"Held back: {s.Held.Sum(h => h.Touches):N0} touches the rules called for ({string.Join(", ", s.Held.Select(h => L($"{PlanReasons.RuleId(h.HeldBy)} {h.Touches:N0}")))}).")).ConfigureAwait(false);
        }

        await output.WriteLineAsync(L($"Unreachable: {s.Unreachable:N0} customers{(s.Unreachable > 0 ? ", such as:" : ".")}")).ConfigureAwait(false);
        foreach (var u in s.UnreachableExamples)
        {
            await output.WriteLineAsync($"  {u.CustomerId,-12} {u.Why}").ConfigureAwait(false);
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        if (s.Shortfalls.Count == 0)
        {
            await output.WriteLineAsync("Staff capacity: every call fits.").ConfigureAwait(false);
        }
        else
        {
            await output.WriteLineAsync("Staff capacity short (calls whose window closed without a free slot; see rapport plan explain for a customer):").ConfigureAwait(false);
            foreach (var b in s.Shortfalls)
            {
                var w = b.WorstWeek;
                await output.WriteLineAsync(L($"  {b.BranchId,-12} {Count(b.WeeksShort, "week")} short, {Count(b.CallsMissing, "call")} missing ({b.HoursMissing:N1} staff hours); worst week {IsoTime.Format(w.WeekStart)}: {Count(w.Missing, "call")} ({w.HoursMissing:N1} hours) beyond a capacity of {Count(w.Capacity, "call")}")).ConfigureAwait(false);
            }
        }

        if (made.ScoredFirst)
        {
            await output.WriteLineAsync("(No customer had scores, so the customer base was analysed first, as rapport analyze does.)").ConfigureAwait(false);
        }
    }

    /// <summary><c>1 call</c>, <c>2 calls</c>.</summary>
    internal static string Count(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} {noun}{(count == 1 ? string.Empty : "s")}");

    /// <summary>Each step's progress on one line of standard error when it is a terminal; notes (such as scoring first) always.</summary>
    private sealed class StepDisplay(CliEnvironment environment) : IProgress<PlanProgress>, IDisposable
    {
        private readonly Lock _lock = new();
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private TimeSpan _last = TimeSpan.MinValue;
        private bool _drawn;

        public void Report(PlanProgress value)
        {
            lock (_lock)
            {
                if (value.Note is { } note)
                {
                    Clear();
                    environment.Error.WriteLine($"rapport: {note}");
                    return;
                }

                if (!environment.ErrorIsTerminal || (_clock.Elapsed - _last < TimeSpan.FromMilliseconds(100) && value.Fraction is > 0 and < 1))
                {
                    return;
                }

                _last = _clock.Elapsed;
                var step = value.Step switch
                {
                    PlanStep.Read => "reading the database",
                    PlanStep.Plan => "planning",
                    _ => "storing the plan",
                };
                environment.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\r{step}… {value.Fraction,4:P0}          "));
                environment.Error.Flush();
                _drawn = true;
            }
        }

        public void Dispose()
        {
            lock (_lock)
            {
                Clear();
            }
        }

        private void Clear()
        {
            if (_drawn)
            {
                environment.Error.Write("\r" + new string(' ', 60) + "\r");
                environment.Error.Flush();
                _drawn = false;
            }
        }
    }

    private sealed class BarProgress(ProgressBar bar, int total) : IProgress<double>
    {
        public void Report(double value) => bar.Report(value, (long)(value * total), "touches");
    }
}

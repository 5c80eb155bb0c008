using System.CommandLine;
using System.Globalization;
using Rapport.Cli.Output;
using Rapport.Core.Common;
using Rapport.Messaging.Sending;
using Rapport.Messaging.Templates;
using Rapport.Storage.Planning;

namespace Rapport.Cli.Commands;

internal static class TodayCommand
{
    /// <summary>Customers shown per kind of letter or message.</summary>
    private const int Examples = 3;

    public static Command Create(RapportCli cli)
    {
        var date = new Option<string?>("--date") { Description = "The day (YYYY-MM-DD). Default: today.", HelpName = "DATE" };
        var staff = new Option<string?>("--staff") { Description = "Only this staff member's calls, and their branch's letters and messages.", HelpName = "ID" };
        var json = JsonOption.Create();
        var command = new Command("today", "The day's work from the stored plan: each call with the customer's name, phone, local time, history, the reason and talking points; then the letters and messages due.") { date, staff, json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var environment = cli.Environment;
            if (!AsOfOption.TryRead(parsed, date, environment, out var day))
            {
                return ExitCodes.BadUsage;
            }

            var database = await cli.OpenDatabaseAsync(parsed, cancellationToken).ConfigureAwait(false);
            if (await PlanCommand.ReadPlanAsync(environment, database, cancellationToken).ConfigureAwait(false) is not { } plan)
            {
                return ExitCodes.BadInput;
            }

            if (day < plan.AsOf || day > plan.LastDay)
            {
                await environment.Error.WriteLineAsync($"rapport: {IsoTime.Format(day)} is outside the stored plan ({IsoTime.Format(plan.AsOf)} to {IsoTime.Format(plan.LastDay)}): run rapport plan --as-of {IsoTime.Format(day)}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            var staffId = parsed.GetValue(staff);
            if (staffId is not null && !await PlanStore.StaffExistsAsync(database, staffId, cancellationToken).ConfigureAwait(false))
            {
                await environment.Error.WriteLineAsync($"rapport: no staff member '{staffId}' in {database.Location.Display}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            var queue = await WorkQueue.ReadAsync(database, plan, day, staffId, Examples, cancellationToken).ConfigureAwait(false);
            if (await cli.LoadPolicyAsync(parsed).ConfigureAwait(false) is not { } policy ||
                await TemplatesCommand.LoadAsync(cli, parsed).ConfigureAwait(false) is not { } library)
            {
                return ExitCodes.BadInput;
            }

            var scripts = await CallScripts.RenderAsync(database, policy.Policy, new TemplateRenderer(library), queue.Calls, environment.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            if (parsed.GetValue(json))
            {
                Json.Write(environment.Out, ToJson(queue, scripts));
            }
            else
            {
                await WriteTextAsync(environment.Out, queue, scripts).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static object ToJson(WorkQueue queue, IReadOnlyDictionary<string, RenderResult> scripts) => new
    {
        Date = IsoTime.Format(queue.Day),
        queue.StaffId,
        queue.BranchId,
        Calls = queue.Calls.Select(c => new
        {
            c.Touch.TouchId,
            c.Touch.CustomerId,
            c.CustomerName,
            c.Phone,
            c.Touch.StaffId,
            c.StaffName,
            Start = c.Touch.Start?.ToString("HH:mm", CultureInfo.InvariantCulture),
            End = c.Touch.End?.ToString("HH:mm", CultureInfo.InvariantCulture),
            c.TimeZone,
            Kind = EnumText.ToText(c.Touch.Kind),
            Rule = Core.Planning.PlanReasons.RuleId(c.Touch.Rule),
            c.Touch.Reason,
            c.TenureMonths,
            c.Tier,
            c.Stage,
            LastPurchase = c.LastPurchase is { } p ? IsoTime.Format(p) : null,
            c.LastProduct,
            LastTouch = c.LastTouch is { } t ? new { At = IsoTime.Format(t.At), Kind = EnumText.ToText(t.Kind), Channel = EnumText.ToText(t.Channel), Direction = EnumText.ToText(t.Direction) } : null,
            c.Warning,
            c.TalkingPoints,
            Script = scripts.GetValueOrDefault(c.Touch.TouchId) is { } script ? script.Message?.Text : null,
            ScriptProblem = scripts.GetValueOrDefault(c.Touch.TouchId)?.Problem?.Message,
        }),
        Letters = queue.Letters.Select(Due),
        Messages = queue.Messages.Select(Due),
    };

    private static object Due(DueTouches due) => new
    {
        Channel = EnumText.ToText(due.Channel),
        Kind = EnumText.ToText(due.Kind),
        due.Count,
        Examples = due.Examples.Select(e => new { e.TouchId, e.CustomerId, e.CustomerName, e.Reason }),
    };

    private static async Task WriteTextAsync(TextWriter output, WorkQueue queue, IReadOnlyDictionary<string, RenderResult> scripts)
    {
        string L(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
        await output.WriteLineAsync(L($"Work for {queue.Day.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture)}{(queue.StaffId is { } s ? $", staff member {s} (branch {queue.BranchId})" : string.Empty)}")).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync(L($"Calls: {queue.Calls.Count:N0}")).ConfigureAwait(false);
        foreach (var group in queue.Calls.GroupBy(c => (c.Touch.StaffId, c.StaffName)))
        {
            await output.WriteLineAsync($"{group.Key.StaffId} {group.Key.StaffName} — {PlanCommand.Count(group.Count(), "call")}").ConfigureAwait(false);
            foreach (var call in group)
            {
                var touch = call.Touch;
                await output.WriteLineAsync(L($"  {touch.Start:HH\\:mm}–{touch.End:HH\\:mm} {(call.TimeZone is { } zone ? $"({zone} time)" : "(UTC)")}  {call.CustomerName} [{touch.CustomerId}]  {call.Phone ?? "no phone number on record"}")).ConfigureAwait(false);
                await output.WriteLineAsync($"      why: {touch.Reason}").ConfigureAwait(false);
                await output.WriteLineAsync($"      {Facts(call)}").ConfigureAwait(false);
                if (call.Warning is { } warning)
                {
                    await output.WriteLineAsync($"      warning: {warning}").ConfigureAwait(false);
                }

                foreach (var point in call.TalkingPoints)
                {
                    await output.WriteLineAsync($"      • {point}").ConfigureAwait(false);
                }

                if (scripts.GetValueOrDefault(touch.TouchId) is { } script)
                {
                    var lines = script.Message is { } m ? m.Text.Split('\n') : [$"no script: {script.Problem!.Message}"];
                    await output.WriteLineAsync("      script:").ConfigureAwait(false);
                    foreach (var line in lines)
                    {
                        await output.WriteLineAsync($"        {line.TrimEnd()}").ConfigureAwait(false);
                    }
                }
            }
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await WriteDueAsync(output, "Letters to print", queue.Letters).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await WriteDueAsync(output, "Messages to send", queue.Messages).ConfigureAwait(false);
    }

    private static async Task WriteDueAsync(TextWriter output, string title, IReadOnlyList<DueTouches> due)
    {
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{title}: {due.Sum(d => d.Count):N0}")).ConfigureAwait(false);
        foreach (var group in due)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {EnumText.ToText(group.Channel),-7} {EnumText.ToText(group.Kind),-18} {group.Count,8:N0}")).ConfigureAwait(false);
            foreach (var example in group.Examples)
            {
                await output.WriteLineAsync($"      {example.CustomerName ?? example.CustomerId} [{example.CustomerId}]: {example.Reason}").ConfigureAwait(false);
            }
        }
    }

    private static string Facts(QueuedCall call)
    {
        var facts = new List<string>();
        if (call.Tier is { } tier)
        {
            facts.Add($"{tier} customer, {call.Stage}");
        }

        if (call.TenureMonths is { } months)
        {
            var (years, rest) = Math.DivRem(months, 12);
            facts.Add("customer for " + (years, rest) switch
            {
                (0, _) => PlanCommand.Count(rest, "month"),
                (_, 0) => PlanCommand.Count(years, "year"),
                _ => $"{PlanCommand.Count(years, "year")} {PlanCommand.Count(rest, "month")}",
            });
        }

        facts.Add(call.LastPurchase is { } last
            ? $"last purchase {IsoTime.Format(last)}{(call.LastProduct is { } product ? $" ({product})" : string.Empty)}"
            : "no purchase on record");
        facts.Add(call.LastTouch is { } touch
            ? $"last touch {IsoTime.Format(DateOnly.FromDateTime(touch.At.UtcDateTime))}: {EnumText.ToText(touch.Kind)} by {EnumText.ToText(touch.Channel)} ({(touch.Direction == Core.Touches.TouchDirection.In ? "from them" : "from us")})"
            : "no touch on record");
        return string.Join("; ", facts);
    }
}

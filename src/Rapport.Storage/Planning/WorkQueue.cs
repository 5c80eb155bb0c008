using System.Globalization;
using Rapport.Core.Common;
using Rapport.Core.Contact;
using Rapport.Core.Touches;
using Rapport.Storage.Database;

namespace Rapport.Storage.Planning;

/// <summary>The last contact with a customer before the day of a call.</summary>
public sealed record LastContact(DateTimeOffset At, TouchKind Kind, Channel Channel, TouchDirection Direction);

/// <summary>One call of a day's work queue, with what the caller should know.</summary>
/// <param name="Touch">The call, with its reason.</param>
/// <param name="StaffName">Who calls.</param>
/// <param name="CustomerName">The customer's name (the company when no person is named).</param>
/// <param name="Phone">The number to call.</param>
/// <param name="TimeZone">The customer's time zone (else the branch's): the start is local time there.</param>
/// <param name="TenureMonths">Months since the first purchase, from the last analysis.</param>
/// <param name="Tier">Value tier, from the last analysis.</param>
/// <param name="Stage">Lifecycle stage, from the last analysis.</param>
/// <param name="LastPurchase">The day of the last purchase.</param>
/// <param name="LastProduct">What was bought last.</param>
/// <param name="LastTouch">The last contact before the day, either way.</param>
/// <param name="Warning">An open defection warning, in words.</param>
/// <param name="TalkingPoints">Two or three things to mention, from what is known.</param>
public sealed record QueuedCall(
    StoredTouch Touch,
    string? StaffName,
    string CustomerName,
    string? Phone,
    string? TimeZone,
    int? TenureMonths,
    string? Tier,
    string? Stage,
    DateOnly? LastPurchase,
    string? LastProduct,
    LastContact? LastTouch,
    string? Warning,
    IReadOnlyList<string> TalkingPoints);

/// <summary>A customer a letter or message of the day goes to.</summary>
public sealed record DueExample(string TouchId, string CustomerId, string? CustomerName, string Reason);

/// <summary>The letters or messages of one channel and kind due on the day: how many, with a few examples.</summary>
public sealed record DueTouches(Channel Channel, TouchKind Kind, int Count, IReadOnlyList<DueExample> Examples);

/// <summary>
/// The work of one day (SPEC R5: "a daily work queue per staff member"): the calls, per staff
/// member in time order, each with what the caller should know; then the letters (print) and
/// messages (e-mail, SMS, social) due, counted by kind.
/// </summary>
/// <param name="Day">The day.</param>
/// <param name="StaffId">The staff member the queue is for; null for everyone.</param>
/// <param name="BranchId">The staff member's branch, whose letters and messages are listed; null for every branch.</param>
/// <param name="Calls">The calls, by staff member, then start.</param>
/// <param name="Letters">Print, by kind.</param>
/// <param name="Messages">E-mail, SMS, social (and any other channel), by channel and kind.</param>
public sealed record WorkQueue(DateOnly Day, string? StaffId, string? BranchId, IReadOnlyList<QueuedCall> Calls, IReadOnlyList<DueTouches> Letters, IReadOnlyList<DueTouches> Messages)
{
    /// <summary>Reads the work queue of a day from the stored plan.</summary>
    /// <param name="database">The database.</param>
    /// <param name="plan">The stored plan.</param>
    /// <param name="day">The day.</param>
    /// <param name="staffId">Only this staff member's calls and their branch's letters and messages; null for everyone. Must exist.</param>
    /// <param name="examples">Examples per kind of letter or message, at most three.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    public static async Task<WorkQueue> ReadAsync(RapportDatabase database, StoredPlan plan, DateOnly day, string? staffId, int examples, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(plan);
        var sqlite = database.Location.Provider == DatabaseProvider.Sqlite;
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        string? branchId = null;
        if (staffId is not null)
        {
            await using var rows = await StoredRows.OpenAsync(connection, null, "SELECT branch_id FROM staff WHERE staff_id = @staff", [("@staff", staffId)], cancellationToken).ConfigureAwait(false);
            branchId = await rows.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? rows.String(0)
                : throw new ArgumentException($"no staff member '{staffId}'", nameof(staffId));
        }

        var dayStart = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var calls = new List<QueuedCall>();
        const int c = PlanStore.TouchSelectColumns;
        await using (var rows = await StoredRows.OpenAsync(
            connection,
            null,
            $"""
            SELECT {PlanStore.TouchSelect},
                   s.name, cu.first_name, cu.last_name, cu.company, cu.phones, COALESCE(cu.time_zone, b.time_zone),
                   cu.birth_date, cu.anniversary_date,
                   sc.tenure_months, sc.tier, sc.stage, sc.last_purchase, sc.warning,
                   (SELECT pu.product FROM purchases pu WHERE pu.customer_id = t.customer_id AND pu.product IS NOT NULL ORDER BY pu.at DESC LIMIT 1),
                   (SELECT x.at FROM touches x WHERE x.customer_id = t.customer_id AND x.at < @day_start ORDER BY x.at DESC LIMIT 1),
                   (SELECT x.kind || ';' || x.channel || ';' || x.direction FROM touches x WHERE x.customer_id = t.customer_id AND x.at < @day_start ORDER BY x.at DESC LIMIT 1),
                   (SELECT COUNT(*) FROM plan_touches o
                    WHERE o.touch_no >= p.first_touch AND o.touch_no < t.touch_no AND o.day = t.day AND o.kind = t.kind)
            FROM plan_touches t
            JOIN plan_customers p ON p.customer_id = t.customer_id
            LEFT JOIN staff s ON s.staff_id = t.staff_id
            LEFT JOIN customers cu ON cu.customer_id = t.customer_id
            LEFT JOIN branches b ON b.branch_id = t.branch_id
            LEFT JOIN customer_scores sc ON sc.customer_id = t.customer_id
            WHERE t.start_minute IS NOT NULL AND t.day = @day{(staffId is null ? string.Empty : " AND t.staff_id = @staff")}
            ORDER BY t.staff_id, t.start_minute, t.touch_no
            """,
            [("@day", StoredColumns.PlanDayValue(day, sqlite)), ("@day_start", StoredColumns.InstantValue(dayStart, sqlite)), .. (staffId is null ? [] : new[] { ("@staff", (object?)staffId) })],
            cancellationToken).ConfigureAwait(false))
        {
            while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var touch = PlanStore.ReadTouch(rows, 0, plan, numbering: null, number: rows.Int32(c + 16) + 1);
                LastContact? last = null;
                if (!rows.IsNull(c + 14) && rows.StringOrNull(c + 15)?.Split(';') is [var kind, var channel, var direction])
                {
                    last = new LastContact(rows.Instant(c + 14), KebabNames<TouchKind>.Parse(kind), KebabNames<Channel>.Parse(channel), KebabNames<TouchDirection>.Parse(direction));
                }

                var facts = new CallFacts(
                    day,
                    rows.Date(c + 6),
                    rows.Date(c + 7),
                    rows.Int32OrNull(c + 8),
                    rows.StringOrNull(c + 9),
                    rows.StringOrNull(c + 10),
                    rows.Date(c + 11),
                    rows.StringOrNull(c + 13),
                    rows.StringOrNull(c + 12));
                calls.Add(new QueuedCall(
                    touch,
                    rows.StringOrNull(c),
                    PlanStore.DisplayName(rows.StringOrNull(c + 1), rows.StringOrNull(c + 2), rows.StringOrNull(c + 3)) ?? touch.CustomerId,
                    PlanStore.FirstOfList(rows.StringOrNull(c + 4)),
                    rows.StringOrNull(c + 5),
                    facts.TenureMonths,
                    facts.Tier,
                    facts.Stage,
                    facts.LastPurchase,
                    facts.LastProduct,
                    last,
                    facts.Warning,
                    TalkingPoints.For(facts)));
            }
        }

        // Letters and messages: counted per day, branch, channel and kind when the plan was stored,
        // with the numbers of the first three of each, which are the examples.
        var due = new Dictionary<(Channel Channel, TouchKind Kind), (int Count, List<int> Firsts)>();
        await using (var rows = await StoredRows.OpenAsync(
            connection,
            null,
            $"SELECT channel, kind, touches, first_touch, second_touch, third_touch FROM plan_days WHERE day = @day{(branchId is null ? string.Empty : " AND branch_id = @branch")}",
            [("@day", StoredColumns.PlanDayValue(day, sqlite)), .. (branchId is null ? [] : new[] { ("@branch", (object?)branchId) })],
            cancellationToken).ConfigureAwait(false))
        {
            while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var key = (rows.Enum<Channel>(0), rows.Enum<TouchKind>(1));
                if (!due.TryGetValue(key, out var group))
                {
                    group = (0, []);
                }

                group.Firsts.AddRange(new[] { rows.Int32(3), rows.Int32OrNull(4), rows.Int32OrNull(5) }.OfType<int>());
                due[key] = (group.Count + rows.Int32(2), group.Firsts);
            }
        }

        // Touches are stored in customer order: the examples are the first customers of the kind that day.
        examples = Math.Clamp(examples, 0, DayCounts.Firsts);
        var wanted = due.Values.SelectMany(g => g.Firsts.Order().Take(examples)).ToHashSet();
        var found = new Dictionary<int, DueExample>();
        if (wanted.Count > 0)
        {
            await using var rows = await StoredRows.OpenAsync(
                connection,
                null,
                $"""
                SELECT {PlanStore.TouchSelect}, cu.first_name, cu.last_name, cu.company, t.touch_no
                FROM plan_touches t LEFT JOIN customers cu ON cu.customer_id = t.customer_id
                WHERE t.touch_no IN ({string.Join(", ", wanted.Select(n => n.ToString(CultureInfo.InvariantCulture)))})
                """,
                [],
                cancellationToken).ConfigureAwait(false);
            while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var touch = PlanStore.ReadTouch(rows, 0, plan, numbering: null);
                found[rows.Int32(c + 3)] = new DueExample(touch.TouchId, touch.CustomerId, PlanStore.DisplayName(rows.StringOrNull(c), rows.StringOrNull(c + 1), rows.StringOrNull(c + 2)), touch.Reason);
            }
        }

        var groups = due
            .OrderBy(d => d.Key.Channel).ThenByDescending(d => d.Value.Count).ThenBy(d => d.Key.Kind)
            .Select(d => new DueTouches(d.Key.Channel, d.Key.Kind, d.Value.Count, d.Value.Firsts.Order().Take(examples).Where(found.ContainsKey).Select(n => found[n]).ToArray()))
            .ToArray();

        return new WorkQueue(
            day,
            staffId,
            branchId,
            calls,
            groups.Where(g => g.Channel == Channel.Print).ToArray(),
            groups.Where(g => g.Channel != Channel.Print).ToArray());
    }
}

/// <summary>What is known about a customer on the day of a call, for the talking points.</summary>
/// <param name="Day">The day of the call.</param>
/// <param name="BirthDate">Date of birth.</param>
/// <param name="AnniversaryDate">Anniversary.</param>
/// <param name="TenureMonths">Months since the first purchase.</param>
/// <param name="Tier">Value tier (kebab-case).</param>
/// <param name="Stage">Lifecycle stage (kebab-case).</param>
/// <param name="LastPurchase">The day of the last purchase.</param>
/// <param name="LastProduct">What was bought last.</param>
/// <param name="Warning">An open defection warning.</param>
public sealed record CallFacts(
    DateOnly Day,
    DateOnly? BirthDate,
    DateOnly? AnniversaryDate,
    int? TenureMonths,
    string? Tier,
    string? Stage,
    DateOnly? LastPurchase,
    string? LastProduct,
    string? Warning);

/// <summary>Two or three things a caller could mention, built from what is known about the customer.</summary>
public static class TalkingPoints
{
    /// <summary>Days ahead in which a birthday or anniversary is worth mentioning.</summary>
    public const int OccasionWithinDays = 14;

    /// <summary>The most points given.</summary>
    public const int Most = 3;

    private static readonly string[] GeneralPoints =
    [
        "just because: ask how they are, and whether there is anything we can do",
        "check that their phone number, e-mail and preferred ways of hearing from us are still right",
    ];

    /// <summary>The points, most personal first: an occasion, the last purchase, the relationship, a warning; a general one when little is known.</summary>
    public static IReadOnlyList<string> For(CallFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var points = new List<string>();
        if (facts.BirthDate is { } birth && DaysUntil(facts.Day, birth) is { } toBirthday)
        {
            points.Add(toBirthday == 0 ? "it is their birthday today: wish them a happy birthday" : $"their birthday is on {Format(facts.Day.AddDays(toBirthday))}: wish them well");
        }

        if (facts.AnniversaryDate is { } anniversary && DaysUntil(facts.Day, anniversary) is { } toAnniversary)
        {
            points.Add(toAnniversary == 0 ? "it is their anniversary today: congratulate them" : $"their anniversary is on {Format(facts.Day.AddDays(toAnniversary))}");
        }

        if (facts.LastPurchase is { } last)
        {
            var months = MonthsBetween(last, facts.Day);
            var when = months switch
            {
                0 => $"this month ({IsoTime.Format(last)})",
                1 => $"a month ago ({IsoTime.Format(last)})",
                < 24 => string.Create(CultureInfo.InvariantCulture, $"{months} months ago ({IsoTime.Format(last)})"),
                _ => string.Create(CultureInfo.InvariantCulture, $"{months / 12} years ago ({IsoTime.Format(last)})"),
            };

            // Half a year on, the thing bought is old news: ask what they need now.
            var ask = months <= 6 ? "ask how it is working out" : "it has been a while: ask what they need now";
            points.Add(facts.LastProduct is { } product ? $"last bought {product} {when}: {ask}" : $"last purchase {when}: {ask}");
        }

        if (facts.Stage is "new" or "new-to-line")
        {
            points.Add("new to us: make sure they have everything they need, and know whom to call");
        }
        else if (facts.TenureMonths is >= 24 and var tenure)
        {
            points.Add(string.Create(CultureInfo.InvariantCulture, $"a customer for {tenure / 12} years: thank them for their loyalty"));
        }

        if (facts.Warning is not null)
        {
            points.Add("they may be drifting away: listen first, ask what we could do better; no sales pitch");
        }
        else if (facts.Tier == "key")
        {
            points.Add("one of our key customers: ask what else we could do for them");
        }

        // Little known: a personal call all the same, and a chance to keep the record up to date (S2).
        foreach (var general in GeneralPoints)
        {
            if (points.Count < 2)
            {
                points.Add(general);
            }
        }

        return points.Take(Most).ToArray();
    }

    /// <summary>Days from <paramref name="day"/> to the next yearly occurrence of <paramref name="date"/> (0 when it is that day), if within <see cref="OccasionWithinDays"/>.</summary>
    private static int? DaysUntil(DateOnly day, DateOnly date)
    {
        for (var ahead = 0; ahead <= OccasionWithinDays; ahead++)
        {
            var candidate = day.AddDays(ahead);
            var matches = candidate.Month == date.Month && (candidate.Day == date.Day ||
                // 29 February is celebrated on 28 February in other years.
                (date.Month == 2 && date.Day == 29 && candidate.Day == 28 && !DateTime.IsLeapYear(candidate.Year)));
            if (matches)
            {
                return ahead;
            }
        }

        return null;
    }

    private static int MonthsBetween(DateOnly from, DateOnly to)
    {
        var months = ((to.Year - from.Year) * 12) + to.Month - from.Month;
        return Math.Max(0, to.Day < from.Day ? months - 1 : months);
    }

    private static string Format(DateOnly day) => day.ToString("d MMMM", CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text;
using Rapport.Core.Common;
using Rapport.Core.Organisation;

namespace Rapport.Core.Planning;

/// <summary>Something wrong with a policy file.</summary>
/// <param name="File">The file, as named to the user.</param>
/// <param name="Line">The line, from 1; 0 when the problem is with a default or between settings.</param>
/// <param name="Setting">The setting, such as <c>calls.window</c>, when the problem is one setting's.</param>
/// <param name="Message">What is wrong.</param>
public sealed record PolicyProblem(string File, int Line, string? Setting, string Message)
{
    /// <summary><c>rapport.policy: calls.window: end 08:00 is before start 09:00 (line 40)</c>.</summary>
    public override string ToString() => Setting is null
        ? string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}: {Message}")
        : Line > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{File}: {Setting}: {Message} (line {Line})")
            : $"{File}: {Setting}: {Message}";
}

/// <summary>The outcome of reading a policy file: the policy, or every problem found.</summary>
/// <param name="Policy">The policy; <see langword="null"/> when there are problems.</param>
/// <param name="Problems">What is wrong; empty on success.</param>
public sealed record PolicyReadResult(ContactPolicy? Policy, IReadOnlyList<PolicyProblem> Problems)
{
    /// <summary>Whether the file gave a policy.</summary>
    public bool Success => Policy is not null;
}

/// <summary>
/// The policy file, <c>rapport.policy</c>: sections of <c>key = value</c> lines with <c>#</c>
/// comments, every setting of <see cref="ContactPolicy"/> with its default and where it comes
/// from. Settings left out keep their defaults; unknown ones are errors, so that a misspelt
/// setting is not silently ignored.
/// </summary>
public static class PolicyFile
{
    private static readonly Setting[] Settings =
    [
        Interval("silence", "longest", "Longest silence for a customer who wants to hear from us. \"After seven to nine weeks of no communication, you no longer exist\" (S0, comment).", p => p.LongestSilence, (p, v) => p with { LongestSilence = v }),
        Interval("check_in", "at_least", "A \"just because\" check-in, not a sales contact, at least this often (S0 #3, S3).", p => p.CheckInAtLeast, (p, v) => p with { CheckInAtLeast = v }),
        Interval("newsletter", "every", "The newsletter to customers who consented to e-mail (S1 #1: \"no less than once a month\").", p => p.NewsletterEvery, (p, v) => p with { NewsletterEvery = v }),
        Interval("care_calls", "key", "Care calls to key customers, the top 20% by value (S4: larger customers get more regular calls).", p => p.CareCallKey, (p, v) => p with { CareCallKey = v }),
        Interval("care_calls", "core", "Care calls to core customers, the next 30% (S4).", p => p.CareCallCore, (p, v) => p with { CareCallCore = v }),
        Interval("care_calls", "fringe", "Care calls to every other customer (S4: \"every customer has a minimum of one call each year\").", p => p.CareCallFringe, (p, v) => p with { CareCallFringe = v }),
        Integer("offers", "at_most_one_in", "Up-sell and cross-sell offers are at most one in this many outbound touches (S0 #3, S3: not a sales relationship).", 1, 100, p => p.OffersAtMostOneIn, (p, v) => p with { OffersAtMostOneIn = v }),
        Interval("offers", "every", "An up-sell or cross-sell offer is considered this often for customers who are buying, and only where the two rules below allow it.", p => p.OffersEvery, (p, v) => p with { OffersEvery = v }),
        Boolean("offers", "two_in_a_row", "Whether two offers may follow each other (S0 #3: intersperse them with \"just because\" touches).", p => p.OffersTwoInARow, (p, v) => p with { OffersTwoInARow = v }),
        Integer("caps", "window_days", "The window of the caps below, in days (S2: never so often that it turns into junk).", 1, 366, p => p.CapWindowDays, (p, v) => p with { CapWindowDays = v }),
        Integer("caps", "touches", "Most outbound touches in any window (S2).", 1, 100, p => p.CapTouches, (p, v) => p with { CapTouches = v }),
        Integer("caps", "calls", "Most calls in any window (S2).", 0, 100, p => p.CapCalls, (p, v) => p with { CapCalls = v }),
        Window("calls", "window", "Calls only between these hours, in the customer's time zone (S2: no calls at unsociable hours)."),
        Days("calls", "days", "Days on which customers may be called (S2: \"call you up at weekends\" is what not to do)."),
        Integer("calls", "minutes_per_call", "Minutes a call takes, to fit calls into staff capacity and report shortfalls in hours.", 1, 240, p => p.MinutesPerCall, (p, v) => p with { MinutesPerCall = v }),
        Integer("calls", "default_per_day", "Calls a day for staff whose record gives no calls_per_day (S4: calls fit the staff's capacity).", 0, StaffMember.MaxCallsPerDay, p => p.DefaultCallsPerDay, (p, v) => p with { DefaultCallsPerDay = v }),
        new("greetings", "holiday", "The day of the yearly holiday greeting, month-day (S2: cards at the holidays).", p => p.HolidayGreetingOn.ToString(), (p, text) => Map(MonthDay.Parse(text), v => p with { HolidayGreetingOn = v })),
        Integer("replies", "thank_you_within_days", "Thank-you after a purchase within this many days (S3).", 0, 60, p => p.ThankYouWithinDays, (p, v) => p with { ThankYouWithinDays = v }),
        Integer("replies", "welcome_kit_within_days", "Welcome kit, after the thank-you, within this many days of the first purchase (S3).", 0, 90, p => p.WelcomeKitWithinDays, (p, v) => p with { WelcomeKitWithinDays = v }),
        Integer("replies", "acknowledge_within_working_days", "Personal acknowledgement of correspondence within this many working days (S1 #2).", 0, 30, p => p.AcknowledgeWithinWorkingDays, (p, v) => p with { AcknowledgeWithinWorkingDays = v }),
        Interval("surveys", "every", "A short survey per segment this often (S1 #6: \"once per quarter\").", p => p.SurveyEvery, (p, v) => p with { SurveyEvery = v }),
        Integer("surveys", "max_questions", "Most questions in a survey (S1 #6: \"short, 5-question surveys\").", 1, 20, p => p.SurveyMaxQuestions, (p, v) => p with { SurveyMaxQuestions = v }),
        Integer("surveys", "customer_at_most_every_days", "A customer is surveyed at most once in this many days (S1 #6).", 1, 3650, p => p.SurveyCustomerAtMostEveryDays, (p, v) => p with { SurveyCustomerAtMostEveryDays = v }),
        Interval("reward", "every", "The loyalty reward for the most frequent purchasers: a gift or an advisory-board invitation (S1 #8).", p => p.RewardEvery, (p, v) => p with { RewardEvery = v }),
        Share("reward", "top_share", "The share of buying customers, by purchase days in the last year, who get it.", p => p.RewardTopShare, (p, v) => p with { RewardTopShare = v }),
        new("reward", "kind", "What the reward is: gift (a gift product) or advisory-board (an invitation to the customers' advisory board, S1 #8).", p => EnumText.ToText(p.RewardKind), (p, text) => Map(EnumText.Parse<LoyaltyRewardKind>(text, "reward kind"), v => p with { RewardKind = v })),
        Share("measurement", "hold_out_share", "The share of each campaign held out at random, so that the lift is measured, not guessed (S2 #4).", p => p.HoldOutShare, (p, v) => p with { HoldOutShare = v }),
        Integer("frequency", "quarterly_most_per_month", "A customer who chose \"quarterly\" gets at most this many touches a month (S0: \"ask them\").", 1, 31, p => p.QuarterlyMostPerMonth, (p, v) => p with { QuarterlyMostPerMonth = v }),
        Integer("frequency", "quarterly_longest_silence_days", "…and never more than this many days of silence.", 1, 366, p => p.QuarterlyLongestSilenceDays, (p, v) => p with { QuarterlyLongestSilenceDays = v }),
        Integer("frequency", "yearly_at_least", "A customer who chose \"yearly\" gets at least this many touches a year.", 0, 12, p => p.YearlyAtLeast, (p, v) => p with { YearlyAtLeast = v }),
        Integer("frequency", "yearly_at_most", "…and at most this many.", 1, 12, p => p.YearlyAtMost, (p, v) => p with { YearlyAtMost = v }),
        Share("tiers", "key_share", "The share of buying customers in the key tier, by spend in the last 12 months (S4: the 80:20 rule).", p => p.Analytics.KeyShare, (p, v) => p with { Analytics = p.Analytics with { KeyShare = v } }),
        Share("tiers", "core_share", "The share in the core tier, after the key customers (S4).", p => p.Analytics.CoreShare, (p, v) => p with { Analytics = p.Analytics with { CoreShare = v } }),
        Integer("stages", "new_days", "A customer is \"new\", or \"new to a line of business\", for this many days after the first purchase (S0 #2, S3).", 1, 365, p => p.Analytics.NewDays, (p, v) => p with { Analytics = p.Analytics with { NewDays = v } }),
        Integer("stages", "long_time_years", "A customer is \"long-time\" after this many years of buying (S3: never \"thanks for trying us\" to them).", 1, 50, p => p.Analytics.LongTimeYears, (p, v) => p with { Analytics = p.Analytics with { LongTimeYears = v } }),
        Share("warnings", "probability_below", "Warn of defection when the chance a customer is still buying falls below this (S4: see the trickle before the flood).", p => p.Analytics.WarningProbability, (p, v) => p with { Analytics = p.Analytics with { WarningProbability = v } }),
        Share("value", "monthly_discount_rate", "Monthly discount rate for the 12-month customer value.", p => p.Analytics.MonthlyDiscountRate, (p, v) => p with { Analytics = p.Analytics with { MonthlyDiscountRate = v } }),
        Text("holidays", "file", "A CSV file of public holidays (columns country, date, name), relative to this file; no calls on those days in the customer's country. Empty: none.", p => p.HolidaysFile, (p, v) => p with { HolidaysFile = v }),
    ];

    /// <summary>The names of every setting, <c>section.key</c>, in file order.</summary>
    public static IReadOnlyList<string> SettingNames { get; } = Settings.Select(s => s.Name).ToArray();

    /// <summary>The file <c>rapport init</c> writes: every setting at its default, each with its comment.</summary>
    public static string DefaultText => Format(ContactPolicy.Default);

    /// <summary>Writes a policy as a file, with the comments.</summary>
    public static string Format(ContactPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var text = new StringBuilder();
        text.Append("""
            # Rapport's contact policy: the rules that turn your customers into a year-round plan.
            # Edit the values; keep the names. A setting left out keeps its default. Lines starting
            # with # are comments. Spans of time: "8 weeks", "3 months", "quarterly", "twice a year",
            # "yearly". Shares: 0.2 or 20%. Documented in docs/policy.md.
            #
            # When rules conflict: consent and suppressions first, then frequency caps and calling
            # hours, then staff capacity, then cadence. Replies to the customer's own actions
            # (thank-you, acknowledgement, referral thanks, complaint follow-up) are never held back
            # by caps or the customer's chosen frequency, only by consent.

            """);
        string? section = null;
        foreach (var setting in Settings)
        {
            if (setting.Section != section)
            {
                section = setting.Section;
                text.Append('\n').Append('[').Append(section).Append("]\n");
            }

            text.Append("# ").Append(setting.Comment).Append('\n');
            var value = setting.Format(policy);
            text.Append(setting.Key).Append(value.Length == 0 ? " =" : " = ").Append(value).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Reads a policy file, collecting every problem with its line.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="fileName">The file, as named to the user.</param>
    public static PolicyReadResult Parse(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var problems = new List<PolicyProblem>();
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var policy = ContactPolicy.Default;
        string? section = null;
        var number = 0;
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line[0] == '[')
            {
                section = line.EndsWith(']') ? line[1..^1].Trim().ToLowerInvariant() : null;
                if (section is null || !Settings.Any(s => s.Section == section))
                {
                    problems.Add(new PolicyProblem(fileName, number, null, $"'{line}' is not a section (expected one of: {string.Join(", ", Settings.Select(s => $"[{s.Section}]").Distinct())})"));
                    section = null;
                }

                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                problems.Add(new PolicyProblem(fileName, number, null, $"'{line}' is not a setting (expected key = value)"));
                continue;
            }

            var key = line[..equals].Trim().ToLowerInvariant();
            var value = StripComment(line[(equals + 1)..]).Trim();
            var setting = section is null ? null : Settings.FirstOrDefault(s => s.Section == section && s.Key == key);
            if (setting is null)
            {
                problems.Add(new PolicyProblem(fileName, number, null, section is null
                    ? $"'{key}' is outside a section"
                    : $"'{key}' is not a setting of [{section}] (it has: {string.Join(", ", Settings.Where(s => s.Section == section).Select(s => s.Key))})"));
                continue;
            }

            if (!lines.TryAdd(setting.Name, number))
            {
                problems.Add(new PolicyProblem(fileName, number, setting.Name, $"set twice (first on line {lines[setting.Name]})"));
                continue;
            }

            var applied = setting.Apply(policy, value);
            if (applied.Success)
            {
                policy = applied.Value;
            }
            else
            {
                problems.Add(new PolicyProblem(fileName, number, setting.Name, applied.Error!));
            }
        }

        if (problems.Count == 0)
        {
            foreach (var (name, message) in Check(policy))
            {
                problems.Add(new PolicyProblem(fileName, lines.GetValueOrDefault(name), name, message));
            }
        }

        return problems.Count == 0 ? new PolicyReadResult(policy, []) : new PolicyReadResult(null, problems);
    }

    /// <summary>The rules between settings: each problem with the setting it is reported on.</summary>
    public static IEnumerable<(string Setting, string Message)> Check(ContactPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.CallsUntil <= policy.CallsFrom)
        {
            yield return ("calls.window", $"end {Time(policy.CallsUntil)} is before start {Time(policy.CallsFrom)}");
        }

        if (policy.CallDays.Days.Count == 0)
        {
            yield return ("calls.days", "no day is given: customers could never be called");
        }

        if (policy.CapCalls > policy.CapTouches)
        {
            yield return ("caps.calls", $"{policy.CapCalls} calls cannot fit in {policy.CapTouches} touches (caps.touches)");
        }

        if (policy.YearlyAtLeast > policy.YearlyAtMost)
        {
            yield return ("frequency.yearly_at_least", $"{policy.YearlyAtLeast} is more than frequency.yearly_at_most ({policy.YearlyAtMost})");
        }

        if (policy.Analytics.KeyShare + policy.Analytics.CoreShare > 1)
        {
            yield return ("tiers.core_share", $"key and core shares add up to {policy.Analytics.KeyShare + policy.Analytics.CoreShare:0.##}, more than all customers");
        }
        else if (policy.Analytics.Problem() is { } problem)
        {
            yield return ("tiers.key_share", problem);
        }
    }

    private static string StripComment(string value)
    {
        var hash = value.IndexOf(" #", StringComparison.Ordinal);
        return hash < 0 ? value : value[..hash];
    }

    private static string Time(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static Setting Interval(string section, string key, string comment, Func<ContactPolicy, Interval> get, Func<ContactPolicy, Interval, ContactPolicy> set) =>
        new(section, key, comment, p => get(p).ToString(), (p, text) => Map(Planning.Interval.Parse(text), v => set(p, v)));

    private static Setting Integer(string section, string key, string comment, int min, int max, Func<ContactPolicy, int> get, Func<ContactPolicy, int, ContactPolicy> set) =>
        new(section, key, comment, p => get(p).ToString(CultureInfo.InvariantCulture), (p, text) =>
            int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? value >= min && value <= max
                    ? ParseResult<ContactPolicy>.ForValue(set(p, value))
                    : ParseResult<ContactPolicy>.ForError($"{value} must lie between {min} and {max}")
                : ParseResult<ContactPolicy>.ForError($"'{text}' is not a whole number"));

    private static Setting Share(string section, string key, string comment, Func<ContactPolicy, double> get, Func<ContactPolicy, double, ContactPolicy> set) =>
        new(section, key, comment, p => get(p).ToString("0.####", CultureInfo.InvariantCulture), (p, text) =>
        {
            var percent = text.EndsWith('%');
            if (!double.TryParse(percent ? text[..^1] : text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return ParseResult<ContactPolicy>.ForError($"'{text}' is not a share (such as 0.2 or 20%)");
            }

            value = percent ? value / 100 : value;
            return value is >= 0 and < 1
                ? ParseResult<ContactPolicy>.ForValue(set(p, value))
                : ParseResult<ContactPolicy>.ForError($"'{text}' must be at least 0 and less than 1 (100%)");
        });

    private static Setting Boolean(string section, string key, string comment, Func<ContactPolicy, bool> get, Func<ContactPolicy, bool, ContactPolicy> set) =>
        new(section, key, comment, p => get(p) ? "yes" : "no", (p, text) => text.ToLowerInvariant() switch
        {
            "yes" or "true" => ParseResult<ContactPolicy>.ForValue(set(p, true)),
            "no" or "false" => ParseResult<ContactPolicy>.ForValue(set(p, false)),
            _ => ParseResult<ContactPolicy>.ForError($"'{text}' is not yes or no"),
        });

    private static Setting Text(string section, string key, string comment, Func<ContactPolicy, string?> get, Func<ContactPolicy, string?, ContactPolicy> set) =>
        new(section, key, comment, p => get(p) ?? string.Empty, (p, text) => ParseResult<ContactPolicy>.ForValue(set(p, text.Length == 0 ? null : text)));

    private static Setting Window(string section, string key, string comment) =>
        new(section, key, comment, p => $"{Time(p.CallsFrom)}-{Time(p.CallsUntil)}", (p, text) =>
        {
            var parts = text.Split('-', StringSplitOptions.TrimEntries);
            return parts.Length == 2 &&
                   TimeOnly.TryParseExact(parts[0], "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from) &&
                   TimeOnly.TryParseExact(parts[1], "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var until)
                ? ParseResult<ContactPolicy>.ForValue(p with { CallsFrom = from, CallsUntil = until })
                : ParseResult<ContactPolicy>.ForError($"'{text}' is not a window of hours (such as 09:00-18:00)");
        });

    private static Setting Days(string section, string key, string comment) =>
        new(section, key, comment, p => p.CallDays.ToString(), (p, text) => Map(WorkingWeek.Parse(text), v => p with { CallDays = v }));

    private static ParseResult<ContactPolicy> Map<T>(ParseResult<T> result, Func<T, ContactPolicy> apply) =>
        result.Success ? ParseResult<ContactPolicy>.ForValue(apply(result.Value)) : result.ConvertError<ContactPolicy>();

    private sealed record Setting(string Section, string Key, string Comment, Func<ContactPolicy, string> Format, Func<ContactPolicy, string, ParseResult<ContactPolicy>> Apply)
    {
        public string Name => $"{Section}.{Key}";
    }
}

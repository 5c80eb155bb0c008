using System.Globalization;
using System.Text;
using System.Text.Json;
using Rapport.Storage.Csv;
using Rapport.TestSupport;

namespace Rapport.Cli.Tests;

/// <summary><c>rapport plan</c>, its export and explanation, and <c>rapport today</c>, on a demo business in SQLite.</summary>
public sealed class PlanCommandTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Theory]
    // Zero days is no plan.
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("abc")]
    // More than three years.
    [InlineData("5000")]
    public async Task Plan_BadHorizon_ExitsTwoNamingTheOption(string horizon)
    {
        var outcome = await _cli.RunAsync("plan", "--horizon", horizon);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($"--horizon: '{horizon}' is not a number of days from 1 to 1096", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_BadPolicy_ExitsOneWithTheProblems()
    {
        _cli.Folder.Write("rapport.policy", "[caps]\ntouches = many\n");

        var outcome = await _cli.RunAsync("plan", "--as-of", "2026-11-23");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("rapport.policy: caps.touches: 'many' is not a whole number (line 2)", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanReaders_NoPlanYet_ExitOneSayingSo()
    {
        await DemoAsync();

        foreach (var args in new[] { new[] { "plan", "export", "plan.csv" }, ["today"] })
        {
            var outcome = await _cli.RunAsync(args);
            Assert.Equal(1, outcome.ExitCode);
            Assert.Contains("no plan yet: run rapport plan", outcome.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Plan_DemoBusiness_SummarisesTheStoredPlan()
    {
        await DemoAsync();

        var text = await _cli.RunAsync("plan", "--as-of", "2026-11-23");
        Assert.True(text.ExitCode == 0, text.Error);
        Assert.Contains("Planned 300 customers from 2026-11-23 to 2027-11-22: ", text.Out, StringComparison.Ordinal);
        Assert.Contains("Touches by kind:", text.Out, StringComparison.Ordinal);
        Assert.Contains("Calls: ", text.Out, StringComparison.Ordinal);
        Assert.Contains("no customer has scores yet: analysing the customer base first", text.Error, StringComparison.Ordinal);

        var json = await _cli.RunAsync("plan", "--as-of", "2026-11-23", "--horizon", "90", "--json");
        Assert.True(json.ExitCode == 0, json.Error);
        using var document = JsonDocument.Parse(json.Out);
        var root = document.RootElement;
        Assert.Equal("2027-02-20", root.GetProperty("last_day").GetString());
        Assert.Equal(300, root.GetProperty("customers").GetInt32());
        var touches = root.GetProperty("touches").GetInt32();
        Assert.Equal(touches, root.GetProperty("by_kind").EnumerateObject().Sum(k => k.Value.GetInt32()));
        Assert.Equal(touches, root.GetProperty("by_channel").EnumerateObject().Sum(k => k.Value.GetInt32()));
        Assert.False(root.GetProperty("scored_first").GetBoolean());
    }

    [Fact]
    public async Task ExportCsv_HasTheSpecColumns_AndOneRowPerTouch()
    {
        var touches = await PlanAsync();

        var outcome = await _cli.RunAsync("plan", "export", "--format", "csv", "plan.csv");
        Assert.True(outcome.ExitCode == 0, outcome.Error);

        var rows = ReadCsv(_cli.Folder.File("plan.csv"));
        Assert.Equal(["touch_id", "customer_id", "date", "start_time", "end_time", "channel", "kind", "staff_id", "branch_id", "reason"], rows[0]);
        Assert.Equal(touches, rows.Count - 1);
        var body = rows.Skip(1).ToArray();
        Assert.All(body, row => Assert.Equal(10, row.Length));
        Assert.Equal(body.Length, body.Select(r => r[0]).Distinct().Count());
        Assert.All(body, row => Assert.StartsWith($"{row[1]}:{row[2]}:{row[6]}", row[0], StringComparison.Ordinal));
        Assert.All(body, row => Assert.NotEmpty(row[9]));

        // Calls have a start, an end ten minutes later and a caller; nothing else has.
        foreach (var row in body)
        {
            if (row[5] == "phone")
            {
                var (start, end) = (TimeOnly.Parse(row[3], CultureInfo.InvariantCulture), TimeOnly.Parse(row[4], CultureInfo.InvariantCulture));
                Assert.Equal(start.AddMinutes(10), end);
                Assert.NotEmpty(row[7]);
            }
            else
            {
                Assert.Equal((string.Empty, string.Empty, string.Empty), (row[3], row[4], row[7]));
            }
        }
    }

    [Fact]
    public async Task ExportIcs_OneEventPerCall_FoldedCrlfLines_TimesFromTheCustomersZone()
    {
        await PlanAsync();
        Assert.Equal(0, (await _cli.RunAsync("plan", "export", "plan.csv")).ExitCode);
        var calls = ReadCsv(_cli.Folder.File("plan.csv")).Skip(1).Where(r => r[7] == "S001").ToDictionary(r => r[0]);
        Assert.NotEmpty(calls);

        var outcome = await _cli.RunAsync("plan", "export", "--format", "ics", "--staff", "S001", "s001.ics");
        Assert.True(outcome.ExitCode == 0, outcome.Error);

        var bytes = File.ReadAllBytes(_cli.Folder.File("s001.ics"));
        var text = Encoding.UTF8.GetString(bytes);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', text.Replace("\r\n", string.Empty, StringComparison.Ordinal));
        var physical = text[..^2].Split("\r\n");
        Assert.All(physical, line => Assert.InRange(Encoding.UTF8.GetByteCount(line), 1, 75));
        var lines = text[..^2].Replace("\r\n ", string.Empty, StringComparison.Ordinal).Split("\r\n");
        Assert.Equal("BEGIN:VCALENDAR", lines[0]);
        Assert.Equal("END:VCALENDAR", lines[^1]);
        Assert.Contains("VERSION:2.0", lines);
        Assert.Equal(calls.Count, lines.Count(l => l == "BEGIN:VEVENT"));
        Assert.Equal(calls.Count, lines.Count(l => l == "END:VEVENT"));

        foreach (var vevent in Events(lines))
        {
            var uid = vevent["UID"];
            Assert.EndsWith("@rapport", uid, StringComparison.Ordinal);
            var row = calls[uid[..^"@rapport".Length]];
            Assert.Matches(@"^\d{8}T\d{6}Z$", vevent["DTSTAMP"]);

            // The customer's zone, from the customer's record.
            var profile = await _cli.RunAsync("customers", "show", row[1], "--json");
            using var json = JsonDocument.Parse(profile.Out);
            var zone = TimeZoneInfo.FindSystemTimeZoneById(json.RootElement.GetProperty("time_zone").GetString()!);
            var local = DateTime.ParseExact($"{row[2]} {row[3]}", "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            var start = TimeZoneInfo.ConvertTimeToUtc(local, zone);
            Assert.Equal(start.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture), vevent["DTSTART"]);
            Assert.Equal(start.AddMinutes(10).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture), vevent["DTEND"]);
            Assert.StartsWith("Call ", vevent["SUMMARY"], StringComparison.Ordinal);
            Assert.Contains("Phone: +", vevent["DESCRIPTION"], StringComparison.Ordinal);
            Assert.Contains(row[9].Replace(",", "\\,", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal), vevent["DESCRIPTION"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ExportIcs_UnknownStaffOrNoStaff_Fails()
    {
        await PlanAsync();

        var unknown = await _cli.RunAsync("plan", "export", "--format", "ics", "--staff", "S999", "x.ics");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no staff member 'S999'", unknown.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_cli.Folder.File("x.ics")));

        var missing = await _cli.RunAsync("plan", "export", "--format", "ics", "x.ics");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--format ics needs --staff", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_UnknownCustomer_ExitsOne()
    {
        await PlanAsync();

        var outcome = await _cli.RunAsync("plan", "explain", "C9999999");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("no customer 'C9999999'", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_Customer_ShowsOwnerComingTouchesWithReasonsAndHeldTouches()
    {
        await PlanAsync();
        Assert.Equal(0, (await _cli.RunAsync("plan", "export", "plan.csv")).ExitCode);
        var rows = ReadCsv(_cli.Folder.File("plan.csv")).Skip(1).ToArray();
        var call = rows.First(r => r[5] == "phone" && DateOnly.Parse(r[2], CultureInfo.InvariantCulture) <= new DateOnly(2027, 2, 20));

        var outcome = await _cli.RunAsync("plan", "explain", call[1], "--days", "90");

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Contains($"Customer {call[1]} — ", outcome.Out, StringComparison.Ordinal);
        Assert.Contains($"Owned by branch {call[8]} (", outcome.Out, StringComparison.Ordinal);
        Assert.Contains("Coming touches, 2026-11-23 to 2027-02-20:", outcome.Out, StringComparison.Ordinal);
        Assert.Contains($"  {call[2]} {call[3]}–{call[4]}", outcome.Out, StringComparison.Ordinal);
        foreach (var row in rows.Where(r => r[1] == call[1] && string.CompareOrdinal(r[2], "2027-02-20") <= 0))
        {
            Assert.Contains($"why: {row[9]}", outcome.Out, StringComparison.Ordinal);
        }

        Assert.Contains("Held back in that span:", outcome.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Today_ListsTheDaysCallsWithReasonsAndTalkingPoints_ThenLettersAndMessages()
    {
        await PlanAsync();
        Assert.Equal(0, (await _cli.RunAsync("plan", "export", "plan.csv")).ExitCode);
        var rows = ReadCsv(_cli.Folder.File("plan.csv")).Skip(1).ToArray();
        var day = rows.Where(r => r[5] == "phone").GroupBy(r => r[2]).MaxBy(g => g.Count())!;

        var text = await _cli.RunAsync("today", "--date", day.Key);
        Assert.True(text.ExitCode == 0, text.Error);
        Assert.Contains($"Calls: {day.Count()}", text.Out, StringComparison.Ordinal);
        Assert.Contains("Letters to print: ", text.Out, StringComparison.Ordinal);
        Assert.Contains("Messages to send: ", text.Out, StringComparison.Ordinal);
        foreach (var call in day)
        {
            Assert.Contains($"[{call[1]}]", text.Out, StringComparison.Ordinal);
            Assert.Contains($"why: {call[9]}", text.Out, StringComparison.Ordinal);
        }

        var staff = day.First()[7];
        var json = await _cli.RunAsync("today", "--date", day.Key, "--staff", staff, "--json");
        Assert.True(json.ExitCode == 0, json.Error);
        using var document = JsonDocument.Parse(json.Out);
        var calls = document.RootElement.GetProperty("calls").EnumerateArray().ToArray();
        Assert.Equal(day.Count(r => r[7] == staff), calls.Length);
        Assert.All(calls, c => Assert.Equal(staff, c.GetProperty("staff_id").GetString()));
        Assert.All(calls, c => Assert.False(string.IsNullOrEmpty(c.GetProperty("reason").GetString())));
        Assert.All(calls, c => Assert.InRange(c.GetProperty("talking_points").GetArrayLength(), 2, 3));
        Assert.Equal(calls.Select(c => c.GetProperty("start").GetString()).Order(StringComparer.Ordinal), calls.Select(c => c.GetProperty("start").GetString()));
    }

    [Fact]
    public async Task Today_UnknownStaffOrDayOutsideThePlan_ExitsOne()
    {
        await PlanAsync();

        var staff = await _cli.RunAsync("today", "--date", "2026-11-24", "--staff", "S999");
        Assert.Equal(1, staff.ExitCode);
        Assert.Contains("no staff member 'S999'", staff.Error, StringComparison.Ordinal);

        var late = await _cli.RunAsync("today", "--date", "2027-03-01");
        Assert.Equal(1, late.ExitCode);
        Assert.Contains("2027-03-01 is outside the stored plan (2026-11-23 to 2027-02-20)", late.Error, StringComparison.Ordinal);

        Assert.Equal(2, (await _cli.RunAsync("today", "--date", "2026-02-30")).ExitCode);
    }

    [Fact]
    public async Task Plan_OnPostgres_ExportsTheSameFileAsOnSqlite()
    {
        var postgres = PostgresServer.Shared.CreateDatabase();
        foreach (var db in new[] { "demo.db", postgres })
        {
            var demo = await _cli.RunAsync("--db", db, "demo", "--customers", "200", "--seed", "9", "--as-of", "2026-11-23", "--out", "demo");
            Assert.True(demo.ExitCode == 0, demo.Error);
            var plan = await _cli.RunAsync("--db", db, "plan", "--as-of", "2026-11-23", "--horizon", "120");
            Assert.True(plan.ExitCode == 0, plan.Error);
        }

        Assert.Equal(0, (await _cli.RunAsync("--db", "demo.db", "plan", "export", "sqlite.csv")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("--db", postgres, "plan", "export", "postgres.csv")).ExitCode);
        Assert.Equal(File.ReadAllText(_cli.Folder.File("sqlite.csv")), File.ReadAllText(_cli.Folder.File("postgres.csv")));

        var fromPostgres = await _cli.RunAsync("--db", postgres, "today", "--date", "2026-11-24", "--json");
        var fromSqlite = await _cli.RunAsync("--db", "demo.db", "today", "--date", "2026-11-24", "--json");
        Assert.True(fromPostgres.ExitCode == 0, fromPostgres.Error);
        Assert.Contains("\"calls\": [", fromSqlite.Out, StringComparison.Ordinal);
        Assert.Equal(fromSqlite.Out, fromPostgres.Out);
    }

    private async Task DemoAsync()
    {
        var demo = await _cli.RunAsync("demo", "--customers", "300", "--seed", "5", "--as-of", "2026-11-23", "--out", "demo");
        Assert.True(demo.ExitCode == 0, demo.Error);
    }

    /// <summary>A demo business with a plan of 90 days from 2026-11-23; the number of touches.</summary>
    private async Task<int> PlanAsync()
    {
        await DemoAsync();
        var plan = await _cli.RunAsync("plan", "--as-of", "2026-11-23", "--horizon", "90", "--json");
        Assert.True(plan.ExitCode == 0, plan.Error);
        using var document = JsonDocument.Parse(plan.Out);
        return document.RootElement.GetProperty("touches").GetInt32();
    }

    private static List<string[]> ReadCsv(string path)
    {
        using var csv = new CsvReader(File.OpenRead(path));
        var rows = new List<string[]>();
        while (csv.Read())
        {
            rows.Add(csv.Fields.ToArray());
        }

        return rows;
    }

    /// <summary>The properties of each VEVENT of unfolded calendar lines, with TEXT values as written.</summary>
    private static IEnumerable<Dictionary<string, string>> Events(string[] lines)
    {
        Dictionary<string, string>? current = null;
        foreach (var line in lines)
        {
            if (line == "BEGIN:VEVENT")
            {
                current = new Dictionary<string, string>(StringComparer.Ordinal);
            }
            else if (line == "END:VEVENT")
            {
                yield return current!;
                current = null;
            }
            else if (current is not null)
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                current[line[..colon]] = line[(colon + 1)..];
            }
        }
    }
}

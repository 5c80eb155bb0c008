using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Storage.Database;
using Rapport.Storage.Outbox;
using Rapport.TestSupport;

namespace Rapport.Cli.Tests;

/// <summary>A shared maildev for the send tests; each test clears it first.</summary>
public sealed class MailDevFixture : IDisposable
{
    public MailDevServer Server { get; } = new();

    public void Dispose() => Server.Dispose();
}

[CollectionDefinition(Name)]
public sealed class MailDevCollection : ICollectionFixture<MailDevFixture>
{
    public const string Name = "maildev";
}

/// <summary><c>rapport send</c> against a real SMTP server (maildev) on 127.0.0.1.</summary>
[Collection(MailDevCollection.Name)]
public sealed class SendCommandTests(MailDevFixture mail) : IDisposable
{
    // The first of the month: the newsletter goes to every customer who consented to e-mail.
    private const string SendDay = "2026-12-01";

    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Send_DeliversEachDueEmailOnce_WithHeadersAndPersonalText_AndNeverTwice()
    {
        await mail.Server.ClearAsync();
        await PlanAsync(customers: 150);

        var first = await _cli.RunAsync("send", "--date", SendDay, "--smtp", mail.Server.SmtpUri, "--public-url", "https://shop.example/rapport", "--json");
        Assert.True(first.ExitCode == 0, first.Error + first.Out);
        var report = JsonDocument.Parse(first.Out).RootElement;
        var sent = report.GetProperty("sent").GetInt32();
        Assert.True(sent > 20, first.Out);

        var arrived = await mail.Server.MessagesAsync();
        var database = await OpenAsync();
        await using var context = database.CreateContext();
        var sentEmails = await context.Outbox.Where(o => o.State == "sent" && o.Channel == "email").ToListAsync();
        Assert.Equal(sentEmails.Count, arrived.Count);
        Assert.Equal(arrived.Count, arrived.Select(m => m.MessageId).Distinct().Count());

        // maildev's parsed headers leave the list headers out: read them from the raw message.
        var newsletterKey = sentEmails.First(o => o.Kind == "newsletter").Key;
        var newsletter = arrived.Single(m => m.Headers["x-rapport-touch"] == newsletterKey);
        var source = System.Text.RegularExpressions.Regex.Replace(await mail.Server.SourceAsync(newsletter), @"\r?\n[ \t]+", " ");
        Assert.Matches(@"List-Unsubscribe: <https://shop\.example/rapport/u/v1\.[^>]+>,\s*<mailto:", source);
        Assert.Contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click", source, StringComparison.Ordinal);
        Assert.Contains("multipart/alternative", source, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(newsletter.Text));
        Assert.False(string.IsNullOrWhiteSpace(newsletter.Html));
        var firstId = newsletter.Headers["x-rapport-touch"].Split(':')[0];
        var customer = await context.Customers.SingleAsync(c => c.Id == firstId);
        Assert.Contains(customer.Emails[0].Value, newsletter.To.Select(t => t.Address));
        Assert.Contains(customer.FirstName!, newsletter.Text, StringComparison.Ordinal);
        foreach (var forbidden in new[] { "Dear Sir or Madam", "Valued Customer", "{{", "[FIRST NAME]" })
        {
            Assert.All(arrived, m => Assert.DoesNotContain(forbidden, m.Text ?? string.Empty, StringComparison.OrdinalIgnoreCase));
        }

        // Every sent touch is in the customer's history.
        Assert.Equal(sentEmails.Count, await context.Touches.CountAsync(t => sentEmails.Select(s => s.Key).Contains(t.Id)));

        var again = await _cli.RunAsync("send", "--date", SendDay, "--smtp", mail.Server.SmtpUri, "--public-url", "https://shop.example/rapport", "--json");
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Equal(0, JsonDocument.Parse(again.Out).RootElement.GetProperty("sent").GetInt32());
        Assert.Equal(arrived.Count, (await mail.Server.MessagesAsync()).Count);
    }

    [Fact]
    public async Task Send_CustomerWhoUnsubscribedAfterThePlan_GetsNothing()
    {
        await mail.Server.ClearAsync();
        await PlanAsync(customers: 60);
        var database = await OpenAsync();
        var due = await OutboxStore.DueAsync(database, DateOnly.Parse(SendDay, System.Globalization.CultureInfo.InvariantCulture), Core.Contact.Channel.Email, CancellationToken.None);
        var victim = due.First().CustomerId;

        var unsubscribe = await _cli.RunAsync("unsubscribe", victim, "--evidence", "phoned on 2026-11-23, spoke to Ann");
        Assert.True(unsubscribe.ExitCode == 0, unsubscribe.Error);
        var send = await _cli.RunAsync("send", "--date", SendDay, "--smtp", mail.Server.SmtpUri, "--public-url", "https://shop.example");
        Assert.True(send.ExitCode == 0, send.Error);

        await using var after = database.CreateContext();
        var email = await after.Customers.Where(c => c.Id == victim).Select(c => c.Emails).SingleAsync();
        Assert.DoesNotContain(await mail.Server.MessagesAsync(), m => m.To.Any(t => email.Any(e => e.Value == t.Address)));
        Assert.All(await after.Outbox.Where(o => o.CustomerId == victim).ToListAsync(), o => Assert.Equal("withheld", o.State));
        var consent = await after.Consents.Where(c => c.CustomerId == victim && c.Status == Core.Consent.ConsentStatus.Withdrawn).ToListAsync();
        Assert.Contains(consent, c => c.Evidence == "phoned on 2026-11-23, spoke to Ann");
    }

    [Fact]
    public async Task Send_LoyaltyReward_IsTheRewardThePolicySets()
    {
        await mail.Server.ClearAsync();
        var init = await _cli.RunAsync("init");
        Assert.True(init.ExitCode == 0, init.Error);
        var policyFile = Path.Combine(_cli.Folder.Path, "rapport.policy");
        var policy = await File.ReadAllTextAsync(policyFile);
        Assert.Contains("\nkind = advisory-board\n", policy, StringComparison.Ordinal);
        await File.WriteAllTextAsync(policyFile, policy.Replace("\nkind = advisory-board\n", "\nkind = gift\n", StringComparison.Ordinal));
        Assert.True((await _cli.RunAsync("demo", "--customers", "150")).ExitCode == 0);
        Assert.True((await _cli.RunAsync("plan", "--as-of", "2026-11-23", "--horizon", "30")).ExitCode == 0);

        var database = await OpenAsync();
        await using var context = database.CreateContext();
        var reward = await context.PlanTouches.Where(t => t.Kind == "reward" && t.Channel == "email").OrderBy(t => t.Day).FirstAsync();
        var day = reward.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var send = await _cli.RunAsync("send", "--date", day, "--channel", "email", "--smtp", mail.Server.SmtpUri, "--public-url", "https://shop.example");
        Assert.True(send.ExitCode == 0, send.Error);

        var email = (await context.Customers.Where(c => c.Id == reward.CustomerId).Select(c => c.Emails).SingleAsync())[0].Value;
        var message = Assert.Single(await mail.Server.MessagesAsync(), m => m.To.Any(t => t.Address == email) && m.Subject.Contains("thank-you for you", StringComparison.Ordinal));
        Assert.Contains("A small gift is on its way to you", message.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("advisory board", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsubscribe_UnknownCustomer_IsAnErrorNamingIt()
    {
        await PlanAsync(customers: 5);
        var outcome = await _cli.RunAsync("unsubscribe", "NOPE");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("no customer 'NOPE'", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_BadSmtpUri_IsAUsageError()
    {
        var outcome = await _cli.RunAsync("send", "--smtp", "http://nope");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--smtp", outcome.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// The kill test (SPEC section 6): the real binary sends a few thousand e-mails and is killed
    /// with SIGKILL at random moments, then started again until it finishes. Every touch then
    /// arrived exactly once, or is listed as uncertain (and arrived at most once).
    /// </summary>
    [Fact]
    public async Task Send_KilledAtRandomMomentsAndRestarted_DeliversEveryTouchOnceOrListsItUncertain()
    {
        await mail.Server.ClearAsync();
        await PlanAsync(customers: 3000);
        var random = new Random(20261123);
        var kills = 0;
        for (var attempt = 0; attempt < 12; attempt++)
        {
            using var process = StartSend();
            var finished = await WaitAsync(process, TimeSpan.FromMilliseconds(random.Next(1200, 4000)));
            if (finished)
            {
                Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());
                if (kills >= 3)
                {
                    break;
                }

                continue;
            }

            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            kills++;
        }

        using (var last = StartSend())
        {
            Assert.True(await WaitAsync(last, TimeSpan.FromMinutes(3)));
            Assert.True(last.ExitCode == 0, await last.StandardError.ReadToEndAsync());
        }

        Assert.True(kills >= 3, $"only {kills} kills: the sender finished too fast to test");
        var arrived = await mail.Server.MessagesAsync();
        var byTouch = arrived.GroupBy(m => m.Headers["x-rapport-touch"]).ToDictionary(g => g.Key, g => g.Count());
        var database = await OpenAsync();
        await using var context = database.CreateContext();
        var rows = await context.Outbox.Where(o => o.Channel == "email").ToListAsync();
        Assert.True(rows.Count > 1000, $"{rows.Count} e-mails");
        Assert.All(byTouch, pair => Assert.True(pair.Value == 1, $"{pair.Key} arrived {pair.Value} times"));
        foreach (var row in rows)
        {
            switch (row.State)
            {
                case "sent":
                    Assert.True(byTouch.ContainsKey(row.Key), $"{row.Key} is marked sent but never arrived");
                    break;
                case "uncertain":
                    break;
                default:
                    Assert.False(byTouch.ContainsKey(row.Key), $"{row.Key} arrived but is {row.State}");
                    break;
            }
        }

        Assert.All(byTouch.Keys, key => Assert.Contains(rows, r => r.Key == key && r.State is "sent" or "uncertain"));
        var listed = await _cli.RunAsync("send", "--uncertain", "--json");
        Assert.Equal(rows.Count(r => r.State == "uncertain"), JsonDocument.Parse(listed.Out).RootElement.GetArrayLength());
    }

    private Process StartSend()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _cli.Folder.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "rapport.dll"), "send", "--date", SendDay, "--channel", "email", "--smtp", mail.Server.SmtpUri, "--public-url", "https://shop.example", "--connections", "2" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("RAPPORT_DB");
        return Process.Start(start)!;
    }

    private static async Task<bool> WaitAsync(Process process, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task PlanAsync(int customers)
    {
        var init = await _cli.RunAsync("init");
        Assert.True(init.ExitCode == 0, init.Error);
        var demo = await _cli.RunAsync("demo", "--customers", customers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(demo.ExitCode == 0, demo.Error);
        var plan = await _cli.RunAsync("plan", "--as-of", "2026-11-23", "--horizon", "30");
        Assert.True(plan.ExitCode == 0, plan.Error);
    }

    private Task<RapportDatabase> OpenAsync() =>
        RapportDatabase.OpenAsync(DatabaseLocation.Resolve(null, null, _cli.Folder.Path), CancellationToken.None);
}

using System.CommandLine;
using System.Globalization;
using Rapport.Cli.Output;
using Rapport.Core.Common;
using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Core.Customers;
using Rapport.Messaging.Links;
using Rapport.Storage.Customers;
using Rapport.Storage.Outbox;

namespace Rapport.Cli.Commands;

internal static class CustomersCommand
{
    public static Command Create(RapportCli cli) =>
        new("customers", "Browse customers: list them, show everything about one, or print one's signed link.") { List(cli), Show(cli), Link(cli) };

    private static Command List(RapportCli cli)
    {
        var search = new Option<string?>("--search") { Description = "Only customers whose id, name, company or e-mail contains this text." };
        var branch = new Option<string?>("--branch") { Description = "Only customers whose home branch is this branch id." };
        var limit = new Option<int>("--limit") { Description = "At most this many (1–10000).", DefaultValueFactory = _ => 50 };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 10_000)
            {
                r.AddError("--limit must lie between 1 and 10000.");
            }
        });
        var offset = new Option<int>("--offset") { Description = "Skip this many first, for paging.", DefaultValueFactory = _ => 0 };
        offset.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--offset must not be negative.");
            }
        });
        var json = JsonOption.Create();
        var command = new Command("list", "List customers in id order.") { search, branch, limit, offset, json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var database = await cli.OpenDatabaseAsync(parsed, cancellationToken).ConfigureAwait(false);
            var filter = new CustomerFilter(parsed.GetValue(search), parsed.GetValue(branch), parsed.GetValue(limit), parsed.GetValue(offset));
            var page = await new CustomerDirectory(database, cli.Environment.Time).ListAsync(filter, cancellationToken).ConfigureAwait(false);
            var output = cli.Environment.Out;
            if (parsed.GetValue(json))
            {
                Json.Write(output, new { page.Total, filter.Offset, filter.Limit, Customers = page.Customers.Select(Summary) });
                return ExitCodes.Success;
            }

            if (page.Customers.Count == 0)
            {
                await output.WriteLineAsync(page.Total == 0 ? "No customers match." : $"No customers on this page; {page.Total} match in all.").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            await output.WriteLineAsync($"{"ID",-12} {"NAME",-28} {"COMPANY",-24} {"E-MAIL",-32} {"CITY",-16} BRANCH").ConfigureAwait(false);
            foreach (var c in page.Customers)
            {
                await output.WriteLineAsync(
                    $"{Cut(c.Id, 12),-12} {Cut(Name(c), 28),-28} {Cut(c.Company, 24),-24} {Cut(c.Emails.FirstOrDefault()?.Value, 32),-32} {Cut(c.Address.City, 16),-16} {c.HomeBranchId}").ConfigureAwait(false);
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{filter.Offset + 1:N0}–{filter.Offset + page.Customers.Count:N0} of {page.Total:N0} customers")).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Show(RapportCli cli)
    {
        var id = new Argument<string>("ID") { Description = "The customer's id (customer_id in customers.csv)." };
        var json = JsonOption.Create();
        var command = new Command("show", "Show everything about one customer: profile, consent per channel, purchases, latest touches.") { id, json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var database = await cli.OpenDatabaseAsync(parsed, cancellationToken).ConfigureAwait(false);
            var customerId = parsed.GetRequiredValue(id);
            var profile = await new CustomerDirectory(database, cli.Environment.Time).FindAsync(customerId, cancellationToken).ConfigureAwait(false);
            if (profile is null)
            {
                await cli.Environment.Error.WriteLineAsync($"rapport: no customer with id '{customerId}' in {database.Location.Display}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            if (parsed.GetValue(json))
            {
                Json.Write(cli.Environment.Out, ProfileJson(profile));
            }
            else
            {
                await CustomerView.WriteAsync(cli.Environment.Out, profile).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Link(RapportCli cli)
    {
        var id = new Argument<string>("ID") { Description = "The customer's id (customer_id in customers.csv)." };
        var publicUrl = new Option<string?>("--public-url") { Description = $"Where the web app serves customers' links. Default: ${SendCommand.PublicUrlVariable}, else {ServeCommand.DefaultUrls}.", HelpName = "URL" };
        var unsubscribe = new Option<bool>("--unsubscribe") { Description = "The one-click unsubscribe link (/u/, valid 400 days) instead of the preference page's (/p/, valid 90 days)." };
        var channel = new Option<string?>("--channel") { Description = "The link covers this channel only (email, print, phone, sms, social). Default: every channel.", HelpName = "CHANNEL" };
        var command = new Command("link", "Print a signed link for one customer: their preference page, or the one-click unsubscribe.") { id, publicUrl, unsubscribe, channel };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var environment = cli.Environment;
            var scope = LinkScope.All;
            if (parsed.GetValue(channel) is { } channelText)
            {
                var read = EnumText.Parse<Channel>(channelText, "channel");
                if (!read.Success)
                {
                    await environment.Error.WriteLineAsync($"rapport: --channel: {read.Error}").ConfigureAwait(false);
                    return ExitCodes.BadUsage;
                }

                scope = LinkScope.For(read.Value);
            }

            var urlText = parsed.GetValue(publicUrl) is { Length: > 0 } given ? given
                : environment.GetEnvironmentVariable(SendCommand.PublicUrlVariable) is { Length: > 0 } variable ? variable
                : ServeCommand.DefaultUrls;
            if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http") || url.Query.Length > 0 || url.Fragment.Length > 0)
            {
                await environment.Error.WriteLineAsync($"rapport: --public-url: '{urlText}' is not an absolute http(s) URL without query or fragment").ConfigureAwait(false);
                return ExitCodes.BadUsage;
            }

            var database = await cli.OpenDatabaseAsync(parsed, cancellationToken).ConfigureAwait(false);
            var customerId = parsed.GetRequiredValue(id);
            if (!await new CustomerDirectory(database, environment.Time).ExistsAsync(customerId, cancellationToken).ConfigureAwait(false))
            {
                await environment.Error.WriteLineAsync($"rapport: no customer with id '{customerId}' in {database.Location.Display}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            var links = new PreferenceLinks(await LinkKey.GetOrCreateAsync(database, cancellationToken).ConfigureAwait(false), url, environment.Time);
            var link = parsed.GetValue(unsubscribe) ? links.UnsubscribeUrl(customerId, scope) : links.PreferencesUrl(customerId, scope);
            await environment.Out.WriteLineAsync(link.AbsoluteUri).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static object Summary(Customer c) => new
    {
        c.Id,
        c.FirstName,
        c.LastName,
        c.Company,
        Email = c.Emails.FirstOrDefault()?.Value,
        Phone = c.Phones.FirstOrDefault()?.Value,
        c.Address.City,
        HomeBranchId = c.HomeBranchId,
    };

    private static object ProfileJson(CustomerProfile p)
    {
        var c = p.Customer;
        return new
        {
            c.Id,
            c.FirstName,
            c.LastName,
            c.Company,
            Emails = c.Emails.Select(e => e.Value),
            Phones = c.Phones.Select(x => x.Value),
            Address = new { c.Address.Street, c.Address.City, c.Address.Postcode, c.Address.Country },
            Location = c.Location is { } l ? new { l.Latitude, l.Longitude } : null,
            TimeZone = c.TimeZone?.Id,
            Language = c.Language?.Value,
            BirthDate = c.BirthDate is { } b ? IsoTime.Format(b) : null,
            AnniversaryDate = c.AnniversaryDate is { } a ? IsoTime.Format(a) : null,
            c.Tags,
            AccountManager = p.AccountManager is { } m ? new { m.Id, m.Name, Phone = m.Phone?.Value, Email = m.Email?.Value } : null,
            HomeBranch = p.HomeBranch is { } h ? new { h.Id, h.Name } : null,
            c.AcquisitionSource,
            ReferredBy = c.ReferredBy,
            PreferredChannels = c.PreferredChannels.Select(EnumText.ToText),
            PreferredFrequency = c.PreferredFrequency is { } f ? EnumText.ToText(f) : null,
            SocialHandles = c.SocialHandles.Select(s => s.ToString()),
            CreatedAt = c.CreatedAt is { } created ? IsoTime.Format(created) : null,
            Consent = p.Consent.Channels.ToDictionary(ch => EnumText.ToText(ch.Channel), ch => new
            {
                ch.MayContact,
                Status = ch.Deciding is { } d ? EnumText.ToText(d.Status) : "none",
                Suppression = ch.Suppression is { } s ? EnumText.ToText(s) : null,
                At = ch.Reason is { } r ? IsoTime.Format(r.At) : null,
                ch.Reason?.Source,
                ch.Reason?.Evidence,
            }),
            ConsentHistory = p.ConsentHistory.Select(ConsentJson),
            Scores = p.Scores is { } s ? new
            {
                AsOf = IsoTime.Format(s.AsOf),
                s.Tier,
                s.Stage,
                Rfm = new { Recency = s.RecencyScore, Frequency = s.FrequencyScore, Monetary = s.MonetaryScore },
                s.TenureMonths,
                s.ProbabilityAlive,
                s.ExpectedPurchases90Days,
                s.ExpectedPurchases12Months,
                s.ExpectedAverageSpend,
                s.LifetimeValue12Months,
                s.GrowthPotential,
                s.Warning,
            } : null,
            Purchases = new
            {
                p.Purchases.Count,
                Totals = p.Purchases.Totals.Select(t => new { Currency = t.Currency?.Code, t.Total }),
                First = p.Purchases.First is { } first ? IsoTime.Format(first) : null,
                Last = p.Purchases.Last is { } last ? IsoTime.Format(last) : null,
                LinesOfBusiness = p.Purchases.Lines.Select(l => new { l.Line, FirstPurchase = IsoTime.Format(l.FirstPurchase) }),
            },
            Touches = new
            {
                Count = p.TouchCount,
                Latest = p.RecentTouches.Select(t => new
                {
                    t.Id,
                    At = IsoTime.Format(t.At),
                    Channel = EnumText.ToText(t.Channel),
                    Direction = EnumText.ToText(t.Direction),
                    Kind = EnumText.ToText(t.Kind),
                    Outcome = t.Outcome is { } o ? EnumText.ToText(o) : null,
                    t.StaffId,
                    t.Note,
                }),
            },
        };
    }

    private static object ConsentJson(ConsentRecord r) => new
    {
        Channel = EnumText.ToText(r.Channel),
        Status = EnumText.ToText(r.Status),
        At = IsoTime.Format(r.At),
        Suppression = r.Suppression is { } s ? EnumText.ToText(s) : null,
        r.Source,
        r.Evidence,
    };

    private static string Name(Customer c) => string.Join(' ', new[] { c.FirstName, c.LastName }.Where(p => !string.IsNullOrEmpty(p)));

    private static string Cut(string? text, int width) =>
        text is null ? string.Empty : text.Length <= width ? text : string.Concat(text.AsSpan(0, width - 1), "…");
}

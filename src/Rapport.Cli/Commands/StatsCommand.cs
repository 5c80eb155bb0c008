using System.CommandLine;
using System.Globalization;
using Rapport.Cli.Output;
using Rapport.Core.Common;
using Rapport.Storage.Statistics;

namespace Rapport.Cli.Commands;

internal static class StatsCommand
{
    public static Command Create(RapportCli cli)
    {
        var json = JsonOption.Create();
        var command = new Command("stats", "Count what the database holds: branches, staff, customers, consents, purchases, touches.") { json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var database = await cli.OpenDatabaseAsync(parsed, cancellationToken).ConfigureAwait(false);
            var stats = await new StatisticsQuery(database).RunAsync(cancellationToken).ConfigureAwait(false);
            if (parsed.GetValue(json))
            {
                Json.Write(cli.Environment.Out, ToJson(stats));
            }
            else
            {
                await WriteTextAsync(cli.Environment.Out, database.Location.Display, stats).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static object ToJson(BusinessStatistics stats) => new
    {
        stats.Branches,
        stats.Staff,
        stats.Customers,
        stats.Consents,
        stats.Purchases,
        stats.Touches,
        stats.InboundTouches,
        stats.CustomersWithPurchases,
        FirstPurchase = stats.FirstPurchase is { } first ? IsoTime.Format(first) : null,
        LastPurchase = stats.LastPurchase is { } last ? IsoTime.Format(last) : null,
        Revenue = stats.Revenue.Select(r => new { Currency = r.Currency?.Code, r.Total }),
        ConsentByChannel = stats.ConsentByChannel.ToDictionary(c => EnumText.ToText(c.Channel), c => new { c.Granted, c.Withdrawn }),
        stats.PermanentlySuppressed,
    };

    private static async Task WriteTextAsync(TextWriter output, string database, BusinessStatistics stats)
    {
        string Line(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
        await output.WriteLineAsync($"Database: {database}").ConfigureAwait(false);
        await output.WriteLineAsync(Line($"  branches   {stats.Branches,12:N0}")).ConfigureAwait(false);
        await output.WriteLineAsync(Line($"  staff      {stats.Staff,12:N0}")).ConfigureAwait(false);
        await output.WriteLineAsync(Line($"  customers  {stats.Customers,12:N0}   ({stats.CustomersWithPurchases:N0} have bought)")).ConfigureAwait(false);
        await output.WriteLineAsync(Line($"  consents   {stats.Consents,12:N0}   (records of consent history)")).ConfigureAwait(false);
        await output.WriteLineAsync(Line($"  purchases  {stats.Purchases,12:N0}")).ConfigureAwait(false);
        await output.WriteLineAsync(Line($"  touches    {stats.Touches,12:N0}   ({stats.InboundTouches:N0} from customers)")).ConfigureAwait(false);
        if (stats.FirstPurchase is { } first && stats.LastPurchase is { } last)
        {
            await output.WriteLineAsync($"Purchases from {IsoTime.Format(DateOnly.FromDateTime(first.UtcDateTime))} to {IsoTime.Format(DateOnly.FromDateTime(last.UtcDateTime))}").ConfigureAwait(false);
        }

        foreach (var revenue in stats.Revenue)
        {
            await output.WriteLineAsync(Line($"Revenue: {revenue.Total:N2} {revenue.Currency?.Code ?? "(no currency given)"}")).ConfigureAwait(false);
        }

        await output.WriteLineAsync("May be contacted now, by channel:").ConfigureAwait(false);
        foreach (var channel in stats.ConsentByChannel)
        {
            await output.WriteLineAsync(Line($"  {EnumText.ToText(channel.Channel),-8} {channel.Granted,10:N0} yes {channel.Withdrawn,10:N0} no")).ConfigureAwait(false);
        }

        if (stats.PermanentlySuppressed > 0)
        {
            await output.WriteLineAsync(Line($"Closed to all contact for good (deceased or erased): {stats.PermanentlySuppressed:N0}")).ConfigureAwait(false);
        }
    }
}

internal static class JsonOption
{
    public static Option<bool> Create() => new("--json") { Description = "Print JSON instead of text." };
}

using System.Globalization;
using Rapport.Core.Common;
using Rapport.Storage.Customers;

namespace Rapport.Cli.Commands;

/// <summary>The customer 360 view as text.</summary>
internal static class CustomerView
{
    public static async Task WriteAsync(TextWriter output, CustomerProfile profile)
    {
        var c = profile.Customer;
        string L(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
        async Task Field(string label, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                await output.WriteLineAsync($"  {label,-20}{value}").ConfigureAwait(false);
            }
        }

        await output.WriteLineAsync($"{c.DisplayName ?? "(no name)"}  [{c.Id}]").ConfigureAwait(false);
        await Field("company", c.Company).ConfigureAwait(false);
        await Field("e-mail", string.Join(", ", c.Emails.Select(e => e.Value))).ConfigureAwait(false);
        await Field("phone", string.Join(", ", c.Phones.Select(p => p.Value))).ConfigureAwait(false);
        var address = string.Join(", ", new[] { c.Address.Street?.ReplaceLineEndings(", "), c.Address.Postcode, c.Address.City, c.Address.Country }.Where(p => !string.IsNullOrWhiteSpace(p)));
        await Field("address", address).ConfigureAwait(false);
        await Field("time zone", c.TimeZone?.Id).ConfigureAwait(false);
        await Field("language", c.Language?.Value).ConfigureAwait(false);
        await Field("birthday", c.BirthDate is { } b ? IsoTime.Format(b) : null).ConfigureAwait(false);
        await Field("anniversary", c.AnniversaryDate is { } a ? IsoTime.Format(a) : null).ConfigureAwait(false);
        await Field("tags", string.Join(", ", c.Tags)).ConfigureAwait(false);
        await Field("home branch", profile.HomeBranch is { } h ? $"{h.Name} [{h.Id}]" : c.HomeBranchId).ConfigureAwait(false);
        await Field("account manager", profile.AccountManager is { } m ? $"{m.Name} [{m.Id}]{(m.Phone is null ? string.Empty : $", {m.Phone.Value}")}" : null).ConfigureAwait(false);
        await Field("heard of us", c.AcquisitionSource).ConfigureAwait(false);
        await Field("referred by", profile.ReferredBy is { } r ? $"{r.DisplayName} [{r.Id}]" : c.ReferredBy).ConfigureAwait(false);
        await Field("prefers", string.Join(", ", c.PreferredChannels.Select(EnumText.ToText))).ConfigureAwait(false);
        await Field("how often", c.PreferredFrequency is { } f ? EnumText.ToText(f) : null).ConfigureAwait(false);
        await Field("social", string.Join(", ", c.SocialHandles)).ConfigureAwait(false);
        await Field("customer since", c.CreatedAt is { } since ? IsoTime.Format(DateOnly.FromDateTime(since.UtcDateTime)) : null).ConfigureAwait(false);

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("Consent").ConfigureAwait(false);
        foreach (var channel in profile.Consent.Channels)
        {
            var state = channel.MayContact ? "yes" : "no ";
            var why = channel.Reason is { } record
                ? $"{EnumText.ToText(record.Status)}{(record.Suppression is { } s ? $" ({EnumText.ToText(s)})" : string.Empty)} {IsoTime.Format(record.At)}" +
                  $"{(record.Source is null ? string.Empty : $" via {record.Source}")}{(record.Evidence is null ? string.Empty : $" — {record.Evidence}")}"
                : "never asked";
            await output.WriteLineAsync($"  {EnumText.ToText(channel.Channel),-8} {state}  {why}").ConfigureAwait(false);
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        if (profile.Scores is { } scores)
        {
            await output.WriteLineAsync($"Scores (as of {IsoTime.Format(scores.AsOf)}; 'rapport analyze' refreshes them)").ConfigureAwait(false);
            await output.WriteLineAsync(L($"  tier {scores.Tier}, stage {scores.Stage}, RFM {scores.RecencyScore}{scores.FrequencyScore}{scores.MonetaryScore}, customer for {new Rapport.Core.Analytics.Tenure(scores.TenureMonths / 12, scores.TenureMonths % 12)}")).ConfigureAwait(false);
            if (scores.ProbabilityAlive is { } alive)
            {
                await output.WriteLineAsync(L($"  still active: {alive * 100:0}% likely; expected purchases: {scores.ExpectedPurchases90Days:0.0} in 90 days, {scores.ExpectedPurchases12Months:0.0} in 12 months")).ConfigureAwait(false);
            }

            if (scores.LifetimeValue12Months is { } value)
            {
                await output.WriteLineAsync(L($"  expected spend per purchase {scores.ExpectedAverageSpend:N2}; 12-month value {value:N2}{(scores.GrowthPotential is { } growth ? $" (growth potential {growth:N2})" : string.Empty)}")).ConfigureAwait(false);
            }

            if (scores.Warning is { } warning)
            {
                await output.WriteLineAsync($"  WARNING: {warning}").ConfigureAwait(false);
            }
        }
        else
        {
            await output.WriteLineAsync("Scores: none yet; run 'rapport analyze'.").ConfigureAwait(false);
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        var purchases = profile.Purchases;
        await output.WriteLineAsync(L($"Purchases: {purchases.Count:N0}")).ConfigureAwait(false);
        if (purchases.Count > 0)
        {
            foreach (var total in purchases.Totals)
            {
                await output.WriteLineAsync(L($"  total {total.Total:N2} {total.Currency?.Code}")).ConfigureAwait(false);
            }

            await output.WriteLineAsync($"  first {IsoTime.Format(purchases.First!.Value)}, latest {IsoTime.Format(purchases.Last!.Value)}").ConfigureAwait(false);
            foreach (var line in purchases.Lines)
            {
                await output.WriteLineAsync($"  {line.Line}: since {IsoTime.Format(DateOnly.FromDateTime(line.FirstPurchase.UtcDateTime))}").ConfigureAwait(false);
            }
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync(L($"Touches: {profile.TouchCount:N0}{(profile.TouchCount > profile.RecentTouches.Count ? $" (latest {profile.RecentTouches.Count})" : string.Empty)}")).ConfigureAwait(false);
        foreach (var t in profile.RecentTouches)
        {
            var outcome = t.Outcome is { } o ? $" → {EnumText.ToText(o)}" : string.Empty;
            var note = string.IsNullOrWhiteSpace(t.Note) ? string.Empty : $"  \"{t.Note.ReplaceLineEndings(" ")}\"";
            await output.WriteLineAsync($"  {IsoTime.Format(t.At)}  {EnumText.ToText(t.Direction),-3} {EnumText.ToText(t.Channel),-6} {EnumText.ToText(t.Kind)}{outcome}{note}").ConfigureAwait(false);
        }
    }
}

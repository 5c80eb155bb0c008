using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Rapport.Core.Common;
using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Core.Customers;
using Rapport.Messaging.Links;
using Rapport.Storage.Access;
using Rapport.Storage.Customers;
using Rapport.Storage.Database;

namespace Rapport.Web.CustomerPages;

/// <summary>Why a signed link does not open its page.</summary>
public enum LinkRefusal
{
    /// <summary>Not a link of ours: malformed, changed (tampered), or made for the other page. HTTP 400.</summary>
    NotALink,

    /// <summary>Ours and unchanged, but its last day has passed. HTTP 410.</summary>
    Expired,

    /// <summary>Ours and current, but the customer is no longer on record (or was erased). HTTP 410.</summary>
    NoLongerOnRecord,
}

/// <summary>What opening a signed link came to: the token's customer, or a refusal.</summary>
public abstract record LinkOpening
{
    private LinkOpening()
    {
    }

    /// <summary>The link is good: its customer as stored now, with what they allow now.</summary>
    public sealed record Opened(LinkCheck.Valid Link, string Token, Customer Customer, ConsentState Consent, PageText Text) : LinkOpening;

    /// <summary>The link does not open anything; nothing may be shown or changed.</summary>
    public sealed record Refused(LinkRefusal Why, PageText Text) : LinkOpening
    {
        public int StatusCode => Why == LinkRefusal.NotALink ? StatusCodes.Status400BadRequest : StatusCodes.Status410Gone;

        public string Title => Why switch
        {
            LinkRefusal.Expired => Text.ExpiredTitle,
            LinkRefusal.NoLongerOnRecord => Text.GoneTitle,
            _ => Text.NotALinkTitle,
        };

        public string Message => Why switch
        {
            LinkRefusal.Expired => Text.ExpiredText,
            LinkRefusal.NoLongerOnRecord => Text.GoneText,
            _ => Text.NotALinkText,
        };
    }
}

/// <summary>Where a use of a link came from, for the evidence.</summary>
/// <param name="Address">The connecting IP address.</param>
/// <param name="UserAgent">The browser's or mail system's <c>User-Agent</c>.</param>
/// <param name="AcceptLanguage">The browser's <c>Accept-Language</c>, for pages that cannot tell whose link it was.</param>
/// <param name="OneClickBody">Whether the POST carried RFC 8058's <c>List-Unsubscribe=One-Click</c>.</param>
public sealed record LinkVisit(string? Address, string? UserAgent, string? AcceptLanguage, bool OneClickBody = false);

/// <summary>One channel on the preference page: allowed or not, and its place in the customer's order.</summary>
public sealed record ChannelChoice(Channel Channel, bool Granted, int Rank)
{
    /// <summary>
    /// Reads the form's ticks (channel names) and numbers (channel name → rank). Unknown names are
    /// ignored; a channel without a number goes last.
    /// </summary>
    public static IReadOnlyList<ChannelChoice> FromForm(IEnumerable<string> ticked, IReadOnlyDictionary<string, int> order)
    {
        ArgumentNullException.ThrowIfNull(ticked);
        ArgumentNullException.ThrowIfNull(order);
        var granted = ticked.ToHashSet(StringComparer.Ordinal);
        return Enum.GetValues<Channel>()
            .Select(c => (Channel: c, Name: EnumText.ToText(c)))
            .Select(c => new ChannelChoice(c.Channel, granted.Contains(c.Name), order.TryGetValue(c.Name, out var rank) ? rank : int.MaxValue))
            .ToArray();
    }
}

/// <summary>
/// What the customer submits on the preference page. A null field was not submitted and stays as
/// it is; an empty one clears the field. <see cref="Frequency"/> is a kebab-case frequency,
/// <see cref="PreferenceChoices.NoFrequency"/> to clear it, or null to keep it.
/// </summary>
public sealed record PreferenceChoices(
    string? FirstName,
    string? LastName,
    string? Email,
    string? Phone,
    string? Street,
    string? City,
    string? Postcode,
    string? Country,
    IReadOnlyList<ChannelChoice> Channels,
    string? Frequency)
{
    /// <summary>The form value for "no preference".</summary>
    public const string NoFrequency = "none";

    /// <summary>The customer's choices as stored: what the form starts with.</summary>
    /// <remarks>Ranks follow the stored order of preferred channels, then the other channels in their usual order.</remarks>
    public static PreferenceChoices Of(Customer customer, ConsentState consent)
    {
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(consent);
        var order = customer.PreferredChannels.Concat(Enum.GetValues<Channel>().Except(customer.PreferredChannels)).ToArray();
        return new PreferenceChoices(
            customer.FirstName ?? string.Empty,
            customer.LastName ?? string.Empty,
            customer.Emails.FirstOrDefault()?.Value ?? string.Empty,
            customer.Phones.FirstOrDefault()?.Value ?? string.Empty,
            customer.Address.Street ?? string.Empty,
            customer.Address.City ?? string.Empty,
            customer.Address.Postcode ?? string.Empty,
            customer.Address.Country ?? string.Empty,
            Enum.GetValues<Channel>().Select(c => new ChannelChoice(c, consent.MayContact(c), Array.IndexOf(order, c) + 1)).ToArray(),
            customer.PreferredFrequency is { } f ? EnumText.ToText(f) : NoFrequency);
    }

    /// <summary>The channels in the customer's order: by rank, ties in the usual order; unranked last.</summary>
    internal IReadOnlyList<Channel> Ordered() =>
        Enum.GetValues<Channel>().OrderBy(c => Channels.FirstOrDefault(x => x.Channel == c)?.Rank ?? int.MaxValue).ThenBy(c => c).ToArray();

    internal bool Grants(Channel channel) => Channels.Any(c => c.Channel == channel && c.Granted);
}

/// <summary>What saving the preference page came to.</summary>
/// <param name="Opening">The link as checked at the time of saving; nothing was stored unless it is <see cref="LinkOpening.Opened"/>.</param>
/// <param name="Problems">The fields (customers.csv names) that could not be stored; nothing was stored when there are any.</param>
/// <param name="AnythingChanged">Whether anything was stored.</param>
public sealed record PreferenceSave(LinkOpening Opening, IReadOnlyList<string> Problems, bool AnythingChanged);

/// <summary>What an unsubscribe came to.</summary>
/// <param name="Opening">The link as checked; nothing was stored unless it is <see cref="LinkOpening.Opened"/>.</param>
/// <param name="Scope">What was unsubscribed from: every channel, or one.</param>
/// <param name="Withdrawn">The channels withdrawn now; empty when they were withdrawn already (repeating is harmless).</param>
public sealed record UnsubscribeResult(LinkOpening Opening, LinkScope Scope, IReadOnlyList<Channel> Withdrawn);

/// <summary>
/// The customer's own pages (SPEC R3), behind signed links: opens a link for its one customer,
/// and stores what the customer chooses through the same services staff use — details through
/// <see cref="CustomerChanges"/> (audited with old and new values), consent through
/// <see cref="ConsentChanges"/> (appended with source and evidence, audited).
/// </summary>
/// <remarks>
/// Every method checks the token itself, so a page cannot act on a link it has not checked, and
/// acts only on the token's customer: the id comes from the signed token, never from the form.
/// The token itself is never stored (it opens the page for months); the evidence names it by
/// the first 16 hexadecimal digits of its SHA-256.
/// </remarks>
public sealed class SelfService(RapportDatabase database, CustomerLinks links, TimeProvider time)
{
    /// <summary>The consent source of a change made on the preference page.</summary>
    public const string PreferencePageSource = "preference-page";

    /// <summary>The consent source of a one-click unsubscribe (<c>/u/</c>).</summary>
    public const string OneClickSource = "one-click";

    private const int UserAgentLength = 256;

    private readonly CustomerChanges _changes = new(database, time);

    /// <summary>Checks a token for a page and reads its customer. Changes nothing.</summary>
    public async Task<LinkOpening> OpenAsync(string? token, LinkPurpose purpose, LinkVisit visit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visit);
        var check = (await links.GetAsync(cancellationToken).ConfigureAwait(false)).Check(token);
        switch (check)
        {
            case LinkCheck.Valid valid when valid.Purpose == purpose:
                await using (var context = database.CreateContext())
                {
                    var customer = await context.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == valid.CustomerId, cancellationToken).ConfigureAwait(false);
                    if (customer is null)
                    {
                        return new LinkOpening.Refused(LinkRefusal.NoLongerOnRecord, PageText.ForBrowser(visit.AcceptLanguage));
                    }

                    var records = await context.Consents.AsNoTracking().Where(c => c.CustomerId == valid.CustomerId).ToListAsync(cancellationToken).ConfigureAwait(false);
                    var consent = ConsentState.From(records, time.GetUtcNow());
                    var text = PageText.For(customer.Language);

                    // A deceased or erased customer's page shows nothing: there is no one to ask.
                    return consent.PermanentSuppression is not null
                        ? new LinkOpening.Refused(LinkRefusal.NoLongerOnRecord, text)
                        : new LinkOpening.Opened(valid, token!, customer, consent, text);
                }

            case LinkCheck.Expired expired when expired.Purpose == purpose:
                // The details of an expired link are authentic: answer in the customer's language.
                await using (var context = database.CreateContext())
                {
                    var language = await context.Customers.AsNoTracking().Where(c => c.Id == expired.CustomerId).Select(c => c.Language).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
                    return new LinkOpening.Refused(LinkRefusal.Expired, language is null ? PageText.ForBrowser(visit.AcceptLanguage) : PageText.For(language));
                }

            default:
                return new LinkOpening.Refused(LinkRefusal.NotALink, PageText.ForBrowser(visit.AcceptLanguage));
        }
    }

    /// <summary>
    /// Stores the preference page's form for the token's customer: changed details (audited),
    /// channels granted or withdrawn (consent history with evidence), the order of preference and
    /// the frequency. Details that do not pass the customers.csv rules store nothing at all.
    /// </summary>
    public async Task<PreferenceSave> SaveAsync(string? token, PreferenceChoices choices, LinkVisit visit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var opening = await OpenAsync(token, LinkPurpose.Preferences, visit, cancellationToken).ConfigureAwait(false);
        if (opening is not LinkOpening.Opened opened)
        {
            return new PreferenceSave(opening, [], false);
        }

        var customer = opened.Customer;
        var fields = CustomerFields.Of(customer);
        var changes = new Dictionary<string, string?>(StringComparer.Ordinal);
        var problems = new List<string>();
        Detail(changes, fields, "first_name", choices.FirstName);
        Detail(changes, fields, "last_name", choices.LastName);
        Detail(changes, fields, "street", choices.Street);
        Detail(changes, fields, "city", choices.City);
        Detail(changes, fields, "postcode", choices.Postcode);
        Detail(changes, fields, "country", choices.Country);
        FirstOfList(changes, problems, fields, "email", customer.Emails.Select(e => e.Value).ToArray(), choices.Email, StringComparer.OrdinalIgnoreCase);
        FirstOfList(changes, problems, fields, "phone", customer.Phones.Select(p => p.Value).ToArray(), choices.Phone, StringComparer.Ordinal);

        // The stored order is rewritten only when the customer changed a tick or a number: a stored
        // list that names channels without consent is left alone by a save that changed neither.
        var before = PreferenceChoices.Of(customer, opened.Consent);
        var channels = Enum.GetValues<Channel>();
        if (!before.Ordered().SequenceEqual(choices.Ordered()) || channels.Any(c => before.Grants(c) != choices.Grants(c)))
        {
            var preferred = string.Join(';', choices.Ordered().Where(choices.Grants).Select(EnumText.ToText));
            Detail(changes, fields, "preferred_channels", preferred);
        }

        if (choices.Frequency is { } frequency)
        {
            if (frequency == PreferenceChoices.NoFrequency)
            {
                Detail(changes, fields, "preferred_frequency", string.Empty);
            }
            else if (EnumText.Parse<ContactFrequency>(frequency, "frequency") is { Success: true } parsed)
            {
                Detail(changes, fields, "preferred_frequency", EnumText.ToText(parsed.Value));
            }
            else
            {
                problems.Add("preferred_frequency");
            }
        }

        if (problems.Count > 0)
        {
            return new PreferenceSave(opened, problems, false);
        }

        var evidence = Evidence("preference page", opened, visit);
        var actor = Actor(opened, "preference link");
        IReadOnlyList<string> changed = [];
        if (changes.Count > 0)
        {
            var result = await _changes.UpdateAsync(customer.Id, changes, AccessScope.Everything(actor), cancellationToken).ConfigureAwait(false);
            if (!result.Success)
            {
                return new PreferenceSave(opened, result.Problems.Select(p => p.Field).Distinct(StringComparer.Ordinal).ToArray(), false);
            }

            changed = result.Changed ?? [];
        }

        var now = time.GetUtcNow();
        var scope = AccessScope.Everything(actor);
        var grants = channels.Where(c => choices.Grants(c) && !opened.Consent.MayContact(c)).ToArray();
        var withdrawals = channels.Where(c => !choices.Grants(c) && opened.Consent.MayContact(c)).ToArray();
        var stored = changed.Count > 0;
        if (grants.Length > 0)
        {
            await ConsentChanges.RecordAsync(database, scope, customer.Id, grants, ConsentStatus.Granted, null, PreferencePageSource,
                evidence + "; the customer ticked " + Names(grants), now, cancellationToken).ConfigureAwait(false);
            stored = true;
        }

        stored |= await WithdrawAsync(scope, customer.Id, withdrawals, PreferencePageSource, evidence + "; the customer unticked " + Names(withdrawals), now, cancellationToken).ConfigureAwait(false);

        // Consent is given for an address: when the customer changes one and keeps the channel open,
        // the proof names the new one.
        foreach (var (field, covered) in new[] { ("email", new[] { Channel.Email }), ("phone", new[] { Channel.Phone, Channel.Sms }), ("street", new[] { Channel.Print }), ("city", new[] { Channel.Print }), ("postcode", new[] { Channel.Print }), ("country", new[] { Channel.Print }) })
        {
            var confirmed = covered.Where(c => changed.Contains(field) && choices.Grants(c) && opened.Consent.MayContact(c) && !grants.Contains(c)).ToArray();
            if (confirmed.Length > 0)
            {
                await ConsentChanges.RecordAsync(database, scope, customer.Id, confirmed, ConsentStatus.Granted, null, PreferencePageSource,
                    string.Create(CultureInfo.InvariantCulture, $"{evidence}; the customer kept {Names(confirmed)} ticked while changing {field.Replace('_', ' ')} to '{changes[field]}'"), now, cancellationToken).ConfigureAwait(false);
                grants = [.. grants, .. confirmed];
            }
        }

        return new PreferenceSave(opened, [], stored);
    }

    /// <summary>
    /// Unsubscribes the token's customer: from every channel on the preference page (any scope), or
    /// from the link's scope through <c>/u/</c>. Channels already withdrawn are left as they are,
    /// so repeating it stores nothing new.
    /// </summary>
    public async Task<UnsubscribeResult> UnsubscribeAsync(string? token, LinkPurpose purpose, LinkVisit visit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visit);
        var opening = await OpenAsync(token, purpose, visit, cancellationToken).ConfigureAwait(false);
        if (opening is not LinkOpening.Opened opened)
        {
            return new UnsubscribeResult(opening, LinkScope.All, []);
        }

        var scope = purpose == LinkPurpose.Preferences ? LinkScope.All : opened.Link.Scope;
        var (where, source) = purpose == LinkPurpose.Preferences
            ? ("preference page", PreferencePageSource)
            : (visit.OneClickBody ? "one-click unsubscribe (RFC 8058 POST List-Unsubscribe=One-Click)" : "one-click unsubscribe page (Unsubscribe button)", OneClickSource);
        var channels = (scope.Channel is { } one ? [one] : Enum.GetValues<Channel>())
            .Where(c => opened.Consent[c].Deciding?.Status != ConsentStatus.Withdrawn)
            .ToArray();
        var what = scope.IsAll ? "everything" : EnumText.ToText(scope.Channel!.Value);
        await WithdrawAsync(AccessScope.Everything(Actor(opened, source == OneClickSource ? "one-click link" : "preference link")), opened.Customer.Id, channels, source,
            $"{Evidence(where, opened, visit)}; the customer unsubscribed from {what}", time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return new UnsubscribeResult(opened, scope, channels);
    }

    private async Task<bool> WithdrawAsync(AccessScope scope, string customerId, IReadOnlyList<Channel> channels, string source, string evidence, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // "Do not call" is the phone's own suppression; every other channel is unsubscribed.
        foreach (var group in channels.GroupBy(c => c == Channel.Phone ? SuppressionReason.DoNotCall : SuppressionReason.Unsubscribed))
        {
            await ConsentChanges.RecordAsync(database, scope, customerId, group.ToArray(), ConsentStatus.Withdrawn, group.Key, source, evidence, at, cancellationToken).ConfigureAwait(false);
        }

        return channels.Count > 0;
    }

    private string Evidence(string where, LinkOpening.Opened opened, LinkVisit visit)
    {
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(opened.Token)))[..16];
        var purpose = opened.Link.Purpose == LinkPurpose.Preferences ? "preferences" : "unsubscribe";
        var agent = new string((visit.UserAgent ?? string.Empty).Where(c => !char.IsControl(c)).Take(UserAgentLength).ToArray()).Replace('"', '\'');
        return string.Create(CultureInfo.InvariantCulture,
            $"{where}: link v1 ({purpose}, customer {opened.Link.CustomerId}, scope {opened.Link.Scope}, valid through {IsoTime.Format(opened.Link.Expires)}, token sha256:{fingerprint}) used at {IsoTime.Format(time.GetUtcNow())} from {visit.Address ?? "an unknown address"}, user agent \"{agent}\"");
    }

    private static string Actor(LinkOpening.Opened opened, string how) => $"customer:{opened.Customer.Id} ({how})";

    private static string Names(IEnumerable<Channel> channels) => string.Join(", ", channels.Select(EnumText.ToText));

    private static void Detail(Dictionary<string, string?> changes, IReadOnlyDictionary<string, string?> fields, string field, string? submitted)
    {
        if (submitted is null)
        {
            return;
        }

        var value = submitted.Trim();
        if (!string.Equals(value, fields[field] ?? string.Empty, StringComparison.Ordinal))
        {
            changes[field] = value;
        }
    }

    /// <summary>The page shows the first e-mail address (or phone number) only; the others on record are kept after it.</summary>
    private static void FirstOfList(Dictionary<string, string?> changes, List<string> problems, IReadOnlyDictionary<string, string?> fields, string field, IReadOnlyList<string> stored, string? submitted, StringComparer same)
    {
        if (submitted is null || string.Equals(submitted.Trim(), stored.FirstOrDefault() ?? string.Empty, StringComparison.Ordinal))
        {
            return;
        }

        var value = submitted.Trim();
        if (value.Contains(';', StringComparison.Ordinal))
        {
            // One address in the box: a ';' would smuggle in a second.
            problems.Add(field);
            return;
        }

        var list = (value.Length == 0 ? stored.Skip(1) : stored.Skip(1).Where(s => !same.Equals(s, value)).Prepend(value)).ToArray();
        Detail(changes, fields, field, string.Join(';', list));
    }
}

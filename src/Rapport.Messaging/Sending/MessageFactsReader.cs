using Microsoft.EntityFrameworkCore;
using Rapport.Core.Common;
using Rapport.Core.Consent;
using Rapport.Core.Customers;
using Rapport.Core.Organisation;
using Rapport.Core.Planning;
using Rapport.Core.Touches;
using Rapport.Messaging.Templates;
using Rapport.Storage.Database;
using Rapport.Storage.Outbox;

namespace Rapport.Messaging.Sending;

/// <summary>A due touch with what a message needs: the facts for the template, the customer's consent now, and where to send it.</summary>
/// <param name="Touch">The touch.</param>
/// <param name="Facts">What the template may use; null when the customer no longer exists.</param>
/// <param name="Consent">What the customer allows now (consent is checked again at send time).</param>
/// <param name="Customer">The customer record, for the address and the name on an envelope.</param>
/// <param name="Sender">Who the message comes from: the account manager, else the branch's manager; null when neither.</param>
/// <param name="Branch">The branch the customer belongs to.</param>
public sealed record Addressed(DueTouch Touch, MessageFacts? Facts, ConsentState Consent, Customer? Customer, StaffMember? Sender, Branch? Branch);

/// <summary>Reads, for a batch of due touches, everything their messages are made from.</summary>
/// <param name="database">The database.</param>
/// <param name="policy">The policy: when a customer counts as long-time, and what the loyalty reward is.</param>
/// <param name="links">Makes each customer's preference link; null when no public URL is set.</param>
public sealed class MessageFactsReader(RapportDatabase database, ContactPolicy policy, Func<string, Uri?>? links)
{
    private Dictionary<string, Branch>? _branches;
    private Dictionary<string, StaffMember>? _staff;
    private Dictionary<string, StaffMember>? _managers;

    /// <summary>The touches with their facts, in the order given.</summary>
    public async Task<IReadOnlyList<Addressed>> ReadAsync(IReadOnlyList<DueTouch> touches, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(touches);
        await using var context = database.CreateContext();
        if (_branches is null)
        {
            _branches = await context.Branches.AsNoTracking().ToDictionaryAsync(b => b.Id, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
            var staff = await context.Staff.AsNoTracking().OrderBy(s => s.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
            _staff = staff.ToDictionary(s => s.Id, StringComparer.Ordinal);
            _managers = staff.Where(s => s.Role is StaffRole.Manager or StaffRole.Admin)
                .GroupBy(s => s.BranchId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.OrderBy(s => s.Role == StaffRole.Manager ? 0 : 1).First(), StringComparer.Ordinal);
        }

        var ids = touches.Select(t => t.CustomerId)
            .Concat(touches.Select(t => t.Moment?.ReferredCustomerId).OfType<string>())
            .Distinct(StringComparer.Ordinal).ToArray();
        var customers = new Dictionary<string, Customer>(StringComparer.Ordinal);
        var consents = new Dictionary<string, List<ConsentRecord>>(StringComparer.Ordinal);
        var purchases = new Dictionary<string, List<(DateTimeOffset At, string? Product)>>(StringComparer.Ordinal);
        var scores = new Dictionary<string, (string Tier, string Stage)>(StringComparer.Ordinal);
        var owners = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var customer in await context.Customers.AsNoTracking().Where(c => chunk.Contains(c.Id)).ToListAsync(cancellationToken).ConfigureAwait(false))
            {
                customers[customer.Id] = customer;
            }

            foreach (var record in await context.Consents.AsNoTracking().Where(c => chunk.Contains(c.CustomerId)).ToListAsync(cancellationToken).ConfigureAwait(false))
            {
                (consents.TryGetValue(record.CustomerId, out var list) ? list : consents[record.CustomerId] = []).Add(record);
            }

            foreach (var p in await context.Purchases.AsNoTracking().Where(p => chunk.Contains(p.CustomerId)).Select(p => new { p.CustomerId, p.At, p.Product }).ToListAsync(cancellationToken).ConfigureAwait(false))
            {
                (purchases.TryGetValue(p.CustomerId, out var list) ? list : purchases[p.CustomerId] = []).Add((p.At, p.Product));
            }

            foreach (var s in await context.CustomerScores.AsNoTracking().Where(s => chunk.Contains(s.CustomerId)).Select(s => new { s.CustomerId, s.Tier, s.Stage }).ToListAsync(cancellationToken).ConfigureAwait(false))
            {
                scores[s.CustomerId] = (s.Tier, s.Stage);
            }

            foreach (var o in await context.PlanCustomers.AsNoTracking().Where(p => chunk.Contains(p.CustomerId)).Select(p => new { p.CustomerId, p.BranchId }).ToListAsync(cancellationToken).ConfigureAwait(false))
            {
                owners[o.CustomerId] = o.BranchId;
            }
        }

        var result = new Addressed[touches.Count];
        for (var i = 0; i < touches.Count; i++)
        {
            var touch = touches[i];
            var consent = ConsentState.From(consents.GetValueOrDefault(touch.CustomerId) ?? [], now);
            if (!customers.TryGetValue(touch.CustomerId, out var customer))
            {
                result[i] = new Addressed(touch, null, consent, null, null, null);
                continue;
            }

            var branchId = customer.HomeBranchId ?? owners.GetValueOrDefault(customer.Id) ??
                (customer.AccountManagerId is { } am && _staff!.TryGetValue(am, out var manager) ? manager.BranchId : null);
            var branch = branchId is not null ? _branches.GetValueOrDefault(branchId) : null;
            var sender = (customer.AccountManagerId is { } id ? _staff!.GetValueOrDefault(id) : null) ??
                (branchId is not null ? _managers!.GetValueOrDefault(branchId) : null);
            var bought = purchases.GetValueOrDefault(customer.Id) ?? [];
            var score = scores.TryGetValue(customer.Id, out var s) ? s : ((string Tier, string Stage)?)null;
            result[i] = new Addressed(touch, Facts(touch, customer, bought, score, sender, branch, customers), consent, customer, sender, branch);
        }

        return result;
    }

    private MessageFacts Facts(DueTouch touch, Customer customer, List<(DateTimeOffset At, string? Product)> bought, (string Tier, string Stage)? score, StaffMember? sender, Branch? branch, Dictionary<string, Customer> customers)
    {
        var first = bought.Count > 0 ? bought.Min(p => p.At) : (DateTimeOffset?)null;
        var last = bought.Count > 0 ? bought.MaxBy(p => p.At) : default;
        var since = first ?? customer.CreatedAt;
        var sinceDay = since is { } at ? DateOnly.FromDateTime(at.UtcDateTime) : (DateOnly?)null;
        var longTime = score?.Stage == "long-time" ||
            (sinceDay is { } d && d.AddYears(policy.Analytics.LongTimeYears) <= touch.Day);
        var relationship = bought.Count <= 1 ? Relationship.First : longTime ? Relationship.LongTime : Relationship.Returning;
        var moment = touch.Moment;
        var momentFacts = moment is null
            ? touch.Kind == TouchKind.Reward ? new MomentFacts("loyalty:" + customer.Id, RewardChoice: EnumText.ToText(policy.RewardKind)) : null
            : new MomentFacts(
                moment.Event,
                moment.Product,
                moment.LineOfBusiness,
                moment.InboundKind is { } inbound ? EnumText.Parse<TouchKind>(inbound, "inbound kind").Value : null,
                moment.Note,
                moment.ReferredCustomerId is { } referred ? customers.GetValueOrDefault(referred)?.DisplayName ?? referred : null,
                moment.Warning,
                touch.Kind == TouchKind.Reward ? "gift" : null);
        return new MessageFacts
        {
            TouchKey = touch.Key,
            Kind = touch.Kind,
            Channel = touch.Channel,
            Day = touch.Day,
            CustomerId = customer.Id,
            FirstName = customer.FirstName,
            LastName = customer.LastName,
            Company = customer.Company,
            Language = customer.Language?.Value.ToLowerInvariant(),
            Tags = customer.Tags,
            Email = customer.Emails.FirstOrDefault()?.Value,
            Phone = customer.Phones.FirstOrDefault()?.Value,
            Street = customer.Address.Street,
            City = customer.Address.City,
            Postcode = customer.Address.Postcode,
            Country = customer.Address.Country,
            CustomerSince = sinceDay,
            OrderCount = bought.Count,
            LastProduct = last.Product,
            LastPurchase = bought.Count > 0 ? DateOnly.FromDateTime(last.At.UtcDateTime) : null,
            Relationship = relationship,
            Stage = score?.Stage,
            Tier = score?.Tier,
            AccountManager = sender is null ? null : new PersonFacts(sender.Name, sender.Phone?.Value ?? branch?.Phone?.Value, sender.Email?.Value),
            Branch = branch is null ? null : new BranchFacts(branch.Id, branch.Name, branch.Phone?.Value, branch.Email?.Value, branch.Address),
            Moment = momentFacts,
            PreferencesUrl = links?.Invoke(customer.Id),
        };
    }
}

using Microsoft.EntityFrameworkCore;
using Rapport.Core.Common;
using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Storage.Access;
using Rapport.Storage.Database;
using Rapport.Storage.Import;

namespace Rapport.Storage.Customers;

/// <summary>What a consent request came to.</summary>
/// <param name="Records">The records appended; null when nothing was stored.</param>
/// <param name="Problems">What is wrong, by field; empty on success.</param>
/// <param name="NotFound">No such customer in the caller's scope.</param>
public sealed record ConsentRequest(IReadOnlyList<ConsentRecord>? Records, IReadOnlyList<FieldProblem> Problems, bool NotFound = false)
{
    public bool Success => Records is not null && Problems.Count == 0;
}

/// <summary>
/// Consent given or withdrawn through the API (SPEC R2), read with the rules and field names of
/// <c>consents.csv</c> (<c>channel</c> may list several, separated by <c>;</c>), and stored by
/// <see cref="ConsentChanges"/> with its evidence, which is required: the proof of every change is kept.
/// </summary>
public sealed class ConsentRequests(RapportDatabase database, TimeProvider time)
{
    /// <summary>The source recorded when the client names none.</summary>
    public const string DefaultSource = "api";

    /// <summary>Records consent for one customer from fields of consents.csv (<c>customer_id</c> is the customer's; <c>at</c> defaults to now).</summary>
    public async Task<ConsentRequest> RecordAsync(AccessScope scope, string customerId, IReadOnlyDictionary<string, string?> fields, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(fields);
        if (!await scope.CanSeeCustomerAsync(database, customerId, cancellationToken).ConfigureAwait(false))
        {
            return new ConsentRequest(null, [], NotFound: true);
        }

        var now = time.GetUtcNow();
        var given = new Dictionary<string, string?>(fields, StringComparer.Ordinal);
        if (given.TryGetValue("customer_id", out var named) && !string.IsNullOrWhiteSpace(named) && !string.Equals(named.Trim(), customerId, StringComparison.Ordinal))
        {
            return new ConsentRequest(null, [new FieldProblem("customer_id", $"'{named}' is not the customer of the address ('{customerId}')")]);
        }

        given["customer_id"] = customerId;
        if (string.IsNullOrWhiteSpace(given.GetValueOrDefault("at")))
        {
            given["at"] = IsoTime.Format(now);
        }

        if (string.IsNullOrWhiteSpace(given.GetValueOrDefault("source")))
        {
            given["source"] = DefaultSource;
        }

        var problems = new List<FieldProblem>();
        if (string.IsNullOrWhiteSpace(given.GetValueOrDefault("evidence")))
        {
            problems.Add(new FieldProblem("evidence", "a value is required: what the customer did or said, where and when"));
        }

        var listed = (given.GetValueOrDefault("channel") ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var records = new List<ConsentRecord>();
        var known = new KnownIds();
        known.Customers.Add(customerId);
        foreach (var channel in listed.Length == 0 ? [string.Empty] : listed)
        {
            var one = new Dictionary<string, string?>(given, StringComparer.Ordinal) { ["channel"] = channel };
            var (record, found) = RecordForm.Read(ImportKind.Consents, one, header => new ConsentReader(header, known, now));
            problems.AddRange(found.Where(p => !problems.Contains(p)));
            if (record is not null)
            {
                records.Add(record);
            }
        }

        if (problems.Count > 0 || records.Count == 0)
        {
            return new ConsentRequest(null, problems);
        }

        // The history holds one record per customer, channel, time and status: a record posted again
        // (a client retrying) is answered with the stored one rather than refused.
        var first = records[0];
        List<ConsentRecord> existing;
        await using (var context = database.CreateContext())
        {
            existing = await context.Consents.AsNoTracking()
                .Where(c => c.CustomerId == customerId && c.At == first.At && c.Status == first.Status)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        var channels = records.Select(r => r.Channel).Distinct().Where(c => !existing.Any(e => e.Channel == c)).ToArray();
        if (channels.Length == 0)
        {
            return new ConsentRequest(existing.Where(e => records.Any(r => r.Channel == e.Channel)).ToArray(), []);
        }

        var stored = await ConsentChanges.RecordAsync(
            database, scope, customerId, channels, first.Status, first.Suppression,
            first.Source ?? DefaultSource, first.Evidence!, first.At, cancellationToken).ConfigureAwait(false);
        return stored is null ? new ConsentRequest(null, [], NotFound: true) : new ConsentRequest(stored, []);
    }

    /// <summary>Unsubscribes a customer from one channel (<paramref name="channel"/> as in consents.csv) or from all (null), now.</summary>
    public async Task<ConsentRequest> UnsubscribeAsync(AccessScope scope, string customerId, string? channel, string? evidence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!await scope.CanSeeCustomerAsync(database, customerId, cancellationToken).ConfigureAwait(false))
        {
            return new ConsentRequest(null, [], NotFound: true);
        }

        IReadOnlyCollection<Channel> channels = Enum.GetValues<Channel>();
        if (!string.IsNullOrWhiteSpace(channel))
        {
            var parsed = EnumText.Parse<Channel>(channel.Trim(), "channel");
            if (!parsed.Success)
            {
                return new ConsentRequest(null, [new FieldProblem("channel", parsed.Error!)]);
            }

            channels = [parsed.Value];
        }

        var now = time.GetUtcNow();
        var proof = string.IsNullOrWhiteSpace(evidence) ? $"unsubscribe requested through the HTTP API by {scope.Actor}" : evidence.Trim();
        var stored = await ConsentChanges.RecordAsync(database, scope, customerId, channels, ConsentStatus.Withdrawn, SuppressionReason.Unsubscribed, DefaultSource, proof, now, cancellationToken).ConfigureAwait(false);
        return stored is null ? new ConsentRequest(null, [], NotFound: true) : new ConsentRequest(stored, []);
    }
}

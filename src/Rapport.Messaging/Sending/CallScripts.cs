using Microsoft.EntityFrameworkCore;
using Rapport.Core.Common;
using Rapport.Core.Contact;
using Rapport.Core.Planning;
using Rapport.Messaging.Templates;
using Rapport.Storage.Database;
using Rapport.Storage.Outbox;
using Rapport.Storage.Planning;

namespace Rapport.Messaging.Sending;

/// <summary>The script of each call on a call list: the phone template rendered for the customer, with the moment that triggered the call (a complaint, a lapse) when there is one.</summary>
/// <remarks>
/// A script is read aloud by the member of staff the plan gave the call to, so in it <c>account_manager</c>
/// is that caller: a colleague standing in for the account manager introduces themselves, not the
/// account manager. Calls without a caller keep the account manager (else the branch manager).
/// </remarks>
public static class CallScripts
{
    /// <summary>Each call's script, or the reason there is none (fail closed), by touch id.</summary>
    public static async Task<IReadOnlyDictionary<string, RenderResult>> RenderAsync(RapportDatabase database, ContactPolicy policy, TemplateRenderer renderer, IReadOnlyList<QueuedCall> calls, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(renderer);
        ArgumentNullException.ThrowIfNull(calls);
        if (calls.Count == 0)
        {
            return new Dictionary<string, RenderResult>();
        }

        var day = calls[0].Touch.Day;
        var customers = calls.Select(c => c.Touch.CustomerId).Distinct(StringComparer.Ordinal).ToArray();
        var phone = EnumText.ToText(Channel.Phone);
        var moments = new List<MomentRow>();
        var callerIds = calls.Select(c => c.Touch.StaffId).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        Dictionary<string, PersonFacts> callers;
        await using (var context = database.CreateContext())
        {
            callers = (await context.Staff.AsNoTracking().Where(s => callerIds.Contains(s.Id)).ToListAsync(cancellationToken).ConfigureAwait(false))
                .ToDictionary(s => s.Id, s => new PersonFacts(s.Name, s.Phone?.Value, s.Email?.Value), StringComparer.Ordinal);

            foreach (var chunk in customers.Chunk(500))
            {
                moments.AddRange(await context.Moments.AsNoTracking()
                    .Where(m => chunk.Contains(m.CustomerId) && m.Channel == phone && m.Earliest <= day)
                    .ToListAsync(cancellationToken).ConfigureAwait(false));
            }
        }

        var touches = calls.Select(c =>
        {
            var kind = EnumText.ToText(c.Touch.Kind);
            var moment = c.Touch.Rule is PlanRule.Reply or PlanRule.Moment
                ? moments.Where(m => m.CustomerId == c.Touch.CustomerId && m.Kind == kind).OrderBy(m => m.Due).FirstOrDefault()
                : null;
            return new DueTouch(c.Touch.TouchId, c.Touch.CustomerId, c.Touch.Kind, Channel.Phone, c.Touch.Day, moment);
        }).ToArray();
        var callerOf = calls.Where(c => c.Touch.StaffId is not null).ToDictionary(c => c.Touch.TouchId, c => c.Touch.StaffId!, StringComparer.Ordinal);
        var reader = new MessageFactsReader(database, policy, null);
        var scripts = new Dictionary<string, RenderResult>(StringComparer.Ordinal);
        foreach (var touch in await reader.ReadAsync(touches, now, cancellationToken).ConfigureAwait(false))
        {
            if (touch.Facts is { } facts)
            {
                if (callerOf.TryGetValue(touch.Touch.Key, out var staffId) && callers.TryGetValue(staffId, out var caller))
                {
                    facts = facts with { AccountManager = caller with { Phone = caller.Phone ?? facts.Branch?.Phone } };
                }

                scripts[touch.Touch.Key] = renderer.Render(facts);
            }
        }

        return scripts;
    }
}

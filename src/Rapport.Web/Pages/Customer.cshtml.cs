using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rapport.Core.Common;
using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Storage.Customers;
using Rapport.Storage.Database;
using Rapport.Storage.Import;
using Rapport.Storage.Policy;
using Rapport.Web.Access;

namespace Rapport.Web.Pages;

/// <summary>
/// The customer 360 view: profile, consent and its history, purchases, touches, scores and the
/// plan's next 90 days; and the three changes staff make from it: contact details and preferences,
/// consent the customer gave or withdrew in person, and inbound correspondence (which runs the moments).
/// </summary>
public sealed class CustomerModel(RequestAccess access, RapportDatabase database, TimeProvider time, LoadedPolicy policy) : PageModel
{
    /// <summary>The fields the edit form shows, as customers.csv names them, with their labels.</summary>
    public static IReadOnlyList<(string Field, string Label, string? Hint)> EditableFields { get; } =
    [
        ("first_name", "First name", null),
        ("last_name", "Last name", null),
        ("company", "Company", null),
        ("email", "E-mail", "several separated by ;"),
        ("phone", "Phone", "several separated by ;"),
        ("street", "Street", null),
        ("postcode", "Postcode", null),
        ("city", "City", null),
        ("country", "Country", "ISO code, such as GB"),
        ("language", "Language", "such as en-GB or fr"),
        ("time_zone", "Time zone", "such as Europe/London"),
        ("birth_date", "Birthday", "YYYY-MM-DD"),
        ("anniversary_date", "Anniversary", "YYYY-MM-DD"),
        ("tags", "Tags", "separated by ;, such as young-children"),
        ("preferred_channels", "Preferred channels", "most preferred first: email;phone;print;sms;social"),
        ("social_handles", "Social accounts", "such as facebook:jane.doe;x:@jane"),
    ];

    /// <summary>The inbound kinds staff log.</summary>
    public static IReadOnlyList<string> InboundKinds { get; } = ["correspondence", "complaint", "compliment", "suggestion"];

    public CustomerOverview View { get; private set; } = null!;

    /// <summary>The edit form's values: the stored ones, or what was typed when it was refused.</summary>
    public IReadOnlyDictionary<string, string?> Fields { get; private set; } = new Dictionary<string, string?>();

    /// <summary>What was wrong with the last form sent, by field.</summary>
    public IReadOnlyList<FieldProblem> Problems { get; private set; } = [];

    /// <summary>Which form the problems belong to: <c>edit</c>, <c>consent</c> or <c>inbound</c>.</summary>
    public string? FailedForm { get; private set; }

    /// <summary>What the last change did, shown once after it redirected back here.</summary>
    [BindProperty(SupportsGet = true, Name = "done")]
    public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken) =>
        await ShowAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostEditAsync(string id, CancellationToken cancellationToken)
    {
        var scope = await access.RequireScopeAsync(cancellationToken);
        // Only the fields the form sent: one left out keeps its value; one sent empty is cleared.
        var changes = EditableFields.Select(f => f.Field).Append("preferred_frequency")
            .Where(Request.Form.ContainsKey)
            .ToDictionary(f => f, f => (string?)Request.Form[f].ToString(), StringComparer.Ordinal);
        var change = await new CustomerChanges(database, time).UpdateAsync(id, changes, scope, cancellationToken);
        if (change.NotFound)
        {
            return NotFound();
        }

        if (!change.Success)
        {
            return await RefusedAsync(id, "edit", change.Problems, changes, cancellationToken);
        }

        var done = change.Changed is { Count: > 0 } changed ? "Saved: " + string.Join(", ", changed.Select(f => f.Replace('_', ' '))) : "Nothing had changed.";
        return RedirectToPage(new { id, done });
    }

    public async Task<IActionResult> OnPostConsentAsync(string id, string? channel, string? status, string? evidence, CancellationToken cancellationToken)
    {
        var scope = await access.RequireScopeAsync(cancellationToken);
        var problems = new List<FieldProblem>();
        var channelRead = EnumText.Parse<Channel>(channel ?? string.Empty, "channel");
        var statusRead = EnumText.Parse<ConsentStatus>(status ?? string.Empty, "consent status");
        if (!channelRead.Success)
        {
            problems.Add(new FieldProblem("channel", channelRead.Error ?? "not a channel"));
        }

        if (!statusRead.Success)
        {
            problems.Add(new FieldProblem("status", statusRead.Error ?? "not a consent status"));
        }

        if (string.IsNullOrWhiteSpace(evidence))
        {
            problems.Add(new FieldProblem("evidence", "say how the customer told you, and when (it is the proof that is kept)"));
        }

        if (problems.Count > 0)
        {
            return await RefusedAsync(id, "consent", problems, null, cancellationToken);
        }

        var reason = statusRead.Value == ConsentStatus.Granted ? (SuppressionReason?)null
            : channelRead.Value == Channel.Phone ? SuppressionReason.DoNotCall : SuppressionReason.Unsubscribed;
        var staff = access.StaffId ?? "unknown";
        var records = await ConsentChanges.RecordAsync(database, scope, id, [channelRead.Value], statusRead.Value, reason, "staff:" + staff, evidence!.Trim(), time.GetUtcNow(), cancellationToken);
        return records is null
            ? NotFound()
            : RedirectToPage(new { id, done = $"Recorded: {EnumText.ToText(channelRead.Value)} {EnumText.ToText(statusRead.Value)}." });
    }

    public async Task<IActionResult> OnPostInboundAsync(string id, string? kind, string? channel, string? note, CancellationToken cancellationToken)
    {
        var scope = await access.RequireScopeAsync(cancellationToken);
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["customer_id"] = id,
            ["direction"] = "in",
            ["kind"] = kind,
            ["channel"] = channel,
            ["note"] = note,
            ["staff_id"] = access.StaffId,
        };
        var recorded = await new Storage.Intake.Intake(database, time, policy.Policy, policy.Holidays).TouchAsync(fields, scope, cancellationToken);
        if (recorded.NotFound)
        {
            return NotFound();
        }

        if (!recorded.Success)
        {
            return await RefusedAsync(id, "inbound", recorded.Problems, null, cancellationToken);
        }

        var moments = recorded.Moments ?? [];
        var done = moments.Count == 0
            ? $"Logged the {kind}."
            : $"Logged the {kind}. Planned in reply: " + string.Join("; ", moments.Select(m => $"{EnumText.ToText(m.Kind)} by {EnumText.ToText(m.Channel)} by {Display.Day(m.Due)}"));
        return RedirectToPage(new { id, done });
    }

    /// <summary>The problems of one field of the failed form, for the page.</summary>
    public IEnumerable<string> ProblemsOf(string form, string field) =>
        FailedForm == form ? Problems.Where(p => p.Field == field).Select(p => p.Message) : [];

    private async Task<bool> ShowAsync(string id, CancellationToken cancellationToken)
    {
        var scope = await access.RequireScopeAsync(cancellationToken);

        // Another branch's customer and an unknown id get the same answer.
        if (await CustomerOverview.ReadAsync(database, time, scope, id, cancellationToken) is not { } view)
        {
            return false;
        }

        View = view;
        if (Fields.Count == 0)
        {
            Fields = CustomerFields.Of(view.Profile.Customer);
        }

        return true;
    }

    private async Task<IActionResult> RefusedAsync(string id, string form, IReadOnlyList<FieldProblem> problems, IReadOnlyDictionary<string, string?>? typed, CancellationToken cancellationToken)
    {
        Problems = problems;
        FailedForm = form;
        if (typed is not null)
        {
            Fields = typed;
        }

        if (!await ShowAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}

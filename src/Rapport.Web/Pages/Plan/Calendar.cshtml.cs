using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rapport.Storage.Database;
using Rapport.Storage.Planning;
using Rapport.Web.Access;

namespace Rapport.Web.Pages.Plan;

/// <summary>The plan as a week or month calendar of a branch or one member of staff, with the capacity shortfall.</summary>
public sealed class CalendarModel(RapportDatabase database, RequestAccess access, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Branch { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Staff { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? Date { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? View { get; set; }

    public StoredPlan? Plan { get; private set; }

    public PlanChoices Choices { get; private set; } = new([], []);

    public PlanCalendarView? Calendar { get; private set; }

    public IReadOnlyList<BranchShortfall> Shortfalls { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var scope = await access.RequireScopeAsync(cancellationToken);
        Plan = await PlanStore.RunAsync(database, cancellationToken);
        Choices = await PlanCalendar.ChoicesAsync(database, scope, cancellationToken);
        if (Plan is null)
        {
            return Page();
        }

        // Without a choice: the signed-in person's own branch (else the first they may see).
        var branch = Branch ?? Choices.Staff.FirstOrDefault(s => s.Id == access.StaffId)?.BranchId ?? Choices.Branches.FirstOrDefault()?.Id;
        var span = string.Equals(View, "month", StringComparison.OrdinalIgnoreCase) ? CalendarSpan.Month : CalendarSpan.Week;
        var date = Date ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        Calendar = await PlanCalendar.ReadAsync(database, scope, Plan, branch, string.IsNullOrEmpty(Staff) ? null : Staff, date, span, cancellationToken);
        if (Calendar is null && (Branch is not null || !string.IsNullOrEmpty(Staff)))
        {
            return NotFound();
        }

        Shortfalls = await PlanCalendar.ShortfallsAsync(database, scope, cancellationToken);
        return Page();
    }

    /// <summary>This calendar's address for another date or span.</summary>
    public string Link(DateOnly date, CalendarSpan span) => Calendar is null ? "/plan" : Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/plan", Who(Calendar).Append(new("date", Display.Day(date))).Append(new("view", span == CalendarSpan.Month ? "month" : "week")));

    /// <summary>The address of one day's calls in this calendar.</summary>
    public string DayLink(DateOnly day) => Calendar is null ? "/plan" : Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/plan/day", Who(Calendar).Append(new("date", Display.Day(day))));

    private static IEnumerable<KeyValuePair<string, string?>> Who(PlanCalendarView calendar) =>
        calendar.Staff is { } staff ? [new("staff", staff.Id)] : [new("branch", calendar.Branch.Id)];
}

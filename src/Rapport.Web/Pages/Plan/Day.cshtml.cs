using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rapport.Storage.Database;
using Rapport.Storage.Planning;
using Rapport.Web.Access;

namespace Rapport.Web.Pages.Plan;

/// <summary>One day's calls of a member of staff or a branch, from the plan calendar.</summary>
public sealed class DayModel(RapportDatabase database, RequestAccess access) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Branch { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Staff { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? Date { get; set; }

    public DayCalls Day { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var scope = await access.RequireScopeAsync(cancellationToken);
        var plan = await PlanStore.RunAsync(database, cancellationToken);
        if (plan is null || Date is not { } date || (Branch is null && string.IsNullOrEmpty(Staff)))
        {
            // A day is picked in the calendar (which also says when there is no plan yet).
            return Redirect("/plan");
        }

        var day = await PlanCalendar.DayAsync(database, scope, plan, Branch, string.IsNullOrEmpty(Staff) ? null : Staff, date, cancellationToken);
        if (day is null)
        {
            return NotFound();
        }

        Day = day;
        return Page();
    }

    /// <summary>The calendar week this day is in.</summary>
    public string WeekLink => Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(
        "/plan",
        [Day.Staff is { } staff ? new("staff", staff.Id) : new KeyValuePair<string, string?>("branch", Day.Branch.Id), new("date", Display.Day(Day.Day))]);
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rapport.Core.Common;
using Rapport.Storage.Touches;
using Rapport.Web.Access;
using Rapport.Web.Today;

namespace Rapport.Web.Pages;

/// <summary>The form of one call's outcome: which call, what came of it, a day to call back, a note.</summary>
public sealed class OutcomeForm
{
    public string? Customer { get; set; }

    public string? Day { get; set; }

    public string? Touch { get; set; }

    public string? Outcome { get; set; }

    public string? CallBackOn { get; set; }

    public string? Note { get; set; }

    /// <summary>Whose list the form was on, to go back to it.</summary>
    public string? Staff { get; set; }
}

/// <summary>Today: a member of staff's calls with context and scripts, one-click outcomes, and the letters and messages due.</summary>
public sealed class TodayModel(RequestAccess access, StaffDay staffDay, CallOutcomes outcomes) : PageModel
{
    public StaffDayView View { get; private set; } = null!;

    /// <summary>What went wrong with the last outcome, for the call it was about.</summary>
    public (string Touch, string Text)? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? date, string? staff, CancellationToken cancellationToken) =>
        await ShowAsync(date, staff, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostOutcomeAsync([FromForm] OutcomeForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var scope = await access.RequireScopeAsync(cancellationToken);
        if (form.Customer is null || form.Touch is null || form.Day is null || !IsoTime.ParseDate(form.Day).Success ||
            !Enum.TryParse<CallResult>(form.Outcome?.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var result) || !Enum.IsDefined(result))
        {
            return BadRequest();
        }

        var day = IsoTime.ParseDate(form.Day).Value;
        DateOnly? callBack = null;
        if (!string.IsNullOrWhiteSpace(form.CallBackOn))
        {
            var parsed = IsoTime.ParseDate(form.CallBackOn.Trim());
            if (!parsed.Success && result == CallResult.CallBack)
            {
                return await ProblemAsync(form, $"call back on: {parsed.Error}", cancellationToken);
            }

            callBack = parsed.Success ? parsed.Value : null;
        }

        var recorded = await outcomes.RecordAsync(scope, new CallOutcome(form.Customer, day, form.Touch, result, result == CallResult.CallBack ? callBack : null, form.Note), cancellationToken);
        return recorded.Status switch
        {
            CallOutcomeStatus.NotFound => NotFound(),
            CallOutcomeStatus.Invalid => await ProblemAsync(form, recorded.Problem!, cancellationToken),
            _ => Redirect(Url.Page("/Today", new { date = form.Day, staff = form.Staff })! + "#" + Uri.EscapeDataString(form.Touch)),
        };
    }

    private async Task<IActionResult> ProblemAsync(OutcomeForm form, string problem, CancellationToken cancellationToken)
    {
        if (await ShowAsync(form.Day, form.Staff, cancellationToken) is { } refused)
        {
            return refused;
        }

        Problem = (form.Touch!, problem);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>Reads the day into <see cref="View"/>; a result instead when there is nothing to show.</summary>
    private async Task<IActionResult?> ShowAsync(string? date, string? staff, CancellationToken cancellationToken)
    {
        if (ReadDay(this, date, out var day) is { } refused)
        {
            return refused;
        }

        var scope = await access.RequireScopeAsync(cancellationToken);
        var view = access.StaffId is { } viewer ? await staffDay.ReadAsync(scope, viewer, string.IsNullOrEmpty(staff) ? null : staff, day, cancellationToken) : null;
        if (view is null)
        {
            return NotFound();
        }

        View = view;
        return null;
    }

    /// <summary>
    /// The day a Today address asks for (<c>?date=</c>, none: today), or a 400 whose page says what
    /// is wrong with it.
    /// </summary>
    internal static IActionResult? ReadDay(PageModel page, string? date, out DateOnly? day)
    {
        day = null;
        if (string.IsNullOrEmpty(date))
        {
            return null;
        }

        var parsed = IsoTime.ParseDate(date);
        if (!parsed.Success)
        {
            return StatusModel.Refuse(page, "date: " + parsed.Error);
        }

        day = parsed.Value;
        return null;
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rapport.Core.Common;
using Rapport.Messaging.Sending;
using Rapport.Web.Access;
using Rapport.Web.Today;

namespace Rapport.Web.Pages;

/// <summary>The day's letters as a PDF to download, a preview that marks nothing sent; a page saying why when none can be printed.</summary>
public sealed class TodayLettersModel(RequestAccess access, StaffDay staffDay, WebOptions options) : PageModel
{
    public DateOnly Day { get; private set; }

    public LetterPreviewResult Result { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string? date, string? staff, CancellationToken cancellationToken)
    {
        if (TodayModel.ReadDay(this, date, out var day) is { } refused)
        {
            return refused;
        }

        var scope = await access.RequireScopeAsync(cancellationToken);
        using var pdf = new MemoryStream();
        var result = access.StaffId is { } viewer
            ? await staffDay.LettersAsync(scope, viewer, string.IsNullOrEmpty(staff) ? null : staff, day, PublicUrl(options), pdf, cancellationToken)
            : null;
        if (result is null)
        {
            return NotFound();
        }

        Day = day ?? DateOnly.FromDateTime(options.Time.GetUtcNow().UtcDateTime);
        if (result.Pages > 0)
        {
            return File(pdf.ToArray(), "application/pdf", $"letters-{IsoTime.Format(Day)}-preview.pdf");
        }

        Result = result;
        return Page();
    }

    /// <summary>Where customers reach the app, for the preference link in each letter's footer, as the sender prints it.</summary>
    private static Uri? PublicUrl(WebOptions options) =>
        options.PublicUrl ?? (Uri.TryCreate(options.Urls.Split(';')[0].Trim(), UriKind.Absolute, out var url) ? url : null);
}

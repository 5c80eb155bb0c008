using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Rapport.Web.Pages;

/// <summary>The plain page for an error status: not found, refused, or a fault of ours.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    private const string DetailItem = "rapport.status-detail";

    public string Title { get; private set; } = "Something went wrong";

    public string Text { get; private set; } = string.Empty;

    /// <summary>Answers 400 with a page that says what was wrong (<paramref name="detail"/>) instead of the general text.</summary>
    public static IActionResult Refuse(PageModel page, string detail)
    {
        ArgumentNullException.ThrowIfNull(page);
        page.HttpContext.Items[DetailItem] = detail;
        return page.BadRequest();
    }

    public Task<IActionResult> OnGetAsync(int code) => ShowAsync(code);

    public Task<IActionResult> OnPostAsync(int code) => ShowAsync(code);

    private async Task<IActionResult> ShowAsync(int code)
    {
        // Reached directly, this page answers 404 rather than echoing a made-up status.
        var reExecuted = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>();
        var failed = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerPathFeature>();
        code = reExecuted is not null || failed is not null ? code : StatusCodes.Status404NotFound;

        // The API's callers are programs: they get ProblemDetails, never a page.
        var originalPath = reExecuted?.OriginalPath ?? failed?.Path;
        if (originalPath is not null && originalPath.StartsWith("/api", StringComparison.Ordinal) && (originalPath.Length == 4 || originalPath[4] == '/'))
        {
            Response.StatusCode = code;
            var problems = HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = HttpContext,
                ProblemDetails = new ProblemDetails
                {
                    Status = code,
                    Title = code switch
                    {
                        StatusCodes.Status404NotFound => "Not found",
                        StatusCodes.Status405MethodNotAllowed => "Method not allowed",
                        >= 500 => "Something went wrong on our side",
                        _ => null,
                    },
                },
            });
            return new EmptyResult();
        }

        (Title, Text) = code switch
        {
            StatusCodes.Status400BadRequest => ("That request could not be read", "The form may have expired: go back, reload the page and try again."),
            StatusCodes.Status403Forbidden => ("Not allowed", "Your account cannot do that."),
            StatusCodes.Status404NotFound => ("Not found", "There is nothing here, or nothing you can see."),
            StatusCodes.Status405MethodNotAllowed => ("Not allowed", "That address does not take this kind of request."),
            >= 500 => ("Something went wrong on our side", "The error has been logged. Try again in a moment; if it keeps happening, tell your administrator."),
            _ => ("That did not work", "Go back and try again."),
        };
        if (reExecuted is not null && HttpContext.Items[DetailItem] is string detail)
        {
            Text = detail;
        }

        Response.StatusCode = code;
        return Page();
    }
}

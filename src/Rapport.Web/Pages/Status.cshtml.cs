using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Rapport.Web.Pages;

/// <summary>The plain page for an error status: not found, refused, or a fault of ours.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public string Title { get; private set; } = "Something went wrong";

    public string Text { get; private set; } = string.Empty;

    public IActionResult OnGet(int code) => Show(code);

    public IActionResult OnPost(int code) => Show(code);

    private PageResult Show(int code)
    {
        // Reached directly, this page answers 404 rather than echoing a made-up status.
        var original = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null ||
            HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is not null;
        code = original ? code : StatusCodes.Status404NotFound;
        (Title, Text) = code switch
        {
            StatusCodes.Status400BadRequest => ("That request could not be read", "The form may have expired: go back, reload the page and try again."),
            StatusCodes.Status403Forbidden => ("Not allowed", "Your account cannot do that."),
            StatusCodes.Status404NotFound => ("Not found", "There is nothing here, or nothing you can see."),
            StatusCodes.Status405MethodNotAllowed => ("Not allowed", "That address does not take this kind of request."),
            >= 500 => ("Something went wrong on our side", "The error has been logged. Try again in a moment; if it keeps happening, tell your administrator."),
            _ => ("That did not work", "Go back and try again."),
        };
        Response.StatusCode = code;
        return Page();
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rapport.Web.Access;

namespace Rapport.Web.Pages;

[AllowAnonymous]
public sealed class SignInModel(StaffAccounts accounts) : PageModel
{
    public string? Message { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Login { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Login) || string.IsNullOrEmpty(Password))
        {
            Message = "Enter your staff id (or e-mail address) and your password.";
            return Page();
        }

        var result = await accounts.SignInAsync(Login, Password, cancellationToken);
        switch (result.Outcome)
        {
            case SignInOutcome.SignedIn:
                await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, RapportClaims.ForStaff(result.Staff!, CookieAuthenticationDefaults.AuthenticationScheme));
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
            case SignInOutcome.LockedOut:
                Message = string.Create(CultureInfo.InvariantCulture, $"Too many wrong passwords: this account is locked until {result.LockedUntil:HH:mm} UTC. Try again then, or ask an administrator to set a new password.");
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                return Page();
            default:
                Message = "That staff id or e-mail and password do not match an account.";
                Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Page();
        }
    }
}

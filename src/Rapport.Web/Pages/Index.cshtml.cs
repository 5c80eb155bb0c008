using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Rapport.Web.Pages;

/// <summary>The start page: the first page of the navigation (Today).</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => Redirect(Navigation.Staff.Count > 0 ? Navigation.Staff[0].Href : "/sign-out");
}

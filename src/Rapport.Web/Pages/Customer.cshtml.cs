using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rapport.Storage.Customers;
using Rapport.Storage.Database;
using Rapport.Web.Access;

namespace Rapport.Web.Pages;

/// <summary>The customer 360 view: profile, consent and its history, purchases, touches, scores and the plan's next 90 days.</summary>
public sealed class CustomerModel(RequestAccess access, RapportDatabase database, TimeProvider time) : PageModel
{
    public CustomerOverview View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var scope = await access.RequireScopeAsync(cancellationToken);

        // Another branch's customer and an unknown id get the same answer.
        if (await CustomerOverview.ReadAsync(database, time, scope, id, cancellationToken) is not { } view)
        {
            return NotFound();
        }

        View = view;
        return Page();
    }
}

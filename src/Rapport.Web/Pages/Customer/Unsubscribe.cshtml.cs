using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rapport.Messaging.Links;
using Rapport.Web.CustomerPages;

namespace Rapport.Web.Pages.Customer;

/// <summary>
/// The one-click unsubscribe (<c>/u/{token}</c>, RFC 8058). GET only asks (mail scanners fetch
/// links); POST unsubscribes the link's scope and answers 200 with a short page, never a
/// redirect. Mail providers post without cookies or an anti-forgery token: the signed token is
/// the authority, so none is asked for.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class UnsubscribeModel(SelfService service) : PageModel
{
    public LinkOpening? Opening { get; private set; }

    /// <summary>Set once the POST has unsubscribed.</summary>
    public UnsubscribeResult? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        CustomerPage.NoStore(this);
        Opening = await service.OpenAsync(token, LinkPurpose.Unsubscribe, CustomerPage.Visit(this), cancellationToken);
        return Show();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        CustomerPage.NoStore(this);
        var oneClick = Request.HasFormContentType
            && (await Request.ReadFormAsync(cancellationToken))["List-Unsubscribe"].ToString() == "One-Click";
        Result = await service.UnsubscribeAsync(token, LinkPurpose.Unsubscribe, CustomerPage.Visit(this, oneClick), cancellationToken);
        Opening = Result.Opening;
        return Show();
    }

    private PageResult Show()
    {
        if (Opening is LinkOpening.Refused refused)
        {
            Response.StatusCode = refused.StatusCode;
        }

        return Page();
    }
}

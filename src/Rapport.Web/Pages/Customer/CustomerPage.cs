using Microsoft.AspNetCore.Mvc.RazorPages;
using Rapport.Web.CustomerPages;

namespace Rapport.Web.Pages.Customer;

/// <summary>What the customer's pages share: the visit's evidence and headers for personal pages.</summary>
internal static class CustomerPage
{
    /// <summary>Where this request came from, for the evidence.</summary>
    public static LinkVisit Visit(PageModel page, bool oneClickBody = false) => new(
        page.HttpContext.Connection.RemoteIpAddress?.ToString(),
        page.Request.Headers.UserAgent.ToString(),
        page.Request.Headers.AcceptLanguage.ToString(),
        oneClickBody);

    /// <summary>The pages show personal details: no cache may keep them.</summary>
    public static void NoStore(PageModel page) => page.Response.Headers.CacheControl = "no-store";
}

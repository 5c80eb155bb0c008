using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rapport.Core.Organisation;
using Rapport.Storage.Customers;
using Rapport.Storage.Database;
using Rapport.Web.Access;

namespace Rapport.Web.Pages.Customers;

/// <summary>The customers in the signed-in person's scope: search, filters, pages.</summary>
public sealed class ListModel(RapportDatabase database, RequestAccess access) : PageModel
{
    private readonly CustomerSearch _search = new(database);

    [BindProperty(Name = "q", SupportsGet = true)]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Tier { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Stage { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Warnings { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Tag { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Branch { get; set; }

    [BindProperty(Name = "p", SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    public CustomerQuery Query { get; private set; } = new();

    public CustomerListPage Result { get; private set; } = null!;

    public IReadOnlyList<Branch> Branches { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var scope = await access.RequireScopeAsync(cancellationToken);
        Branches = await _search.BranchesAsync(scope, cancellationToken);
        Query = CustomerQuery.FromText(Search, Tier, Stage, Warnings, Tag, Branch, PageNumber);
        Result = await _search.FindAsync(scope, Query, cancellationToken);
    }

    /// <summary>This list's address on another page, with the same search and filters.</summary>
    public string PageLink(int page)
    {
        var query = new Dictionary<string, string?>
        {
            ["q"] = Query.Search,
            ["tier"] = Display.Text(Query.Tier),
            ["stage"] = Display.Text(Query.Stage),
            ["warnings"] = Query.WarningsOnly ? "true" : null,
            ["tag"] = Query.Tag,
            ["branch"] = Query.BranchId,
            ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/customers", query.Where(p => !string.IsNullOrEmpty(p.Value)));
    }
}

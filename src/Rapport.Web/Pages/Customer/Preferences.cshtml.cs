using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rapport.Messaging.Links;
using Rapport.Web.CustomerPages;

namespace Rapport.Web.Pages.Customer;

/// <summary>
/// The customer's preference page (<c>/p/{token}</c>, SPEC R3): contact details, channels and
/// their order, frequency, or unsubscribe from everything. Reached only through a signed link;
/// the work is <see cref="SelfService"/>'s.
/// </summary>
[AllowAnonymous]
public sealed class PreferencesModel(SelfService service) : PageModel
{
    private const string Outcome = "customer-page";

    public LinkOpening? Opening { get; private set; }

    /// <summary>What the form shows: the stored choices, or the submitted ones when they could not be stored.</summary>
    public PreferenceChoices? Choices { get; private set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];

    /// <summary>What the last save did: <c>saved</c>, <c>unchanged</c> or <c>unsubscribed</c>.</summary>
    public string? Confirmation { get; private set; }

    [BindProperty]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    public string? FirstName { get; set; }

    [BindProperty]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    public string? LastName { get; set; }

    [BindProperty]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    public string? Email { get; set; }

    [BindProperty]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    public string? Phone { get; set; }

    [BindProperty]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    public string? Street { get; set; }

    [BindProperty]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    public string? City { get; set; }

    [BindProperty]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    public string? Postcode { get; set; }

    [BindProperty]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    public string? Country { get; set; }

    /// <summary>The ticked channels, by name.</summary>
    [BindProperty]
    public List<string> Granted { get; set; } = [];

    /// <summary>Channel name → place in the customer's order (1 first).</summary>
    [BindProperty]
    public Dictionary<string, int> Order { get; set; } = [];

    [BindProperty]
    public string? Frequency { get; set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        CustomerPage.NoStore(this);
        Opening = await service.OpenAsync(token, LinkPurpose.Preferences, CustomerPage.Visit(this), cancellationToken);
        if (Opening is LinkOpening.Opened opened)
        {
            Choices = PreferenceChoices.Of(opened.Customer, opened.Consent);
            Confirmation = TempData[Outcome] as string;
        }

        return Show();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        CustomerPage.NoStore(this);
        var choices = new PreferenceChoices(FirstName, LastName, Email, Phone, Street, City, Postcode, Country, ChannelChoice.FromForm(Granted, Order), Frequency);
        var save = await service.SaveAsync(token, choices, CustomerPage.Visit(this), cancellationToken);
        Opening = save.Opening;
        if (save.Problems.Count > 0)
        {
            Choices = choices;
            Problems = save.Problems;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (Opening is not LinkOpening.Opened)
        {
            return Show();
        }

        TempData[Outcome] = save.AnythingChanged ? "saved" : "unchanged";
        return RedirectToPage(new { token });
    }

    public async Task<IActionResult> OnPostUnsubscribeAsync(string token, CancellationToken cancellationToken)
    {
        CustomerPage.NoStore(this);
        var result = await service.UnsubscribeAsync(token, LinkPurpose.Preferences, CustomerPage.Visit(this), cancellationToken);
        Opening = result.Opening;
        if (Opening is not LinkOpening.Opened)
        {
            return Show();
        }

        TempData[Outcome] = "unsubscribed";
        return RedirectToPage(new { token });
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

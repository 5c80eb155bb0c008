using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Core.Planning;
using Rapport.Messaging.Links;
using Rapport.Storage.Access;
using Rapport.Storage.Customers;
using Rapport.Storage.Outbox;

namespace Rapport.Web.Tests.CustomerPages;

/// <summary>The customer pages' tests share one running app; each test makes its own customers.</summary>
[CollectionDefinition(Name)]
public sealed class CustomerPagesCollection : ICollectionFixture<RapportSite>
{
    public const string Name = "customer pages";
}

/// <summary>A customer a test made, with what their consent history and audit trail held then.</summary>
internal sealed record TestCustomer(string Id, string Email, string FirstName);

/// <summary>What is stored about one customer: consent records and audit entries.</summary>
internal sealed record StoredTrail(IReadOnlyList<ConsentRecord> Consents, IReadOnlyList<AuditEntryRow> Audit)
{
    public ConsentState State(DateTimeOffset asOf) => ConsentState.From(Consents, asOf);
}

internal static class CustomerPagesSupport
{
    /// <summary>Adds a customer of the test's own, with consent granted a month ago for the given channels.</summary>
    public static async Task<TestCustomer> AddCustomerAsync(RapportSite site, string language, params Channel[] granted)
    {
        var id = "CP-" + Guid.NewGuid().ToString("N")[..10];
        var french = language.StartsWith("fr", StringComparison.Ordinal);
        var first = french ? "Camille" : "Jane";
        var email = $"{id.ToLowerInvariant()}@example.{(french ? "fr" : "co.uk")}";
        var fields = new Dictionary<string, string?>
        {
            ["customer_id"] = id,
            ["first_name"] = first,
            ["last_name"] = french ? "Durand" : "Doe",
            ["email"] = email,
            ["phone"] = french ? "+33 1 23 45 67 89" : "+44 113 496 0000",
            ["street"] = french ? "12 rue de la Paix" : "12 Mill Lane",
            ["city"] = french ? "Paris" : "Leeds",
            ["postcode"] = french ? "75002" : "LS1 4AB",
            ["country"] = french ? "France" : "United Kingdom",
            ["language"] = language,
            ["preferred_channels"] = "email;print",
            ["preferred_frequency"] = "monthly",
            ["home_branch_id"] = site.Staff[0].BranchId,
            ["account_manager_id"] = site.Staff[0].Id,
        };
        var created = await new CustomerChanges(site.Database, site.Time).CreateAsync(fields, AccessScope.Everything("test"), ContactPolicy.Default, PublicHolidays.None, CancellationToken.None);
        Assert.True(created.Success, string.Join('\n', created.Problems));
        if (granted.Length > 0)
        {
            await ConsentChanges.RecordAsync(site.Database, AccessScope.Everything("test"), id, granted, ConsentStatus.Granted, null, "test", "signed paper form", RapportSite.Now.AddDays(-30), CancellationToken.None);
        }

        return new TestCustomer(id, email, first);
    }

    /// <summary>The app's links: signed with the database's key, as <c>rapport send</c> signs them.</summary>
    public static async Task<PreferenceLinks> LinksAsync(RapportSite site) =>
        new(await LinkKey.GetOrCreateAsync(site.Database, CancellationToken.None), site.BaseAddress, site.Time);

    public static async Task<string> PreferencePathAsync(RapportSite site, string customerId) =>
        "/p/" + (await LinksAsync(site)).Sign(LinkPurpose.Preferences, customerId, LinkScope.All);

    public static async Task<string> UnsubscribePathAsync(RapportSite site, string customerId, LinkScope scope) =>
        "/u/" + (await LinksAsync(site)).Sign(LinkPurpose.Unsubscribe, customerId, scope);

    public static async Task<StoredTrail> TrailAsync(RapportSite site, string customerId)
    {
        await using var context = site.Database.CreateContext();
        var consents = await context.Consents.AsNoTracking().Where(c => c.CustomerId == customerId).ToListAsync();
        var audit = await context.AuditLog.AsNoTracking().Where(a => a.Subject == "customer:" + customerId).ToListAsync();
        return new StoredTrail(consents, audit);
    }

    public static async Task<Core.Customers.Customer> CustomerAsync(RapportSite site, string customerId)
    {
        await using var context = site.Database.CreateContext();
        return await context.Customers.AsNoTracking().SingleAsync(c => c.Id == customerId);
    }

    /// <summary>
    /// Submits a form of the page as a browser would (its own values, anti-forgery token included),
    /// after <paramref name="edit"/> has changed them: unlike <see cref="WebClient.SubmitAsync"/>,
    /// a name may carry several values (ticked checkboxes).
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitAsync(WebClient client, string pagePath, string formSelector, Action<FormValues> edit)
    {
        var page = await client.PageAsync(pagePath);
        var form = page.QuerySelector(formSelector) as IHtmlFormElement ?? throw new InvalidOperationException($"no form '{formSelector}' on {pagePath}");
        var values = FormValues.Of(form);
        edit(values);
        var action = form.GetAttribute("action") is { Length: > 0 } given ? given : pagePath;
        using var content = new FormUrlEncodedContent(values.Pairs);
        return await client.Http.PostAsync(new Uri(action, UriKind.Relative), content);
    }
}

/// <summary>A form's values, in order; a name may repeat.</summary>
internal sealed class FormValues
{
    private readonly List<KeyValuePair<string, string>> _pairs = [];

    public IReadOnlyList<KeyValuePair<string, string>> Pairs => _pairs;

    public static FormValues Of(IHtmlFormElement form)
    {
        var values = new FormValues();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && input.Type is not ("submit" or "button"):
                    if (input.Type is not ("checkbox" or "radio") || input.IsChecked)
                    {
                        values._pairs.Add(new(input.Name, input.Value));
                    }

                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name):
                    values._pairs.Add(new(select.Name, select.Value ?? string.Empty));
                    break;
            }
        }

        return values;
    }

    public string? this[string name] => _pairs.FirstOrDefault(p => p.Key == name).Value;

    /// <summary>Replaces every value of a name (no values: as if nothing was ticked).</summary>
    public FormValues Set(string name, params string[] values)
    {
        _pairs.RemoveAll(p => p.Key == name);
        _pairs.AddRange(values.Select(v => new KeyValuePair<string, string>(name, v)));
        return this;
    }
}

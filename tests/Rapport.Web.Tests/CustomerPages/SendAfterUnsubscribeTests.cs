using Microsoft.EntityFrameworkCore;
using Rapport.Core.Contact;
using Rapport.Core.Planning;
using Rapport.Messaging.Sending;
using Rapport.Messaging.Templates;
using Rapport.Storage.Access;
using Rapport.Storage.Intake;
using Rapport.Storage.Outbox;
using Rapport.Storage.Policy;
using Rapport.TestSupport;
using static Rapport.Web.Tests.CustomerPages.CustomerPagesSupport;

namespace Rapport.Web.Tests.CustomerPages;

/// <summary>What the customer chose on the page is what <c>rapport send</c> honours (SPEC R2: at once and for good).</summary>
[Collection(CustomerPagesCollection.Name)]
public sealed class SendAfterUnsubscribeTests(RapportSite site)
{
    [Fact]
    public async Task UnsubscribedOnThePreferencePage_SendWithholdsTheirLetter_WhileAnotherCustomersGoes()
    {
        var policy = new LoadedPolicy(ContactPolicy.Default, PublicHolidays.None, null);
        var leaving = await AddCustomerAsync(site, "en", Channel.Print);
        var staying = await AddCustomerAsync(site, "en", Channel.Print);

        // Both buy today: each gets a thank-you by letter, the one channel they allow.
        var intake = new Intake(site.Database, site.Time, policy.Policy, policy.Holidays);
        var thankYous = new Dictionary<string, string>();
        foreach (var customer in new[] { leaving, staying })
        {
            var bought = await intake.PurchaseAsync(
                new Dictionary<string, string?> { ["purchase_id"] = "P-" + customer.Id, ["customer_id"] = customer.Id, ["amount"] = "120.00", ["currency"] = "GBP", ["product"] = "oak dining table" },
                AccessScope.Everything("test"),
                CancellationToken.None);
            Assert.True(bought.Success, string.Join('\n', bought.Problems));
            thankYous[customer.Id] = Assert.Single(bought.Moments!, m => m.Kind == Core.Touches.TouchKind.ThankYou && m.Channel == Channel.Print).Key;
        }

        using var client = site.NewClient();
        using (var unsubscribed = await SubmitAsync(client, await PreferencePathAsync(site, leaving.Id), "form#unsubscribe-all", _ => { }))
        {
            Assert.Equal(System.Net.HttpStatusCode.Redirect, unsubscribed.StatusCode);
        }

        using var outbox = new TempFolder();
        var sender = new Sender(site.Database, policy, new TemplateRenderer(TemplateLibrary.Defaults), site.Time);
        var today = DateOnly.FromDateTime(site.Time.GetUtcNow().UtcDateTime);
        await sender.RunAsync(new SendOptions(today, Channel.Print, outbox.Path, null, null), null, CancellationToken.None);

        await using var context = site.Database.CreateContext();
        var withheld = await context.Outbox.AsNoTracking().SingleAsync(o => o.Key == thankYous[leaving.Id]);
        Assert.Equal(OutboxStore.State(OutboxState.Withheld), withheld.State);
        Assert.Contains("print unsubscribed", withheld.Detail, StringComparison.Ordinal);
        Assert.Contains("(preference-page)", withheld.Detail, StringComparison.Ordinal);
        var sent = await context.Outbox.AsNoTracking().SingleAsync(o => o.Key == thankYous[staying.Id]);
        Assert.Equal(OutboxStore.State(OutboxState.Sent), sent.State);
    }
}

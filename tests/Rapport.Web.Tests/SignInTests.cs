using System.Net;
using Microsoft.EntityFrameworkCore;
using Rapport.Core.Organisation;

namespace Rapport.Web.Tests;

/// <summary>Sign-in, lockout, anti-forgery and the cookie (SPEC section 5; the web issue's item 1).</summary>
public sealed class SignInTests(RapportSite site) : IClassFixture<RapportSite>
{
    [Fact]
    public async Task Page_WithoutSigningIn_RedirectsToSignIn()
    {
        using var client = site.NewClient();
        using var response = await client.Http.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_RightPassword_SetsAnHttpOnlySameSiteCookie()
    {
        using var client = site.NewClient();
        using var response = await client.SignInAsync(site.Admin.Id, RapportSite.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(RapportWebApp.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SignIn_ByEmailAddress_Works()
    {
        var member = site.Staff.First(s => s.Email is not null && s.Role == StaffRole.Staff);
        using var client = site.NewClient();
        using var response = await client.SignInAsync(member.Email!.Value.ToUpperInvariant(), RapportSite.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_WrongPasswordOrUnknownLogin_IsRefusedAlike()
    {
        using var client = site.NewClient();
        using var wrong = await client.SignInAsync(site.Staff[1].Id, "not the password at all");
        using var unknown = await client.SignInAsync("NOBODY", "not the password at all");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        var message = (await WebClient.ParseAsync(wrong)).QuerySelector("[role=alert]")!.TextContent;
        Assert.Equal(message, (await WebClient.ParseAsync(unknown)).QuerySelector("[role=alert]")!.TextContent);
    }

    [Fact]
    public async Task SignIn_FiveWrongPasswords_LocksTheAccountEvenForTheRightOne()
    {
        var member = site.Staff.Last(s => s.Role == StaffRole.Staff);
        using var client = site.NewClient();
        for (var i = 0; i < 4; i++)
        {
            using var refused = await client.SignInAsync(member.Id, "wrong password " + i);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using var locked = await client.SignInAsync(member.Id, "wrong password 5");
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        using var stillLocked = await client.SignInAsync(member.Id, RapportSite.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, stillLocked.StatusCode);
        Assert.Contains("locked", (await WebClient.ParseAsync(stillLocked)).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);

        await using (var context = site.Database.CreateContext())
        {
            Assert.True(await context.AuditLog.AnyAsync(a => a.Action == "locked-out" && a.Subject == "staff:" + member.Id));
        }

        // A new password from an administrator ends the lockout.
        await new Access.StaffAccounts(site.Database, site.Time).SetPasswordAsync(member.Id, RapportSite.Password, "test", CancellationToken.None);
        using var again = await client.SignInAsync(member.Id, RapportSite.Password);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
    }

    [Fact]
    public async Task SignIn_PostedWithoutTheAntiForgeryToken_IsRefused()
    {
        using var client = site.NewClient();
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["login"] = site.Admin.Id, ["password"] = RapportSite.Password });
        using var response = await client.Http.PostAsync(new Uri("/sign-in", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith(RapportWebApp.CookieName + "=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        using var client = await site.SignedInAsync(site.Admin);
        using var signedOut = await client.SubmitAsync("/sign-out", new Dictionary<string, string>(), "header form");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        using var after = await client.Http.GetAsync(new Uri("/", UriKind.Relative));
        Assert.StartsWith("/sign-in", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryPage_CarriesSecurityHeaders()
    {
        using var client = site.NewClient();
        using var response = await client.Http.GetAsync(new Uri("/sign-in", UriKind.Relative));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownAddress_IsAPlainNotFoundPage()
    {
        using var client = await site.SignedInAsync(site.Admin);
        using var response = await client.Http.GetAsync(new Uri("/no/such/page", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Not found", (await WebClient.ParseAsync(response)).QuerySelector("h1")!.TextContent);
    }
}

using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Rapport.Web.Access;
using Rapport.Web.CustomerPages;
using Rapport.Web.Api;

namespace Rapport.Web;

/// <summary>
/// The web app (<c>rapport serve</c>): staff pages, the customer's own pages and the HTTP API, on
/// the same database and application services as the command line.
/// </summary>
public static class RapportWebApp
{
    /// <summary>The staff sign-in cookie.</summary>
    public const string CookieName = "rapport.staff";

    /// <summary>Builds the app; the caller starts it (<c>StartAsync</c> or <c>RunAsync</c>).</summary>
    public static WebApplication Build(WebOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // The Razor pages live in this assembly, whichever program hosts it.
            ApplicationName = typeof(RapportWebApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
            Args = [],
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);

        // The keys are kept in the database unencrypted, like the link-signing key: whoever can read
        // the database can read the customers anyway. Do not warn about it at every start.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(options.Database);
        services.AddSingleton(options.Policy);
        services.AddSingleton(options.Templates);
        services.AddSingleton(options.Time);
        services.AddSingleton<StaffAccounts>();
        services.AddHttpContextAccessor();
        services.AddScoped<RequestAccess>();
        services.AddSingleton<Storage.Touches.CallOutcomes>();
        services.AddSingleton<Today.StaffDay>();
        services.AddCustomerPages();
        services.AddProblemDetails();
        services.AddDataProtection().SetApplicationName("Rapport");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider =>
            new ConfigureOptions<KeyManagementOptions>(keys => keys.XmlRepository = new DatabaseKeyRing(provider.GetRequiredService<Storage.Database.RapportDatabase>())));
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie =>
            {
                cookie.LoginPath = "/sign-in";
                cookie.LogoutPath = "/sign-out";
                cookie.AccessDeniedPath = "/sign-in";
                cookie.Cookie.Name = CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;

                // Secure whenever the request came over HTTPS (behind a TLS proxy, say). Plain HTTP is
                // meant for 127.0.0.1 only, where not every client sends a Secure cookie back.
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(10);
                cookie.SlidingExpiration = true;
                cookie.TimeProvider = options.Time;
                cookie.Events.OnRedirectToLogin = context => Refuse(context, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = context => Refuse(context, StatusCodes.Status403Forbidden);
            });
        services.AddAuthorization();
        services.AddRapportApi(options);
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "rapport.antiforgery";
            antiforgery.Cookie.HttpOnly = true;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            antiforgery.HeaderName = "X-CSRF-TOKEN";
        });
        services.AddRazorPages(pages =>
        {
            // Every page needs a signed-in member of staff, except those marked [AllowAnonymous].
            pages.Conventions.AuthorizeFolder("/");
        });

        var app = builder.Build();
        if (options.TrustedProxies.Count > 0)
        {
            // Only the proxies named: ASP.NET Core's default would believe any process on this machine.
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var network in options.TrustedProxies)
            {
                forwarded.KnownIPNetworks.Add(network);
            }

            app.UseForwardedHeaders(forwarded);
        }

        app.UseStatusCodePagesWithReExecute("/status/{0}");
        app.UseExceptionHandler("/status/500");
        app.Use(SecurityHeaders);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(RapportWebApp).Assembly, "Rapport.Web.wwwroot"),
            RequestPath = "/assets",
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapRazorPages();
        app.MapRapportApi();
        return app;
    }

    /// <summary>The addresses the started app listens on (with the ports the system gave for port 0).</summary>
    public static IReadOnlyList<Uri> Addresses(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var feature = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>();
        return feature?.Addresses.Select(a => new Uri(a.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal))).ToArray() ?? [];
    }

    private static Task Refuse(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        // The API answers 401/403; pages send people to the sign-in page.
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static Task SecurityHeaders(HttpContext context, Func<Task> next)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";

        // Preference links carry a token: never hand it on to another site.
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        return next();
    }
}

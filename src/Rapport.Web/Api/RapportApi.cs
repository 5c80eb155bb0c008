using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.OpenApi;
using Rapport.Storage.Customers;
using Rapport.Storage.Planning;
using Rapport.Web.Access;

namespace Rapport.Web.Api;

/// <summary>
/// The HTTP API under <c>/api</c> (the web issue's item 4): customers, purchases, touches, consents
/// and the plan, for a shop's checkout or a billing system. Callers are machine clients with an API
/// key or signed-in staff, scoped alike; the OpenAPI document is at <c>/openapi/v1.json</c>.
/// </summary>
public static class RapportApi
{
    /// <summary>The authorization policy of every endpoint: an API key or the staff cookie.</summary>
    public const string Policy = "api";

    /// <summary>Registers the API's services, the API-key scheme, its policy and the OpenAPI document.</summary>
    public static IServiceCollection AddRapportApi(this IServiceCollection services, WebOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton<ApiKeys>();
        services.AddSingleton<CustomerRecords>();
        services.AddSingleton<CustomerChanges>();
        services.AddSingleton<ConsentRequests>();
        services.AddSingleton<PlanReads>();
        services.AddSingleton(provider => new Storage.Intake.Intake(options.Database, options.Time, options.Policy.Policy, options.Policy.Holidays));
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            // The cookie's challenge only sets 401; the API key's, last, writes the ProblemDetails.
            .AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme, ApiKeyAuthentication.SchemeName)
            .RequireAuthenticatedUser());
        services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Rapport HTTP API";
            document.Info.Description = "Customers, purchases, touches, consents and the plan of a Rapport business. " +
                "Field names and values are those of the import files (docs/data-format.md). Authenticate with an API key " +
                "(`rapport apikeys add --branch ID | --all`) sent as `Authorization: Bearer KEY` or `X-Api-Key: KEY`.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyAuthentication.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "rk_{id}_{secret}",
                Description = "An API key from `rapport apikeys add`, as `Authorization: Bearer KEY` (or the header `X-Api-Key: KEY`). " +
                    "A key reaches the customers of its branch and of the branches that report to it, or every customer (--all).",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthentication.SchemeName, document)] = [] });
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>Maps every endpoint of the API, and the OpenAPI document (anonymous).</summary>
    public static IEndpointRouteBuilder MapRapportApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapOpenApi();
        var api = endpoints.MapGroup("/api")
            .RequireAuthorization(Policy)
            .AddEndpointFilter(async (context, next) =>
            {
                // A signed-in member of staff removed from staff.csv since has no scope: as if signed out.
                var access = context.HttpContext.RequestServices.GetRequiredService<RequestAccess>();
                return await access.ScopeAsync(context.HttpContext.RequestAborted).ConfigureAwait(false) is null
                    ? ApiProblems.Unauthorized()
                    : await next(context).ConfigureAwait(false);
            });
        api.MapCustomersApi();
        api.MapPurchasesApi();
        api.MapTouchesApi();
        api.MapConsentsApi();
        api.MapPlanApi();
        api.MapFallback(() => ApiProblems.NoSuchEndpoint()).ExcludeFromDescription();
        return endpoints;
    }
}

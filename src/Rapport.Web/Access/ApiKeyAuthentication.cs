using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Rapport.Web.Access;

/// <summary>
/// Signs in a machine client by its API key, sent as <c>Authorization: Bearer KEY</c> or
/// <c>X-Api-Key: KEY</c>. A request without a key is left to the other schemes (the staff cookie);
/// a wrong, unknown or revoked key fails. The challenge is a 401 ProblemDetails.
/// </summary>
internal sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeys keys, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    public const string HeaderName = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? key = null;
        if (Request.Headers.Authorization.ToString() is { Length: > 0 } authorization &&
            authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            key = authorization["Bearer ".Length..].Trim();
        }
        else if (Request.Headers[HeaderName].ToString() is { Length: > 0 } header)
        {
            key = header.Trim();
        }

        if (key is null)
        {
            return AuthenticateResult.NoResult();
        }

        var found = await keys.CheckAsync(key, Context.RequestAborted).ConfigureAwait(false);
        if (found is null)
        {
            return AuthenticateResult.Fail("unknown or revoked API key");
        }

        List<Claim> claims = [new(ClaimTypes.NameIdentifier, found.KeyId), new(ClaimTypes.Name, found.Name ?? found.KeyId), new(RapportClaims.Kind, RapportClaims.ApiKeyKind)];
        if (!found.AllBranches && found.BranchId is { } branch)
        {
            claims.Add(new Claim(RapportClaims.Branch, branch));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = $"Send an API key (Authorization: Bearer KEY, or {HeaderName}: KEY; rapport apikeys add makes one), or sign in as staff.",
            },
        }).ConfigureAwait(false);
    }
}

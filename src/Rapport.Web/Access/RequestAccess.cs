using System.Security.Claims;
using Rapport.Storage.Access;
using Rapport.Storage.Database;

namespace Rapport.Web.Access;

/// <summary>The claims Rapport puts on a signed-in principal.</summary>
public static class RapportClaims
{
    /// <summary><c>staff</c> for a person signed in with a password, <c>apikey</c> for a machine client.</summary>
    public const string Kind = "rapport:kind";

    /// <summary>An API key's branch; absent for a key that reaches every branch.</summary>
    public const string Branch = "rapport:branch";

    public const string StaffKind = "staff";

    public const string ApiKeyKind = "apikey";

    /// <summary>The principal of a member of staff: their id, name and role.</summary>
    public static ClaimsPrincipal ForStaff(Core.Organisation.StaffMember staff, string scheme)
    {
        ArgumentNullException.ThrowIfNull(staff);
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, staff.Id),
                new Claim(ClaimTypes.Name, staff.Name),
                new Claim(ClaimTypes.Role, Core.Common.EnumText.ToText(staff.Role)),
                new Claim(Kind, StaffKind),
            ],
            scheme);
        return new ClaimsPrincipal(identity);
    }
}

/// <summary>
/// Whose customers the current request may see (<see cref="AccessScope"/>), worked out once per
/// request from the signed-in principal. The staff record is read again on every request, so a
/// changed role or branch takes effect at once, and a removed member of staff has no scope.
/// </summary>
public sealed class RequestAccess(IHttpContextAccessor accessor, RapportDatabase database)
{
    private AccessScope? _scope;
    private bool _resolved;

    /// <summary>The id of the signed-in member of staff, or null (a machine client, or nobody).</summary>
    public string? StaffId => User?.FindFirstValue(RapportClaims.Kind) == RapportClaims.StaffKind ? User.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    private ClaimsPrincipal? User => accessor.HttpContext?.User is { Identity.IsAuthenticated: true } user ? user : null;

    /// <summary>The scope of the request; null when nobody is signed in or the account no longer exists.</summary>
    public async Task<AccessScope?> ScopeAsync(CancellationToken cancellationToken)
    {
        if (_resolved)
        {
            return _scope;
        }

        _resolved = true;
        var user = User;
        var id = user?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (user is null || id is null)
        {
            return null;
        }

        _scope = user.FindFirstValue(RapportClaims.Kind) switch
        {
            RapportClaims.StaffKind => await AccessScope.ForStaffAsync(database, id, cancellationToken).ConfigureAwait(false),
            RapportClaims.ApiKeyKind => user.FindFirstValue(RapportClaims.Branch) is { } branch
                ? await AccessScope.ForBranchAsync(database, "apikey:" + id, branch, cancellationToken).ConfigureAwait(false)
                : AccessScope.Everything("apikey:" + id),
            _ => null,
        };
        return _scope;
    }

    /// <summary>The scope of the request, for pages and endpoints that require a signed-in caller.</summary>
    /// <exception cref="InvalidOperationException">Nobody is signed in (authorization should have stopped the request).</exception>
    public async Task<AccessScope> RequireScopeAsync(CancellationToken cancellationToken) =>
        await ScopeAsync(cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException("The request has no signed-in caller.");
}

using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rapport.Core.Organisation;
using Rapport.Storage.Access;
using Rapport.Storage.Database;

namespace Rapport.Web.Access;

/// <summary>What a sign-in came to.</summary>
public enum SignInOutcome
{
    /// <summary>The password was right; the member of staff is signed in.</summary>
    SignedIn,

    /// <summary>No such account, or the wrong password: the two are not told apart.</summary>
    Refused,

    /// <summary>Too many wrong passwords in a row: no sign-in is accepted until the lockout ends.</summary>
    LockedOut,
}

/// <summary>The result of a sign-in: the outcome, and the member of staff when signed in.</summary>
public sealed record SignInResult(SignInOutcome Outcome, StaffMember? Staff = null, DateTimeOffset? LockedUntil = null);

/// <summary>What went wrong when setting a password.</summary>
public sealed class PasswordRefusedException(string message) : Exception(message);

/// <summary>
/// Staff sign-ins (SPEC section 5): accounts are the staff records; a password is set with
/// <c>rapport users set-password</c>, hashed with ASP.NET Core Identity's hasher (PBKDF2, salted),
/// and repeated failures lock the account for a while.
/// </summary>
public sealed class StaffAccounts(RapportDatabase database, TimeProvider time)
{
    /// <summary>Wrong passwords in a row before the account is locked.</summary>
    public const int MaxFailedAttempts = 5;

    /// <summary>The shortest password accepted.</summary>
    public const int MinPasswordLength = 10;

    /// <summary>How long a lockout lasts.</summary>
    public static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(15);

    private static readonly PasswordHasher<StaffAccountRow> Hasher = new();

    /// <summary>Sets (or replaces) a member of staff's password, and ends any lockout.</summary>
    /// <exception cref="PasswordRefusedException">No such staff member, or the password is too short.</exception>
    public async Task SetPasswordAsync(string staffId, string password, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staffId);
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length < MinPasswordLength)
        {
            throw new PasswordRefusedException($"the password must have at least {MinPasswordLength} characters");
        }

        await using var context = database.CreateContext();
        if (!await context.Staff.AnyAsync(s => s.Id == staffId, cancellationToken).ConfigureAwait(false))
        {
            throw new PasswordRefusedException($"no staff member '{staffId}'");
        }

        var now = time.GetUtcNow();
        var account = await context.StaffAccounts.FirstOrDefaultAsync(a => a.StaffId == staffId, cancellationToken).ConfigureAwait(false);
        if (account is null)
        {
            account = new StaffAccountRow { StaffId = staffId, PasswordHash = string.Empty };
            context.StaffAccounts.Add(account);
        }

        account.PasswordHash = Hasher.HashPassword(account, password);
        account.FailedAttempts = 0;
        account.LockedUntil = null;
        account.PasswordSetAt = now;
        AuditLog.Add(context, now, actor, "set-password", "staff:" + staffId);
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks a sign-in by staff id or e-mail address, counting failures towards a lockout.</summary>
    public async Task<SignInResult> SignInAsync(string login, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(login);
        ArgumentNullException.ThrowIfNull(password);
        login = login.Trim();
        await using var context = database.CreateContext();
        var staff = await context.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.Id == login, cancellationToken).ConfigureAwait(false);
        if (staff is null && login.Contains('@', StringComparison.Ordinal))
        {
            // E-mail addresses are value objects in the model: compare on the client over the few staff.
            var all = await context.Staff.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
            staff = all.FirstOrDefault(s => s.Email is { } email && string.Equals(email.Value, login, StringComparison.OrdinalIgnoreCase));
        }

        var account = staff is null ? null : await context.StaffAccounts.FirstOrDefaultAsync(a => a.StaffId == staff.Id, cancellationToken).ConfigureAwait(false);
        if (staff is null || account is null)
        {
            // Hash anyway, so that a wrong login takes as long as a wrong password.
            Hasher.VerifyHashedPassword(Decoy, Decoy.PasswordHash, password);
            return new SignInResult(SignInOutcome.Refused);
        }

        var now = time.GetUtcNow();
        if (account.LockedUntil is { } until && until > now)
        {
            return new SignInResult(SignInOutcome.LockedOut, LockedUntil: until);
        }

        var verdict = Hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            account.FailedAttempts++;
            if (account.FailedAttempts >= MaxFailedAttempts)
            {
                account.FailedAttempts = 0;
                account.LockedUntil = now + LockoutTime;
                AuditLog.Add(context, now, "staff:" + staff.Id, "locked-out", "staff:" + staff.Id, $"{MaxFailedAttempts} wrong passwords in a row");
                await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return new SignInResult(SignInOutcome.LockedOut, LockedUntil: account.LockedUntil);
            }

            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return new SignInResult(SignInOutcome.Refused);
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account.PasswordHash = Hasher.HashPassword(account, password);
        }

        account.FailedAttempts = 0;
        account.LockedUntil = null;
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new SignInResult(SignInOutcome.SignedIn, staff);
    }

    private static readonly StaffAccountRow Decoy = MakeDecoy();

    private static StaffAccountRow MakeDecoy()
    {
        var decoy = new StaffAccountRow { StaffId = "-", PasswordHash = string.Empty };
        decoy.PasswordHash = Hasher.HashPassword(decoy, Guid.NewGuid().ToString());
        return decoy;
    }
}

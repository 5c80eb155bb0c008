using Rapport.Core.Common;
using Rapport.Core.Contact;

namespace Rapport.Core.Organisation;

/// <summary>A person who works for the business and may call customers.</summary>
public sealed class StaffMember
{
    /// <summary>The most calls a day anyone is expected to make.</summary>
    public const int MaxCallsPerDay = 500;

    /// <summary>Creates a member of staff.</summary>
    /// <param name="id">The business's own id for the person.</param>
    /// <param name="name">Their name, as customers will hear it.</param>
    /// <param name="branchId">The branch they work at.</param>
    /// <exception cref="ArgumentException">An id or the name is empty.</exception>
    public StaffMember(string id, string name, string branchId)
    {
        Id = Identifiers.Check(id, nameof(id));
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name.Trim();
        BranchId = Identifiers.Check(branchId, nameof(branchId));
    }

    /// <summary>The business's own id for the person.</summary>
    public string Id { get; }

    /// <summary>Their name.</summary>
    public string Name { get; }

    /// <summary>The branch they work at.</summary>
    public string BranchId { get; }

    /// <summary>What they may see and do.</summary>
    public StaffRole Role { get; init; } = StaffRole.Staff;

    /// <summary>Their direct phone number, given to customers in welcome kits.</summary>
    public PhoneNumber? Phone { get; init; }

    /// <summary>Their e-mail address.</summary>
    public EmailAddress? Email { get; init; }

    /// <summary>How many calls they can make in a working day; <see langword="null"/> when not set.</summary>
    /// <remarks>From 0 to <see cref="MaxCallsPerDay"/> inclusive.</remarks>
    public int? CallsPerDay
    {
        get;
        init => field = value is null or (>= 0 and <= MaxCallsPerDay)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(CallsPerDay), value, $"Calls per day must lie between 0 and {MaxCallsPerDay}.");
    }

    /// <summary>The days they work; <see langword="null"/> when not set.</summary>
    public WorkingWeek? WorkingDays { get; init; }
}

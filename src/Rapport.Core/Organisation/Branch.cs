using Rapport.Core.Common;
using Rapport.Core.Contact;
using Rapport.Core.Geography;

namespace Rapport.Core.Organisation;

/// <summary>An outlet of the business: the owner of the customers nearest to it (SPEC R12).</summary>
public sealed class Branch
{
    /// <summary>Creates a branch.</summary>
    /// <param name="id">The business's own id for the branch.</param>
    /// <param name="name">The name customers know it by.</param>
    /// <exception cref="ArgumentException">The id or the name is empty.</exception>
    public Branch(string id, string name)
    {
        Id = Identifiers.Check(id, nameof(id));
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name.Trim();
    }

    /// <summary>The business's own id for the branch.</summary>
    public string Id { get; }

    /// <summary>The name customers know it by.</summary>
    public string Name { get; }

    /// <summary>Where it is; used to find each customer's nearest branch.</summary>
    public GeoPoint? Location { get; init; }

    /// <summary>The branch's time zone.</summary>
    public TimeZoneId? TimeZone { get; init; }

    /// <summary>The branch's phone number.</summary>
    public PhoneNumber? Phone { get; init; }

    /// <summary>The branch's e-mail address.</summary>
    public EmailAddress? Email { get; init; }

    /// <summary>The postal address, as one line.</summary>
    public string? Address { get; init; }

    /// <summary>The branch this one reports to (a region's main branch, say); null for a branch at the top.</summary>
    /// <remarks>A manager sees the customers of their own branch and of every branch that reports to it, directly or through others.</remarks>
    public string? ReportsTo { get; init; }
}

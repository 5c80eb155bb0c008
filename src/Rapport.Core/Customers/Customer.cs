using Rapport.Core.Common;
using Rapport.Core.Contact;
using Rapport.Core.Geography;

namespace Rapport.Core.Customers;

/// <summary>A person or business account that has bought, or may buy, from the business.</summary>
/// <remarks>
/// <para>Identified by the business's own id. Lists (e-mail addresses, phone numbers, tags,
/// preferred channels) keep their order: the first e-mail address is the one written to,
/// and preferred channels run from most to least preferred.</para>
/// <para>References to staff, branches and referring customers are ids; whether they exist
/// is checked where customers are stored.</para>
/// </remarks>
public sealed class Customer
{
    /// <summary>Creates a customer with nothing but an id.</summary>
    /// <param name="id">The business's own id for the customer.</param>
    /// <exception cref="ArgumentException">The id is not valid.</exception>
    public Customer(string id) => Id = Identifiers.Check(id, nameof(id));

    /// <summary>The business's own id for the customer.</summary>
    public string Id { get; }

    /// <summary>Given name, for salutations.</summary>
    public string? FirstName { get; init; }

    /// <summary>Family name, for salutations.</summary>
    public string? LastName { get; init; }

    /// <summary>The company, for business accounts.</summary>
    public string? Company { get; init; }

    /// <summary>E-mail addresses, the one to write to first.</summary>
    public IReadOnlyList<EmailAddress> Emails { get; init; } = [];

    /// <summary>Phone numbers, the one to call first.</summary>
    public IReadOnlyList<PhoneNumber> Phones { get; init; } = [];

    /// <summary>The postal address; its parts are empty when unknown.</summary>
    public PostalAddress Address { get; init; } = PostalAddress.Empty;

    /// <summary>Where the customer lives, to find their nearest branch.</summary>
    public GeoPoint? Location { get; init; }

    /// <summary>The customer's time zone, for calling hours.</summary>
    public TimeZoneId? TimeZone { get; init; }

    /// <summary>The language to write in.</summary>
    public LanguageTag? Language { get; init; }

    /// <summary>Date of birth.</summary>
    public DateOnly? BirthDate { get; init; }

    /// <summary>An anniversary the customer shared with us (a wedding, the founding of their company).</summary>
    public DateOnly? AnniversaryDate { get; init; }

    /// <summary>Household or interest tags such as <c>young-children</c> (S2 #5).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The member of staff who looks after the customer.</summary>
    public string? AccountManagerId { get; init; }

    /// <summary>The branch that owns the customer; when absent, the nearest branch does (R12).</summary>
    public string? HomeBranchId { get; init; }

    /// <summary>The answer to "how did you hear about us?" (S1 #7).</summary>
    public string? AcquisitionSource { get; init; }

    /// <summary>The customer who referred this one.</summary>
    public string? ReferredBy
    {
        get;
        init => field = value is not null && string.Equals(value, Id, StringComparison.Ordinal)
            ? throw new ArgumentException($"Customer '{Id}' cannot refer themselves.", nameof(ReferredBy))
            : value;
    }

    /// <summary>Channels the customer prefers, most preferred first, without repeats.</summary>
    public IReadOnlyList<Channel> PreferredChannels
    {
        get;
        init => field = value.Distinct().Count() == value.Count
            ? value
            : throw new ArgumentException("A preferred channel is listed twice.", nameof(PreferredChannels));
    } = [];

    /// <summary>How often the customer wants to hear from us; <see langword="null"/> when they have not said.</summary>
    public ContactFrequency? PreferredFrequency { get; init; }

    /// <summary>The customer's social network accounts (S2 #6).</summary>
    public IReadOnlyList<SocialHandle> SocialHandles { get; init; } = [];

    /// <summary>When the customer record was created in the business's own system, in UTC.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The name to greet the customer by: their name, else their company, else nothing.</summary>
    public string? DisplayName => DisplayNameOf(FirstName, LastName, Company);

    /// <summary>The person's name from its parts, else the company (see <see cref="DisplayName"/>).</summary>
    public static string? DisplayNameOf(string? firstName, string? lastName, string? company)
    {
        var person = string.Join(' ', new[] { firstName, lastName }.Where(p => !string.IsNullOrWhiteSpace(p)));
        return person.Length > 0 ? person : company;
    }
}

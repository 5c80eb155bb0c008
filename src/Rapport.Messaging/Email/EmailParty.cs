using Rapport.Core.Contact;

namespace Rapport.Messaging.Email;

/// <summary>One end of an e-mail: the sender (an account manager or a branch) or the customer.</summary>
/// <param name="Name">The display name, such as <c>Anna Müller</c> or <c>Zürich Altstadt</c>; null or empty for none.</param>
/// <param name="Address">The address.</param>
public sealed record EmailParty(string? Name, EmailAddress Address)
{
    /// <summary>The domain of the address, as written after the <c>@</c>.</summary>
    public string Domain => Address.Value[(Address.Value.LastIndexOf('@') + 1)..];
}

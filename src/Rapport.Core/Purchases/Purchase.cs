using Rapport.Core.Common;

namespace Rapport.Core.Purchases;

/// <summary>Something a customer bought.</summary>
/// <remarks>
/// <see cref="At"/> is an instant in UTC. <see cref="Amount"/> is in <see cref="Currency"/>,
/// or in the business's own currency when no currency is given; it is never negative.
/// </remarks>
public sealed class Purchase
{
    /// <summary>Creates a purchase.</summary>
    /// <param name="id">The business's own id for the purchase.</param>
    /// <param name="customerId">The customer's id.</param>
    /// <param name="at">When it was bought; converted to UTC.</param>
    /// <param name="amount">What was paid, at most four decimal places, not negative.</param>
    /// <exception cref="ArgumentException">An id is empty or the amount is not valid.</exception>
    public Purchase(string id, string customerId, DateTimeOffset at, decimal amount)
    {
        Id = Identifiers.Check(id, nameof(id));
        CustomerId = Identifiers.Check(customerId, nameof(customerId));
        At = at.ToUniversalTime();
        var checkedAmount = MoneyAmount.Check(amount);
        Amount = checkedAmount.Success ? MoneyAmount.Normalize(checkedAmount.Value) : throw new ArgumentException(checkedAmount.Error, nameof(amount));
    }

    /// <summary>The business's own id for the purchase.</summary>
    public string Id { get; }

    /// <summary>The customer's id.</summary>
    public string CustomerId { get; }

    /// <summary>When it was bought, in UTC.</summary>
    public DateTimeOffset At { get; }

    /// <summary>What was paid, without trailing zeros.</summary>
    public decimal Amount { get; }

    /// <summary>The currency, or <see langword="null"/> for the business's own.</summary>
    public CurrencyCode? Currency { get; init; }

    /// <summary>What was bought.</summary>
    public string? Product { get; init; }

    /// <summary>The product's category.</summary>
    public string? Category { get; init; }

    /// <summary>The line of business, for "new to this part of the company" (S3).</summary>
    public string? LineOfBusiness { get; init; }

    /// <summary>The branch where it was bought.</summary>
    public string? BranchId { get; init; }
}

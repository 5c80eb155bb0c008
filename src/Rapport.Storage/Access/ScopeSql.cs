using System.Globalization;

namespace Rapport.Storage.Access;

/// <summary>
/// The condition "this customer is in these branches" in SQL, for the queries that step rows
/// directly: the same rule as <see cref="AccessScope.Customers"/> (the home branch, else the
/// branch the last plan gave the customer), written so that each half can use an index.
/// </summary>
internal static class ScopeSql
{
    /// <summary>
    /// The condition on the customers table aliased <paramref name="customer"/>, adding its
    /// parameters; <c>1 = 1</c> for every customer (<paramref name="branches"/> null).
    /// </summary>
    /// <param name="branches">The branches; null for every customer; empty for none.</param>
    /// <param name="customer">The alias of the customers table.</param>
    /// <param name="parameters">Where the branch parameters are added.</param>
    public static string Condition(IReadOnlySet<string>? branches, string customer, List<(string Name, object? Value)> parameters)
    {
        if (branches is null)
        {
            return "1 = 1";
        }

        if (branches.Count == 0)
        {
            return "1 = 0";
        }

        var names = new List<string>(branches.Count);
        foreach (var branch in branches.Order(StringComparer.Ordinal))
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"@scope{parameters.Count}");
            parameters.Add((name, branch));
            names.Add(name);
        }

        var list = string.Join(", ", names);

        // Two conditions on the home branch, which its index serves; the plan's owner is looked
        // up by key only for the customers without one.
        return $"""
            ({customer}.home_branch_id IN ({list})
             OR ({customer}.home_branch_id IS NULL AND EXISTS (SELECT 1 FROM plan_customers scope_p WHERE scope_p.customer_id = {customer}.customer_id AND scope_p.branch_id IN ({list}))))
            """;
    }

    /// <summary>The branches a query may reach: the scope's, narrowed to one branch when one is asked for (none when it lies outside the scope).</summary>
    public static IReadOnlySet<string>? Narrow(AccessScope scope, string? branchId)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (branchId is null)
        {
            return scope.Branches;
        }

        return scope.Covers(branchId)
            ? new HashSet<string>(StringComparer.Ordinal) { branchId }
            : new HashSet<string>(StringComparer.Ordinal);
    }
}

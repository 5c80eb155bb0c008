using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Rapport.Core.Analytics;
using Rapport.Core.Common;
using Rapport.Storage.Access;
using Rapport.Storage.Database;
using Rapport.Storage.Planning;

namespace Rapport.Storage.Customers;

/// <summary>Which customers to find, within someone's scope.</summary>
/// <param name="Search">Text in the id, name, company or e-mail (case-insensitive); null for any.</param>
/// <param name="Tier">Only this value tier (of the last analysis); null for any.</param>
/// <param name="Stage">Only this lifecycle stage (of the last analysis); null for any.</param>
/// <param name="WarningsOnly">Only customers with a defection warning.</param>
/// <param name="Tag">Only customers with this tag (case-insensitive, whole tag); null for any.</param>
/// <param name="BranchId">Only this branch's customers (it must be in scope, else nobody is found); null for the whole scope.</param>
/// <param name="Page">The page, from 1.</param>
/// <param name="PageSize">Customers per page, 1 to <see cref="CustomerSearch.MaxPageSize"/>.</param>
public sealed record CustomerQuery(
    string? Search = null,
    ValueTier? Tier = null,
    LifecycleStage? Stage = null,
    bool WarningsOnly = false,
    string? Tag = null,
    string? BranchId = null,
    int Page = 1,
    int PageSize = CustomerSearch.DefaultPageSize)
{
    /// <summary>A query from the words of a form or a URL: unknown tiers and stages and blank text are left out, the page is at least 1.</summary>
    public static CustomerQuery FromText(string? search, string? tier, string? stage, bool warningsOnly, string? tag, string? branchId, int page)
    {
        static string? Given(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        ValueTier? t = Given(tier) is { } tierText && EnumText.Parse<ValueTier>(tierText, "tier") is { Success: true } parsedTier ? parsedTier.Value : null;
        LifecycleStage? s = Given(stage) is { } stageText && EnumText.Parse<LifecycleStage>(stageText, "stage") is { Success: true } parsedStage ? parsedStage.Value : null;
        return new CustomerQuery(Given(search), t, s, warningsOnly, Given(tag), Given(branchId), Math.Max(1, page));
    }
}

/// <summary>A customer in a list: who, which branch, how they stand.</summary>
/// <param name="CustomerId">The id.</param>
/// <param name="Name">The name (the company when no person is named; the id when neither).</param>
/// <param name="BranchId">The branch the customer belongs to: the home branch, else the plan's.</param>
/// <param name="BranchName">Its name.</param>
/// <param name="Tier">The value tier of the last analysis, if analysed.</param>
/// <param name="Stage">The lifecycle stage of the last analysis, if analysed.</param>
/// <param name="Warning">The defection warning in words, if any.</param>
public sealed record CustomerListItem(string CustomerId, string Name, string? BranchId, string? BranchName, ValueTier? Tier, LifecycleStage? Stage, string? Warning);

/// <summary>One page of customers, in id order.</summary>
/// <param name="Customers">The customers on the page.</param>
/// <param name="Page">The page, from 1.</param>
/// <param name="PageSize">Customers per page.</param>
/// <param name="Total">How many customers match, counted up to <see cref="CustomerSearch.CountLimit"/>.</param>
/// <param name="TotalIsLowerBound">Whether more match than <see cref="Total"/> (the count stopped at the limit).</param>
public sealed record CustomerListPage(IReadOnlyList<CustomerListItem> Customers, int Page, int PageSize, int Total, bool TotalIsLowerBound)
{
    /// <summary>Whether a page follows this one.</summary>
    public bool HasNext => TotalIsLowerBound || (long)Page * PageSize < Total;

    /// <summary>The number of pages, when the count is exact.</summary>
    public int? Pages => TotalIsLowerBound ? null : Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// Finds customers within someone's scope (<see cref="AccessScope"/>): search and filters, one page at
/// a time. A customer outside the scope is never listed nor counted.
/// </summary>
/// <remarks>
/// Built for a million customers: the scope and a branch use the index on the home branch, tier and
/// stage the index on the scores, the page is <c>LIMIT</c>/<c>OFFSET</c> in id order, and the count
/// stops at <see cref="CountLimit"/>. Text search and tags look inside every row in scope (a
/// substring and a list cannot use a B-tree index).
/// </remarks>
public sealed class CustomerSearch(RapportDatabase database)
{
    public const int DefaultPageSize = 50;

    public const int MaxPageSize = 200;

    /// <summary>Matches are counted up to this many; beyond, the list says "more than".</summary>
    public const int CountLimit = 10_000;

    /// <summary>A page of the customers in scope that match the query.</summary>
    public async Task<CustomerListPage> FindAsync(AccessScope scope, CustomerQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(query);
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var page = Math.Max(1, query.Page);
        var parameters = new List<(string Name, object? Value)>();
        var where = Conditions(scope, query, parameters);
        var scores = query.Tier is not null || query.Stage is not null || query.WarningsOnly;

        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        int counted;
        await using (var rows = await StoredRows.OpenAsync(
            connection,
            null,
            $"""
            SELECT COUNT(*) FROM (
              SELECT 1 AS one FROM customers c
              {(scores ? "JOIN customer_scores s ON s.customer_id = c.customer_id" : string.Empty)}
              WHERE {where}
              LIMIT {CountLimit + 1}) matching
            """,
            parameters,
            cancellationToken).ConfigureAwait(false))
        {
            counted = await rows.ReadAsync(cancellationToken).ConfigureAwait(false) ? rows.Int32(0) : 0;
        }

        var customers = new List<CustomerListItem>(pageSize);
        var offset = (long)(page - 1) * pageSize;
        await using (var rows = await StoredRows.OpenAsync(
            connection,
            null,
            $"""
            SELECT c.customer_id, c.first_name, c.last_name, c.company, COALESCE(c.home_branch_id, p.branch_id), b.name, s.tier, s.stage, s.warning
            FROM customers c
            {(scores ? "JOIN" : "LEFT JOIN")} customer_scores s ON s.customer_id = c.customer_id
            LEFT JOIN plan_customers p ON p.customer_id = c.customer_id
            LEFT JOIN branches b ON b.branch_id = COALESCE(c.home_branch_id, p.branch_id)
            WHERE {where}
            ORDER BY c.customer_id
            LIMIT {pageSize.ToString(CultureInfo.InvariantCulture)} OFFSET {offset.ToString(CultureInfo.InvariantCulture)}
            """,
            parameters,
            cancellationToken).ConfigureAwait(false))
        {
            while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var id = rows.String(0);
                customers.Add(new CustomerListItem(
                    id,
                    PlanStore.DisplayName(rows.StringOrNull(1), rows.StringOrNull(2), rows.StringOrNull(3)) ?? id,
                    rows.StringOrNull(4),
                    rows.StringOrNull(5),
                    rows.IsNull(6) ? null : rows.Enum<ValueTier>(6),
                    rows.IsNull(7) ? null : rows.Enum<LifecycleStage>(7),
                    rows.StringOrNull(8)));
            }
        }

        return new CustomerListPage(customers, page, pageSize, Math.Min(counted, CountLimit), counted > CountLimit);
    }

    /// <summary>The branches in scope, by id: the choices of the branch filter.</summary>
    public async Task<IReadOnlyList<Core.Organisation.Branch>> BranchesAsync(AccessScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var context = database.CreateContext();
        var branches = await context.Branches.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        return branches.Where(b => scope.Covers(b.Id)).OrderBy(b => b.Id, StringComparer.Ordinal).ToArray();
    }

    private static string Conditions(AccessScope scope, CustomerQuery query, List<(string Name, object? Value)> parameters)
    {
        var conditions = new List<string> { ScopeSql.Condition(ScopeSql.Narrow(scope, query.BranchId), "c", parameters) };
        if (query.Search is { } search)
        {
            parameters.Add(("@search", Contains(search)));
            conditions.Add("""
                (lower(c.customer_id) LIKE @search ESCAPE '\'
                 OR lower(c.first_name) LIKE @search ESCAPE '\'
                 OR lower(c.last_name) LIKE @search ESCAPE '\'
                 OR lower(COALESCE(c.first_name, '') || ' ' || COALESCE(c.last_name, '')) LIKE @search ESCAPE '\'
                 OR lower(c.company) LIKE @search ESCAPE '\'
                 OR lower(c.emails) LIKE @search ESCAPE '\')
                """);
        }

        if (query.Tag is { } tag)
        {
            // Tags are one ';'-separated list: a whole tag lies between two separators.
            parameters.Add(("@tag", "%;" + Escape(tag.ToLowerInvariant()) + ";%"));
            conditions.Add("(';' || lower(c.tags) || ';') LIKE @tag ESCAPE '\\'");
        }

        if (query.Tier is { } tier)
        {
            parameters.Add(("@tier", EnumText.ToText(tier)));
            conditions.Add("s.tier = @tier");
        }

        if (query.Stage is { } stage)
        {
            parameters.Add(("@stage", EnumText.ToText(stage)));
            conditions.Add("s.stage = @stage");
        }

        if (query.WarningsOnly)
        {
            conditions.Add("s.warning IS NOT NULL");
        }

        return string.Join("\n  AND ", conditions);
    }

    private static string Contains(string text) => "%" + Escape(text.Trim().ToLowerInvariant()) + "%";

    private static string Escape(string text) => text
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("%", "\\%", StringComparison.Ordinal)
        .Replace("_", "\\_", StringComparison.Ordinal);
}

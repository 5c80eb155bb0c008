using Microsoft.EntityFrameworkCore;
using Rapport.Core.Analytics;
using Rapport.Core.Common;
using Rapport.Storage.Database;
using Rapport.Storage.Import;

namespace Rapport.Storage.Analytics;

/// <summary>Stores each customer's scores (replacing the previous analysis as a whole) and reads them back.</summary>
public sealed class ScoreStore(RapportDatabase database)
{
    private static readonly TableSpec<CustomerScores> Spec = new()
    {
        Table = "customer_scores",
        Key = ["customer_id"],
        Columns =
        [
            new("customer_id", ColumnType.Text, s => s.CustomerId),
            new("as_of", ColumnType.Date, s => s.Summary.AsOf),
            new("recency_score", ColumnType.Integer, s => (int)s.Rfm.Recency),
            new("frequency_score", ColumnType.Integer, s => (int)s.Rfm.Frequency),
            new("monetary_score", ColumnType.Integer, s => (int)s.Rfm.Monetary),
            new("tier", ColumnType.Text, s => EnumText.ToText(s.Tier)),
            new("stage", ColumnType.Text, s => EnumText.ToText(s.Stage)),
            new("tenure_months", ColumnType.Integer, s => s.Summary.Tenure.TotalMonths),
            new("purchase_days", ColumnType.Integer, s => s.Summary.HasPurchased ? s.Summary.RepeatDays + 1 : 0),
            new("last_purchase", ColumnType.Date, s => s.Summary.LastPurchase),
            new("total_spend", ColumnType.Real, s => s.Summary.TotalSpend),
            new("trailing_year_spend", ColumnType.Real, s => s.Summary.TrailingYearSpend),
            new("usual_interval_days", ColumnType.Real, s => s.Summary.UsualIntervalDays),
            new("probability_alive", ColumnType.Real, s => s.ProbabilityAlive),
            new("expected_purchases_90d", ColumnType.Real, s => s.ExpectedPurchases90Days),
            new("expected_purchases_12m", ColumnType.Real, s => s.ExpectedPurchases12Months),
            new("expected_average_spend", ColumnType.Real, s => s.ExpectedAverageSpend),
            new("lifetime_value_12m", ColumnType.Real, s => s.LifetimeValue12Months),
            new("growth_potential", ColumnType.Real, s => s.GrowthPotential),
            new("warning", ColumnType.Text, s => s.Warning?.Reason),
        ],
    };

    /// <summary>Replaces the stored scores with these, in one transaction: readers see the old analysis or the new, never half of each.</summary>
    public async Task SaveAsync(IReadOnlyList<CustomerScores> scores, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scores);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var target = await BulkTarget.BeginAsync(connection, Spec, Spec.Columns, large: scores.Count >= 100_000, cancellationToken).ConfigureAwait(false);
        await using (var clear = connection.CreateCommand())
        {
            clear.Transaction = target.Transaction;
            clear.CommandText = $"DELETE FROM {Spec.Table}";
            await clear.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await target.StartAsync(cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < scores.Count; i++)
        {
            await target.AddAsync(scores[i], i + 1, cancellationToken).ConfigureAwait(false);
        }

        await target.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One customer's stored scores, or <see langword="null"/> when the customer has not been analysed.</summary>
    public async Task<CustomerScoreRow?> FindAsync(string customerId, CancellationToken cancellationToken)
    {
        await using var context = database.CreateContext();
        return await context.CustomerScores.AsNoTracking().FirstOrDefaultAsync(s => s.CustomerId == customerId, cancellationToken).ConfigureAwait(false);
    }
}

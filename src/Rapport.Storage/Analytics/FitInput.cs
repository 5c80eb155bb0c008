using System.Globalization;
using Rapport.Core.Analytics;
using Rapport.Core.Common;
using Rapport.Core.Purchases;
using Rapport.Storage.Csv;
using Rapport.Storage.Import;

namespace Rapport.Storage.Analytics;

/// <summary>What a model is fitted on: purchase histories and repeat spend, or why the file cannot be read.</summary>
/// <param name="Histories">The customers' (x, t_x, T).</param>
/// <param name="Spend">The repeat buyers' (x, z̄).</param>
/// <param name="Problem">Why the file cannot be used, naming file, line and column; null when it can.</param>
public sealed record FitInput(RepeatPurchaseData? Histories, RepeatSpendData? Spend, ImportProblem? Problem)
{
    /// <summary>
    /// Reads a summary file: one row per customer with <c>frequency</c> (or <c>x</c>),
    /// <c>recency</c> (or <c>t_x</c>) and <c>T</c>, and for the spend model <c>monetary_value</c>
    /// (or <c>zbar</c>), as in the CDNOW summaries of Fader, Hardie &amp; Lee.
    /// </summary>
    public static FitInput FromSummaryFile(string path, bool needSpend)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return Fail(new ImportProblem(path, 0, null, "no such file"));
        }

        var histories = new List<CustomerHistory>();
        var spend = new List<CustomerSpend>();
        try
        {
            using var csv = CsvFiles.Open(path);
            if (!csv.Read())
            {
                return Fail(new ImportProblem(path, 1, null, "the file is empty; expected a header row"));
            }

            var header = csv.Fields.Select(f => f.Trim()).ToArray();
            int Find(params string[] names) => Array.FindIndex(header, h => names.Any(n => string.Equals(h, n, StringComparison.OrdinalIgnoreCase)));
            var (x, tx, age, zbar) = (Find("frequency", "x"), Find("recency", "t_x"), Find("T"), Find("monetary_value", "zbar"));
            var missing = new[] { (x, "frequency"), (tx, "recency"), (age, "T") }.Concat(needSpend ? [(zbar, "monetary_value")] : [])
                .Where(c => c.Item1 < 0).Select(c => c.Item2).ToArray();
            if (missing.Length > 0)
            {
                return Fail(new ImportProblem(path, 1, null, $"required column '{missing[0]}' is missing (the header has: {string.Join(", ", header)})"));
            }

            while (csv.Read())
            {
                var fields = csv.Fields;
                if (fields.Count != header.Length)
                {
                    return Fail(new ImportProblem(path, csv.Line, null, $"has {fields.Count} fields but the header has {header.Length}"));
                }

                if (!TryInteger(fields[x], out var frequency))
                {
                    return Fail(new ImportProblem(path, csv.Line, header[x], $"'{fields[x]}' is not a whole number of repeat purchases"));
                }

                if (!TryNumber(fields[tx], out var recency))
                {
                    return Fail(new ImportProblem(path, csv.Line, header[tx], $"'{fields[tx]}' is not a number"));
                }

                if (!TryNumber(fields[age], out var ageValue))
                {
                    return Fail(new ImportProblem(path, csv.Line, header[age], $"'{fields[age]}' is not a number"));
                }

                if (CustomerHistory.Problem(frequency, recency, ageValue) is { } problem)
                {
                    return Fail(new ImportProblem(path, csv.Line, null, problem));
                }

                histories.Add(new CustomerHistory(frequency, recency, ageValue));
                if (needSpend && frequency > 0)
                {
                    if (!TryNumber(fields[zbar], out var mean) || CustomerSpend.Problem(frequency, mean) is not null)
                    {
                        return Fail(new ImportProblem(path, csv.Line, header[zbar], $"'{fields[zbar]}' is not a mean spend"));
                    }

                    spend.Add(new CustomerSpend(frequency, mean));
                }
            }
        }
        catch (CsvFormatException e)
        {
            return Fail(new ImportProblem(path, e.Line, null, e.Problem));
        }

        return new FitInput(RepeatPurchaseData.From(histories), RepeatSpendData.From(spend), null);
    }

    /// <summary>
    /// Reads transactions in the purchases.csv format (<c>customer_id</c>, <c>at</c>, <c>amount</c>
    /// are enough). Purchases after <paramref name="calibrationEnd"/> are left out; several on one
    /// UTC day count as one purchase day, their amounts added.
    /// </summary>
    public static FitInput FromTransactionsFile(string path, DateOnly calibrationEnd, HistoryTimeUnit unit)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return Fail(new ImportProblem(path, 0, null, "no such file"));
        }

        var purchases = new Dictionary<string, List<PurchasePoint>>(StringComparer.Ordinal);
        try
        {
            using var csv = CsvFiles.Open(path);
            if (!csv.Read())
            {
                return Fail(new ImportProblem(path, 1, null, "the file is empty; expected a header row"));
            }

            var header = csv.Fields.Select(f => f.Trim()).ToArray();
            int Find(string name) => Array.FindIndex(header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
            var (customer, at, amount) = (Find("customer_id"), Find("at"), Find("amount"));
            var missing = new[] { (customer, "customer_id"), (at, "at"), (amount, "amount") }.Where(c => c.Item1 < 0).Select(c => c.Item2).ToArray();
            if (missing.Length > 0)
            {
                return Fail(new ImportProblem(path, 1, null, $"required column '{missing[0]}' is missing (the header has: {string.Join(", ", header)})"));
            }

            while (csv.Read())
            {
                var fields = csv.Fields;
                if (fields.Count != header.Length)
                {
                    return Fail(new ImportProblem(path, csv.Line, null, $"has {fields.Count} fields but the header has {header.Length}"));
                }

                var id = fields[customer].Trim();
                if (Identifiers.Problem(id) is { } idProblem)
                {
                    return Fail(new ImportProblem(path, csv.Line, "customer_id", $"'{id}' {idProblem}"));
                }

                var instant = IsoTime.ParseInstant(fields[at]);
                if (!instant.Success)
                {
                    return Fail(new ImportProblem(path, csv.Line, "at", instant.Error!));
                }

                var value = MoneyAmount.Parse(fields[amount]);
                if (!value.Success)
                {
                    return Fail(new ImportProblem(path, csv.Line, "amount", value.Error!));
                }

                if (!purchases.TryGetValue(id, out var list))
                {
                    purchases[id] = list = [];
                }

                list.Add(new PurchasePoint(DateOnly.FromDateTime(instant.Value.UtcDateTime), (double)value.Value));
            }
        }
        catch (CsvFormatException e)
        {
            return Fail(new ImportProblem(path, e.Line, null, e.Problem));
        }

        var summaries = purchases.Values
            .Select(p => CustomerSummary.From(p.ToArray(), calibrationEnd))
            .Where(s => s.HasPurchased)
            .ToArray();
        var histories = summaries.Select(s => CustomerBaseAnalysis.ToHistory(s, unit));
        var spend = summaries.Where(s => s.RepeatDays > 0 && s.AverageRepeatSpend > 0).Select(s => new CustomerSpend(s.RepeatDays, s.AverageRepeatSpend));
        return new FitInput(RepeatPurchaseData.From(histories), RepeatSpendData.From(spend), null);
    }

    private static FitInput Fail(ImportProblem problem) => new(null, null, problem);

    // Whole numbers, also when written "2.0" as some tools export them.
    private static bool TryInteger(string text, out int value)
    {
        value = 0;
        if (!TryNumber(text, out var real) || real < 0 || real > int.MaxValue || real != Math.Floor(real))
        {
            return false;
        }

        value = (int)real;
        return true;
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}

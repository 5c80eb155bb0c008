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
            if (ReadHeader(csv, path, [["frequency", "x"], ["recency", "t_x"], ["T"], needSpend ? ["monetary_value", "zbar"] : []], out var header, out var columns) is { } headerProblem)
            {
                return Fail(headerProblem);
            }

            var (x, tx, age, zbar) = (columns[0], columns[1], columns[2], columns[3]);
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
            if (ReadHeader(csv, path, [["customer_id"], ["at"], ["amount"]], out var header, out var columns) is { } headerProblem)
            {
                return Fail(headerProblem);
            }

            var (customer, at, amount) = (columns[0], columns[1], columns[2]);
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

    /// <summary>Reads the header and finds each wanted column by any of its names; an empty list of names is a column not wanted (index -1).</summary>
    private static ImportProblem? ReadHeader(CsvReader csv, string path, string[][] wanted, out string[] header, out int[] columns)
    {
        header = [];
        columns = [];
        if (!csv.Read())
        {
            return new ImportProblem(path, 1, null, "the file is empty; expected a header row");
        }

        var names = csv.Fields.Select(f => f.Trim()).ToArray();
        header = names;
        var found = wanted.Select(aliases => Array.FindIndex(names, h => aliases.Any(a => string.Equals(h, a, StringComparison.OrdinalIgnoreCase)))).ToArray();
        columns = found;
        var missing = wanted.Where((aliases, i) => aliases.Length > 0 && found[i] < 0).Select(aliases => aliases[0]).FirstOrDefault();
        return missing is null ? null : new ImportProblem(path, 1, null, $"required column '{missing}' is missing (the header has: {string.Join(", ", names)})");
    }

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

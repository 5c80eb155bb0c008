using System.Globalization;
using Rapport.Core.Analytics;

namespace Rapport.Core.Tests.Analytics;

/// <summary>
/// The published CDNOW data sets, read from the shared data folder next to the repository
/// (never copied into it): walks up from the test assembly until a folder holds <c>shared/data</c>.
/// </summary>
internal static class SharedData
{
    private static readonly Lazy<string> Folder = new(Locate);

    /// <summary>The full path of a file under <c>shared/data</c>.</summary>
    public static string PathOf(string relative) => Path.Combine(Folder.Value, relative);

    /// <summary><c>cdnow/cdnow_customers_summary.csv</c>: ID,frequency,recency,T in weeks.</summary>
    public static IReadOnlyList<CustomerHistory> CdnowSummary() =>
        ReadCsv("cdnow/cdnow_customers_summary.csv")
            .Select(f => new CustomerHistory(int.Parse(f[1], CultureInfo.InvariantCulture), Number(f[2]), Number(f[3])))
            .ToList();

    /// <summary><c>lifetimes-datasets/cdnow_customers_summary_with_transactions.csv</c>: ID,x,t_x,T,zbar.</summary>
    public static IReadOnlyList<(CustomerHistory History, CustomerSpend Spend)> CdnowSummaryWithSpend() =>
        ReadCsv("lifetimes-datasets/cdnow_customers_summary_with_transactions.csv")
            .Select(f =>
            {
                var x = int.Parse(f[1], CultureInfo.InvariantCulture);
                return (new CustomerHistory(x, Number(f[2]), Number(f[3])), new CustomerSpend(x, Number(f[4])));
            })
            .ToList();

    /// <summary>
    /// <c>cdnow/CDNOW_sample.txt</c>: whitespace-separated, no header, columns
    /// master_id sample_id yyyymmdd cds dollars; one row per purchase.
    /// </summary>
    public static IReadOnlyList<(int Customer, DateOnly Day, decimal Dollars)> CdnowSamplePurchases() =>
        File.ReadLines(PathOf("cdnow/CDNOW_sample.txt"))
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Select(line =>
            {
                var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                return (
                    int.Parse(fields[1], CultureInfo.InvariantCulture),
                    DateOnly.ParseExact(fields[2], "yyyyMMdd", CultureInfo.InvariantCulture),
                    decimal.Parse(fields[4], CultureInfo.InvariantCulture));
            })
            .ToList();

    private static IEnumerable<string[]> ReadCsv(string relative) =>
        File.ReadLines(PathOf(relative))
            .Skip(1)
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Select(line => line.TrimEnd('\r').Split(','));

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("RAPPORT_SHARED_DATA") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "shared", "data");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} contains shared/data (the CDNOW data sets, see /work/shared/data/README.md).");
    }
}

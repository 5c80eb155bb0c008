using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Rapport.Storage.Database;

namespace Rapport.Bench;

/// <summary>
/// Posts purchases to a running <c>rapport serve</c> through the HTTP API, several at a time, and
/// prints the rate and the latencies (bench/api-benchmark.sh runs it). Each purchase goes to a
/// customer drawn at random (fixed seed) from the database, and runs that customer's moments.
/// </summary>
internal static class ApiBench
{
    public static async Task<int> RunAsync(string databasePath, string baseUrl, string key, int count, int concurrency, string runId)
    {
        var database = await RapportDatabase.OpenAsync(DatabaseLocation.Resolve(databasePath, null, Directory.GetCurrentDirectory()), CancellationToken.None);
        string[] customers;
        await using (var context = database.CreateContext())
        {
            customers = await context.Customers.AsNoTracking().Select(c => c.Id).ToArrayAsync();
        }

        var random = new Random(1);
        var bodies = Enumerable.Range(0, count).Select(i => string.Create(
            CultureInfo.InvariantCulture,
            $$"""{"purchase_id":"{{runId}}-{{i}}","customer_id":"{{customers[random.Next(customers.Length)]}}","amount":{{random.Next(5, 500)}}.{{random.Next(0, 100):00}},"currency":"EUR","product":"Bench item","category":"bench"}""")).ToArray();

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = TimeSpan.FromMinutes(2),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        var latencies = new double[count];
        var statuses = new int[count];
        var next = -1;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                using var content = new StringContent(bodies[i], Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(new Uri("/api/purchases", UriKind.Relative), content).ConfigureAwait(false);
                await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                statuses[i] = (int)response.StatusCode;
            }
        }).ToArray();
        await Task.WhenAll(workers);
        var seconds = clock.Elapsed.TotalSeconds;

        Array.Sort(latencies);
        double Percentile(double p) => latencies[Math.Min(count - 1, (int)Math.Ceiling(p * count) - 1)];
        var created = statuses.Count(s => s == (int)HttpStatusCode.Created);
        var others = string.Join(" ", statuses.Where(s => s != (int)HttpStatusCode.Created).GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key}:{g.Count()}"));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"purchases\t{count}\tcreated\t{created}\tseconds\t{seconds:0.00}\trate\t{count / seconds:0}\tp50\t{Percentile(0.50):0.0}\tp95\t{Percentile(0.95):0.0}\tp99\t{Percentile(0.99):0.0}\tother\t{(others.Length == 0 ? "-" : others)}"));
        return created == count ? 0 : 1;
    }
}

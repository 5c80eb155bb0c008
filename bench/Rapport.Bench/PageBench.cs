using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Rapport.Bench;

/// <summary>
/// Times the staff pages of a running <c>rapport serve</c> as one member of staff uses them: signs
/// in, then asks for Today and for customer pages (ids from a file, one per line) in turn, and
/// prints the latency percentiles per page (bench/web-benchmark.sh).
/// </summary>
internal static partial class PageBench
{
    public static async Task<int> RunAsync(string baseUrl, string login, string password, string idsFile, int requests)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
        var signIn = await http.GetStringAsync(new Uri("/sign-in", UriKind.Relative));
        var token = TokenPattern().Match(signIn).Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["login"] = login, ["password"] = password, ["__RequestVerificationToken"] = token });
        using (var response = await http.PostAsync(new Uri("/sign-in", UriKind.Relative), form))
        {
            if (response.StatusCode != HttpStatusCode.Redirect)
            {
                await Console.Error.WriteLineAsync($"sign-in as {login} failed: {(int)response.StatusCode}");
                return 1;
            }
        }

        var ids = (await File.ReadAllLinesAsync(idsFile)).Where(l => l.Length > 0).ToArray();
        var pages = new (string Name, Func<int, string> Path)[]
        {
            ("today", _ => "/today"),
            ("customer", i => "/customers/" + Uri.EscapeDataString(ids[i % ids.Length])),
        };

        // Warm up: JIT, connection, caches — as a member of staff's first minute would.
        foreach (var (_, path) in pages)
        {
            for (var i = 0; i < 20; i++)
            {
                await TimeAsync(http, path(i));
            }
        }

        foreach (var (name, path) in pages)
        {
            var times = new double[requests];
            for (var i = 0; i < requests; i++)
            {
                times[i] = await TimeAsync(http, path(i + 20));
            }

            Array.Sort(times);
            double Percentile(double p) => times[Math.Min(times.Length - 1, (int)Math.Ceiling(p * times.Length) - 1)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}\t{requests}\t{Percentile(0.5):0.0}\t{Percentile(0.95):0.0}\t{Percentile(0.99):0.0}\t{times[^1]:0.0}"));
        }

        return 0;
    }

    private static async Task<double> TimeAsync(HttpClient http, string path)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        await response.Content.ReadAsByteArrayAsync();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode}");
        }

        return elapsed;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using Rapport.TestSupport;

namespace Rapport.Browser.Tests;

/// <summary>
/// A business nobody here has seen (the demo generator with a seed no other test uses), planned for
/// today, served by the real <c>rapport serve</c> process on 127.0.0.1, and Debian's Chromium driven
/// by Playwright (never a downloaded browser).
/// </summary>
public sealed class ServedBusiness : IAsyncLifetime
{
    public const string Password = "a new member of staff";
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly StringBuilder _serverOutput = new();
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);
    private Process? _server;
    private IPlaywright? _playwright;

    public TempFolder Folder { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Playwright itself, for HTTP requests made without a browser page (no cookies).</summary>
    public IPlaywright Playwright => _playwright ?? throw new InvalidOperationException("The fixture has not started.");

    public string DatabasePath => Folder.File("rapport.db");

    /// <summary>Where screenshots of the main pages go: docs/screenshots, shown in the README.</summary>
    /// <remarks>
    /// Only with <c>RAPPORT_SCREENSHOTS=1</c> (<c>RAPPORT_SCREENSHOTS=1 ./test.sh --filter Browser</c>);
    /// otherwise they go to a folder of the run's own, so that a test run leaves the clone as it was.
    /// </remarks>
    public static string ScreenshotFolder => Directory.CreateDirectory(
        Environment.GetEnvironmentVariable("RAPPORT_SCREENSHOTS") == "1"
            ? Path.Combine(RepositoryRoot.Location, "docs", "screenshots")
            : Path.Combine(Path.GetTempPath(), "rapport-screenshots")).FullName;

    public async Task InitializeAsync()
    {
        await RunAsync("init");
        await RunAsync("demo", "--customers", "600", "--seed", "4242");
        await RunAsync("plan", "--horizon", "60");

        var port = FreePort();
        var start = Start("serve", "--urls", $"http://127.0.0.1:{port}");
        _server = Process.Start(start)!;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.OutputDataReceived += (_, e) =>
        {
            lock (_serverOutput)
            {
                _serverOutput.AppendLine(e.Data);
            }

            if (e.Data?.Contains("Rapport is serving", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        _server.ErrorDataReceived += (_, e) =>
        {
            lock (_serverOutput)
            {
                _serverOutput.AppendLine(e.Data);
            }
        };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        var started = await Task.WhenAny(ready.Task, _server.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.True(started == ready.Task, "rapport serve did not start:\n" + ServerOutput);
        BaseAddress = new Uri($"http://127.0.0.1:{port}");

        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: test.sh installs Debian's chromium package");
        _playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,

            // Chromium's sandbox needs user namespaces, which containers (and root) often lack.
            Args = ["--no-sandbox"],
        });
    }

    public string ServerOutput
    {
        get
        {
            lock (_serverOutput)
            {
                return _serverOutput.ToString();
            }
        }
    }

    /// <summary>Runs the real <c>rapport</c> binary in the business's folder; it must succeed.</summary>
    public async Task<string> RunAsync(params string[] args) => await RunWithInputAsync(null, args);

    /// <summary>Runs <c>rapport</c> with text on standard input; it must succeed.</summary>
    public async Task<string> RunWithInputAsync(string? input, params string[] args)
    {
        var start = Start(args);
        start.RedirectStandardInput = input is not null;
        using var process = Process.Start(start)!;
        if (input is not null)
        {
            await process.StandardInput.WriteLineAsync(input);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"rapport {string.Join(' ', args)} exited {process.ExitCode}:\n{await error}\n{await output}");
        return await output;
    }

    /// <summary>A value from the business's database.</summary>
    public string Query(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
    }

    /// <summary>Every value of the first column of a query's rows, in order.</summary>
    public IReadOnlyList<string> QueryColumn(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
        }

        return values;
    }

    /// <summary>
    /// The first id the query lists that no other test has taken: tests that change data each get
    /// their own customer or member of staff, so they do not depend on each other or on their order.
    /// </summary>
    public string Take(string sql)
    {
        var ids = QueryColumn(sql);
        lock (_taken)
        {
            foreach (var id in ids)
            {
                if (_taken.Add(id))
                {
                    return id;
                }
            }
        }

        Assert.Fail($"The demo business has no {(ids.Count == 0 ? string.Empty : "untaken ")}row for: {sql}");
        return string.Empty;
    }

    /// <summary>The first day of the stored plan (today, as <c>rapport plan</c> saw it), as SQL stores it: days since 1970-01-01.</summary>
    public string PlanDayNumber => Query("SELECT as_of FROM plan_runs ORDER BY id DESC LIMIT 1");

    /// <summary>The first day of the stored plan: today, as <c>rapport plan</c> saw it.</summary>
    public DateOnly PlanDay => DateOnly.ParseExact(Query("SELECT date(as_of * 86400, 'unixepoch') FROM plan_runs ORDER BY id DESC LIMIT 1"), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Sets a member of staff's password through the real binary and signs them in, in a new browser context.</summary>
    public async Task<IPage> SignInAsync(string staffId, bool phone = false)
    {
        await RunWithInputAsync(Password, "users", "set-password", staffId);
        var page = await NewPageAsync(phone);

        // As a person would: open the app, get sent to sign in, and land on the first page, Today.
        await page.GotoAsync("/");
        await page.GetByLabel("Staff id or e-mail").FillAsync(staffId);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("header .who")).ToContainTextAsync(Query($"SELECT name FROM staff WHERE staff_id = '{staffId}'"));
        return page;
    }

    /// <summary>Saves a screenshot of the page into docs/screenshots (shown in the README).</summary>
    /// <param name="page">The page as it is now.</param>
    /// <param name="name">The file name, such as <c>today.png</c>.</param>
    /// <param name="height">How much of the page to take from the top, in CSS pixels: the viewport's height unless more helps (the whole page when it is shorter).</param>
    public static async Task ScreenshotAsync(IPage page, string name, int? height = null)
    {
        var options = new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name), Type = ScreenshotType.Png };
        if (height is { } tall)
        {
            var whole = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
            options.FullPage = true;
            options.Clip = new Clip { X = 0, Y = 0, Width = page.ViewportSize!.Width, Height = Math.Min(tall, whole) };
        }

        await page.ScreenshotAsync(options);
    }

    /// <summary>A new browser page (its own cookies), at a phone-friendly or desktop size.</summary>
    public async Task<IPage> NewPageAsync(bool phone = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
        });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
        }

        _server?.Dispose();
        SqliteConnection.ClearAllPools();
        Folder.Dispose();
    }

    private ProcessStartInfo Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Folder.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "rapport.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in new[] { "RAPPORT_DB", "RAPPORT_POLICY", "RAPPORT_TEMPLATES", "RAPPORT_SMTP", "RAPPORT_PUBLIC_URL" })
        {
            start.Environment.Remove(name);
        }

        return start;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

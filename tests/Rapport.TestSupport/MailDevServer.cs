using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rapport.TestSupport;

/// <summary>
/// A throwaway maildev (an SMTP server with an HTTP API to read what arrived), started from
/// <c>tools/node_modules</c> on free ports on 127.0.0.1, keeping mail in memory, killed on
/// dispose. Share one per test class (<c>IClassFixture&lt;MailDevServer&gt;</c>) and
/// <see cref="ClearAsync"/> where a test counts messages.
/// </summary>
/// <remarks>
/// maildev writes each message's source to <c>$TMPDIR/maildev</c> even with in-memory storage,
/// and clearing deletes every file there; each server gets a <c>TMPDIR</c> of its own so that
/// servers of parallel test classes (or other checkouts) never delete each other's mail.
/// </remarks>
public sealed class MailDevServer : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string _folder;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly List<string> _output = [];
    private Process? _process;
    private bool _disposed;

    public MailDevServer()
    {
        var maildev = Path.Combine(RepositoryRoot.Location, "tools", "node_modules", ".bin", "maildev");
        if (!File.Exists(maildev))
        {
            throw new InvalidOperationException(
                $"maildev is not installed ({maildev} is missing). Run ./test.sh, which installs it from npm into tools/ (or: npm ci --prefix tools).");
        }

        _folder = Path.Combine(Path.GetTempPath(), $"rapport-maildev-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
        try
        {
            // A free port can be taken by someone else between finding it and maildev binding it
            // (other tests open listeners in parallel): then maildev exits, and we try new ports.
            for (var attempt = 1; ; attempt++)
            {
                (SmtpPort, WebPort) = FreePorts();
                if (TryStart(maildev) || attempt == 5)
                {
                    break;
                }
            }

            if (_process is null || _process.HasExited)
            {
                throw new InvalidOperationException($"maildev did not start on 127.0.0.1 in 5 attempts:\n{Output()}");
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int SmtpPort { get; private set; }

    public int WebPort { get; private set; }

    /// <summary>Where to deliver: <c>smtp://127.0.0.1:PORT</c> (maildev offers no STARTTLS).</summary>
    public string SmtpUri => $"smtp://127.0.0.1:{Text(SmtpPort)}";

    /// <summary>Every message received since the last <see cref="ClearAsync"/>, in order of arrival.</summary>
    public async Task<IReadOnlyList<ReceivedEmail>> MessagesAsync()
    {
        var messages = await _http.GetFromJsonAsync<List<ReceivedEmail>>(Api("email"), Json).ConfigureAwait(false);
        return messages ?? [];
    }

    /// <summary>The raw message as received (RFC 5322 text): every header, including the ones the JSON leaves out.</summary>
    public async Task<string> SourceAsync(ReceivedEmail email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return await _http.GetStringAsync(Api($"email/{Uri.EscapeDataString(email.Id)}/source")).ConfigureAwait(false);
    }

    /// <summary>Deletes every message.</summary>
    public async Task ClearAsync()
    {
        using var response = await _http.DeleteAsync(Api("email/all")).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Stop();
        _http.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }

    private Uri Api(string path) => new($"http://127.0.0.1:{Text(WebPort)}/api/{path}");

    /// <summary>Starts maildev on the chosen ports; false when it exits first (a port was taken).</summary>
    private bool TryStart(string maildev)
    {
        Stop();
        lock (_output)
        {
            _output.Clear();
        }

        var start = new ProcessStartInfo(maildev)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _folder,
        };
        foreach (var argument in (string[])["--ip", "127.0.0.1", "--web-ip", "127.0.0.1", "--smtp", Text(SmtpPort), "--web", Text(WebPort)])
        {
            start.ArgumentList.Add(argument);
        }

        // maildev keeps each message's source under $TMPDIR/maildev even when storing in memory.
        start.Environment["TMPDIR"] = _folder;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {maildev}.");
        _process = process;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // Its own announcement, not just an answer on the port: another server may hold the port.
        var ready = $"MailDev API running at http://127.0.0.1:{Text(WebPort)}";
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                return false;
            }

            if (Output().Contains(ready, StringComparison.Ordinal) && Healthy() && SmtpAnswers())
            {
                return true;
            }

            Thread.Sleep(100);
        }

        throw new InvalidOperationException($"maildev did not answer on port {WebPort} within 60 s:\n{Output()}");
    }

    private bool Healthy()
    {
        try
        {
            using var response = _http.GetAsync(Api("healthz")).GetAwaiter().GetResult();
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private void Stop()
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended on its own.
        }

        _process.Dispose();
        _process = null;
    }

    private bool SmtpAnswers()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, SmtpPort);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Count < 200)
            {
                _output.Add(line);
            }
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return string.Join('\n', _output);
        }
    }

    private static string Text(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Two different free ports (both held open while they are found, so they differ).</summary>
    private static (int Smtp, int Web) FreePorts()
    {
        var smtp = new TcpListener(IPAddress.Loopback, 0);
        var web = new TcpListener(IPAddress.Loopback, 0);
        try
        {
            smtp.Start();
            web.Start();
            return (((IPEndPoint)smtp.LocalEndpoint).Port, ((IPEndPoint)web.LocalEndpoint).Port);
        }
        finally
        {
            smtp.Stop();
            web.Stop();
        }
    }
}

/// <summary>A message as maildev's <c>GET /api/email</c> describes it.</summary>
/// <remarks>
/// <see cref="Headers"/> holds only the headers maildev keeps as text (it parses From, To,
/// Content-Type, List-Unsubscribe … into objects and drops them here); read
/// <see cref="MailDevServer.SourceAsync"/> for every header as sent.
/// </remarks>
public sealed record ReceivedEmail
{
    public required string Id { get; init; }

    public string Subject { get; init; } = string.Empty;

    public IReadOnlyList<ReceivedAddress> From { get; init; } = [];

    public IReadOnlyList<ReceivedAddress> To { get; init; } = [];

    /// <summary>Header names in lower case; a repeated header's values joined by a line break.</summary>
    [JsonConverter(typeof(TextHeadersConverter))]
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public string? Text { get; init; }

    public string? Html { get; init; }

    public ReceivedEnvelope? Envelope { get; init; }

    /// <summary>The Message-ID header, with its angle brackets.</summary>
    public string? MessageId => Headers.GetValueOrDefault("message-id");
}

public sealed record ReceivedAddress(string Address, string? Name);

public sealed record ReceivedEnvelope(ReceivedAddress From, IReadOnlyList<ReceivedAddress> To);

/// <summary>Reads maildev's header map, keeping text values (and lists of them) and skipping the rest.</summary>
internal sealed class TextHeadersConverter : JsonConverter<IReadOnlyDictionary<string, string>>
{
    public override IReadOnlyDictionary<string, string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return headers;
        }

        foreach (var property in document.RootElement.EnumerateObject())
        {
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.String)
            {
                headers[property.Name] = value.GetString()!;
            }
            else if (value.ValueKind == JsonValueKind.Array)
            {
                var texts = value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList();
                if (texts.Count > 0)
                {
                    headers[property.Name] = string.Join('\n', texts);
                }
            }
        }

        return headers;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, options);
}

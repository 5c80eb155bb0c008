using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Rapport.TestSupport;

/// <summary>What the scripted server does with a message to one recipient.</summary>
public enum SmtpScript
{
    /// <summary>250 to everything.</summary>
    Accept,

    /// <summary><c>550 5.1.1</c> to RCPT TO: the address does not exist.</summary>
    RejectRecipient,

    /// <summary><c>450 4.2.1</c> to RCPT TO: the mailbox is busy, try later.</summary>
    DeferRecipient,

    /// <summary>Accepts the recipient, then hangs up on the DATA command without a reply: nothing was sent.</summary>
    DropOnDataCommand,

    /// <summary>Reads the whole message, then hangs up before the final reply: the message may or may not have been taken.</summary>
    DropAfterData,

    /// <summary><c>554 5.7.1</c> after the message data: refused as content.</summary>
    RejectAfterData,

    /// <summary><c>451 4.3.0</c> after the message data: a local problem, try later.</summary>
    DeferAfterData,

    /// <summary>Reads the whole message, then never answers (until the client gives up and hangs up).</summary>
    SilentAfterData,
}

/// <summary>
/// A tiny SMTP server on 127.0.0.1 whose answers a test chooses per recipient, to reach the
/// error paths a real server rarely takes: refusals, deferrals and connections that drop.
/// </summary>
public sealed class ScriptedSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, SmtpScript> _scripts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<ScriptedMessage> _received = new();
    private readonly ConcurrentBag<Task> _sessions = [];
    private readonly Task _accepting;
    private int _connections;
    private int _logins;

    public ScriptedSmtpServer()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public string SmtpUri => string.Create(CultureInfo.InvariantCulture, $"smtp://127.0.0.1:{Port}");

    /// <summary>When true, the server hangs up right after each message it accepts, as a server closing an idle connection would.</summary>
    public bool HangUpAfterEachMessage { get; set; }

    /// <summary>When set, the server offers AUTH PLAIN and takes mail only after this login.</summary>
    public (string User, string Password)? Login { get; set; }

    /// <summary>How many sessions logged in successfully.</summary>
    public int Logins => Volatile.Read(ref _logins);

    /// <summary>How many connections were opened so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Every message whose data was read in full, whatever the server answered then.</summary>
    public IReadOnlyList<ScriptedMessage> Received => [.. _received];

    /// <summary>Sets what happens to messages for an address; others are accepted.</summary>
    public void Script(string recipient, SmtpScript script) => _scripts[recipient] = script;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try
        {
            await _accepting.ConfigureAwait(false);
            await Task.WhenAll(_sessions).ConfigureAwait(false);
        }
        catch (Exception error) when (error is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _sessions.Add(Task.Run(() => ServeAsync(client)));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await new Session(this, client.GetStream()).RunAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception error) when (error is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away, or the server is stopping.
            }
        }
    }

    private SmtpScript ScriptFor(IEnumerable<string> recipients) =>
        recipients.Select(r => _scripts.GetValueOrDefault(r, SmtpScript.Accept)).FirstOrDefault(s => s != SmtpScript.Accept);

    private sealed class Session(ScriptedSmtpServer server, NetworkStream stream)
    {
        private readonly StreamReader _reader = new(stream, Encoding.UTF8);
        private readonly List<string> _recipients = [];
        private string? _from;
        private bool _loggedIn;

        public async Task RunAsync(CancellationToken stop)
        {
            await ReplyAsync("220 scripted ESMTP ready", stop);
            while (await _reader.ReadLineAsync(stop) is { } line)
            {
                var verb = (line.Length >= 4 ? line[..4] : line).ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await ReplyAsync(
                            server.Login is null
                                ? "250-scripted\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 ENHANCEDSTATUSCODES"
                                : "250-scripted\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-AUTH PLAIN\r\n250 ENHANCEDSTATUSCODES",
                            stop);
                        break;
                    case "AUTH":
                        await AuthenticateAsync(line, stop);
                        break;
                    case "HELO":
                    case "NOOP":
                        await ReplyAsync("250 2.0.0 OK", stop);
                        break;
                    case "RSET":
                        _from = null;
                        _recipients.Clear();
                        await ReplyAsync("250 2.0.0 OK", stop);
                        break;
                    case "QUIT":
                        await ReplyAsync("221 2.0.0 Bye", stop);
                        return;
                    case "MAIL" when server.Login is not null && !_loggedIn:
                        await ReplyAsync("530 5.7.0 authentication required", stop);
                        break;
                    case "MAIL":
                        _from = Address(line);
                        _recipients.Clear();
                        await ReplyAsync("250 2.1.0 OK", stop);
                        break;
                    case "RCPT":
                        var recipient = Address(line);
                        switch (server._scripts.GetValueOrDefault(recipient, SmtpScript.Accept))
                        {
                            case SmtpScript.RejectRecipient:
                                await ReplyAsync($"550 5.1.1 <{recipient}>: no such user", stop);
                                break;
                            case SmtpScript.DeferRecipient:
                                await ReplyAsync($"450 4.2.1 <{recipient}>: mailbox busy, try again later", stop);
                                break;
                            default:
                                _recipients.Add(recipient);
                                await ReplyAsync("250 2.1.5 OK", stop);
                                break;
                        }

                        break;
                    case "DATA":
                        if (!await DataAsync(stop))
                        {
                            return;
                        }

                        break;
                    default:
                        await ReplyAsync("502 5.5.2 command not implemented", stop);
                        break;
                }
            }
        }

        /// <summary>Handles DATA; false when the script hangs up.</summary>
        private async Task<bool> DataAsync(CancellationToken stop)
        {
            if (_from is null || _recipients.Count == 0)
            {
                await ReplyAsync("554 5.5.1 no valid recipients", stop);
                return true;
            }

            var script = server.ScriptFor(_recipients);
            if (script == SmtpScript.DropOnDataCommand)
            {
                return false;
            }

            await ReplyAsync("354 end data with <CR><LF>.<CR><LF>", stop);
            var data = new StringBuilder();
            while (await _reader.ReadLineAsync(stop) is { } line)
            {
                if (line == ".")
                {
                    server._received.Enqueue(new ScriptedMessage(_from, [.. _recipients], data.ToString(), script));
                    _from = null;
                    _recipients.Clear();
                    switch (script)
                    {
                        case SmtpScript.DropAfterData:
                            return false;
                        case SmtpScript.RejectAfterData:
                            await ReplyAsync("554 5.7.1 message refused as spam", stop);
                            return true;
                        case SmtpScript.DeferAfterData:
                            await ReplyAsync("451 4.3.0 local problem, try again later", stop);
                            return true;
                        case SmtpScript.SilentAfterData:
                            // Wait for the client to give up; whatever it sends is not answered.
                            while (await _reader.ReadLineAsync(stop) is not null)
                            {
                            }

                            return false;
                        default:
                            await ReplyAsync("250 2.0.0 queued as scripted", stop);
                            return !server.HangUpAfterEachMessage;
                    }
                }

                data.Append(line.StartsWith('.') ? line[1..] : line).Append("\r\n");
            }

            return false;
        }

        private async Task AuthenticateAsync(string line, CancellationToken stop)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (server.Login is not { } login || parts.Length < 2 || !parts[1].Equals("PLAIN", StringComparison.OrdinalIgnoreCase))
            {
                await ReplyAsync("504 5.5.4 mechanism not supported", stop);
                return;
            }

            var response = parts.Length > 2 ? parts[2] : null;
            if (response is null)
            {
                await ReplyAsync("334 ", stop);
                response = await _reader.ReadLineAsync(stop) ?? string.Empty;
            }

            string[] fields;
            try
            {
                fields = Encoding.UTF8.GetString(Convert.FromBase64String(response)).Split('\0');
            }
            catch (FormatException)
            {
                await ReplyAsync("501 5.5.2 cannot decode the response", stop);
                return;
            }

            if (fields.Length == 3 && fields[1] == login.User && fields[2] == login.Password)
            {
                _loggedIn = true;
                Interlocked.Increment(ref server._logins);
                await ReplyAsync("235 2.7.0 authentication successful", stop);
            }
            else
            {
                await ReplyAsync("535 5.7.8 authentication credentials invalid", stop);
            }
        }

        private async Task ReplyAsync(string reply, CancellationToken stop)
        {
            var bytes = Encoding.ASCII.GetBytes(reply + "\r\n");
            await stream.WriteAsync(bytes, stop);
            await stream.FlushAsync(stop);
        }

        private static string Address(string line)
        {
            var open = line.IndexOf('<', StringComparison.Ordinal);
            var close = line.IndexOf('>', open + 1);
            return open >= 0 && close > open ? line[(open + 1)..close] : string.Empty;
        }
    }
}

/// <summary>A message the scripted server read in full.</summary>
/// <param name="From">The envelope sender.</param>
/// <param name="Recipients">The envelope recipients it accepted.</param>
/// <param name="Data">The message as sent (dot-unstuffed, CRLF line ends).</param>
/// <param name="Script">What the server did with it.</param>
public sealed record ScriptedMessage(string From, IReadOnlyList<string> Recipients, string Data, SmtpScript Script);

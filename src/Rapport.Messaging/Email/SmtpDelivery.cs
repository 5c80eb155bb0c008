using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Rapport.Messaging.Email;

/// <summary>
/// Delivers e-mail to one SMTP server over a pool of parallel connections, and says what became
/// of each message as a <see cref="DeliveryResult"/>.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="SendAsync"/> may be called from many tasks at once: each call waits for a free
/// connection. Connections are opened on first use and opened again when they drop. A
/// connection that was idle in the pool may have been closed by the server; when a send on it
/// fails before any message data went out, the message is tried once more on a fresh
/// connection, which is safe because the server cannot have it.
/// </para>
/// <para>
/// How MailKit's outcomes map to results (the line between <see cref="DeliveryResult.Deferred"/>
/// and <see cref="DeliveryResult.Uncertain"/> is whether message data had started to go out,
/// which the transfer-progress callback tells: MailKit reports progress only while writing the
/// data, after the server's 354 to DATA, or right after a BDAT command, which has no
/// intermediate reply):
/// </para>
/// <list type="table">
/// <listheader><term>MailKit</term><description>result</description></listheader>
/// <item><term>send returns</term><description>Accepted, with the server's reply.</description></item>
/// <item><term><see cref="SmtpCommandException"/>, 5xx, <see cref="SmtpErrorCode.RecipientNotAccepted"/></term>
/// <description>Rejected, about the recipient.</description></item>
/// <item><term><see cref="SmtpCommandException"/>, 5xx, any other error code (sender refused, message refused after the data, DATA refused)</term>
/// <description>Rejected; about the recipient only when the reply carries an enhanced status
/// 5.1.1, 5.1.2, 5.1.3, 5.1.6 or 5.1.10 (bad, unknown, moved or mail-less destination).</description></item>
/// <item><term><see cref="SmtpCommandException"/>, 4xx</term><description>Deferred: the server answered "not now"
/// and, after the final reply, a 4xx means it did not take the message either.</description></item>
/// <item><term>anything failing while connecting or logging in (<see cref="SocketException"/>, <see cref="IOException"/>,
/// <see cref="SslHandshakeException"/>, <see cref="AuthenticationException"/>, a refused greeting, a missing STARTTLS)</term>
/// <description>Deferred: nothing was handed over. A wrong password stays Deferred (the message is
/// not at fault); its text says what failed.</description></item>
/// <item><term><see cref="IOException"/>, <see cref="SocketException"/>, <see cref="SmtpProtocolException"/>
/// (the server hung up or answered nonsense), <see cref="ServiceNotConnectedException"/> or a timeout, before any data</term>
/// <description>Deferred (after the one retry described above).</description></item>
/// <item><term>the same, once data had started</term><description>Uncertain.</description></item>
/// <item><term>cancellation</term><description>Before any data: <see cref="OperationCanceledException"/>
/// is thrown, nothing was sent. Once data had started: Uncertain, because the server may already have the message.</description></item>
/// <item><term><see cref="NotSupportedException"/> from the send (an internationalised address the server cannot take)</term>
/// <description>Rejected with no code, about the recipient.</description></item>
/// </list>
/// <para>
/// After a command error MailKit resets the transaction (RSET) and keeps the connection; after
/// any other failure the connection is closed and replaced on next use.
/// </para>
/// </remarks>
public sealed partial class SmtpDelivery : IAsyncDisposable
{
    /// <summary>The default number of parallel connections.</summary>
    public const int DefaultConnections = 4;

    private readonly Channel<Connection> _free;
    private readonly Connection[] _all;
    private int _disposed;

    /// <param name="endpoint">The server.</param>
    /// <param name="connections">How many connections to use at most (1–64).</param>
    /// <param name="timeout">How long to wait for the server at each step; 2 minutes when null.</param>
    public SmtpDelivery(SmtpEndpoint endpoint, int connections = DefaultConnections, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentOutOfRangeException.ThrowIfLessThan(connections, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(connections, 64);
        Endpoint = endpoint;
        var wait = timeout ?? TimeSpan.FromMinutes(2);
        ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.FromSeconds(1), nameof(timeout));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(wait, TimeSpan.FromHours(1), nameof(timeout));
        var milliseconds = (int)wait.TotalMilliseconds;
        _all = Enumerable.Range(0, connections).Select(_ => new Connection(endpoint, milliseconds)).ToArray();
        _free = Channel.CreateBounded<Connection>(connections);
        foreach (var connection in _all)
        {
            _free.Writer.TryWrite(connection);
        }
    }

    public SmtpEndpoint Endpoint { get; }

    public int Connections => _all.Length;

    /// <summary>Hands a message to the server on the next free connection.</summary>
    /// <remarks>The envelope is taken from the message: sender from <c>From</c>, recipients from <c>To</c>, <c>Cc</c> and <c>Bcc</c>.</remarks>
    /// <exception cref="OperationCanceledException">Cancelled before any message data went out.</exception>
    /// <exception cref="ObjectDisposedException">The delivery has been disposed.</exception>
    public async Task<DeliveryResult> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var connection = await _free.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await connection.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _free.Writer.TryWrite(connection);
        }
    }

    /// <summary>Says goodbye (QUIT) on every open connection and closes it. Call when no send is running.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var connection in _all)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>What a 5xx reply says about the recipient: enhanced status codes of RFC 3463 that name the destination mailbox.</summary>
    internal static bool IsAboutRecipient(SmtpCommandException error) =>
        error.ErrorCode == SmtpErrorCode.RecipientNotAccepted
        || (EnhancedStatus().Match(error.Message) is { Success: true } match
            && match.Groups[1].Value == "5" && match.Groups[2].Value is "1" or "2" or "3" or "6" or "10");

    /// <summary>The result of an SMTP reply that refused something.</summary>
    internal static DeliveryResult FromReply(SmtpCommandException error)
    {
        var code = (int)error.StatusCode;
        var text = $"{code} {error.Message}";
        return code is >= 500 and < 600
            ? new DeliveryResult.Rejected(code, text, IsAboutRecipient(error))
            : new DeliveryResult.Deferred(code, text);
    }

    // Only the addressing class (x.1.y) matters here; group 1 is the class, group 2 the detail.
    [GeneratedRegex(@"(?<![\d.])([245])\.1\.(\d{1,3})(?![\d.])", RegexOptions.CultureInvariant)]
    private static partial Regex EnhancedStatus();

    /// <summary>One pooled connection; used by one send at a time.</summary>
    private sealed class Connection(SmtpEndpoint endpoint, int timeoutMilliseconds) : IAsyncDisposable
    {
        private SmtpClient? _client;

        public async Task<DeliveryResult> SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            var reused = _client is { IsConnected: true };
            if (!reused)
            {
                var failure = await ConnectAsync(cancellationToken).ConfigureAwait(false);
                if (failure is not null)
                {
                    return failure;
                }
            }

            var attempt = await SendOnceAsync(message, cancellationToken).ConfigureAwait(false);
            if (attempt.Retryable && reused)
            {
                // A pooled connection the server closed while it sat idle: nothing went out, so try a fresh one.
                var failure = await ConnectAsync(cancellationToken).ConfigureAwait(false);
                if (failure is not null)
                {
                    return failure;
                }

                attempt = await SendOnceAsync(message, cancellationToken).ConfigureAwait(false);
            }

            return attempt.Result;
        }

        public async ValueTask DisposeAsync()
        {
            if (_client is null)
            {
                return;
            }

            try
            {
                using var quitTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _client.DisconnectAsync(quit: true, quitTimeout.Token).ConfigureAwait(false);
            }
            catch (Exception error) when (error is IOException or SocketException or SmtpProtocolException or OperationCanceledException)
            {
                // The server is gone already; there is nothing left to close politely.
            }

            _client.Dispose();
            _client = null;
        }

        private async Task<DeliveryResult?> ConnectAsync(CancellationToken cancellationToken)
        {
            Drop();
            var client = new SmtpClient { Timeout = timeoutMilliseconds };
            Socket? socket = null;
            try
            {
                var options = endpoint.Security switch
                {
                    SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
                    SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                    SmtpSecurity.None => SecureSocketOptions.None,
                    _ => SecureSocketOptions.StartTlsWhenAvailable,
                };
                socket = await OpenSocketAsync(cancellationToken).ConfigureAwait(false);
                await client.ConnectAsync(socket, endpoint.Host, endpoint.Port, options, cancellationToken).ConfigureAwait(false);
                if (endpoint.Credentials is { } credentials)
                {
                    await client.AuthenticateAsync(credentials, cancellationToken).ConfigureAwait(false);
                }

                _client = client;
                client = null;
                socket = null;
                return null;
            }
            catch (SmtpCommandException error)
            {
                // A refused greeting, EHLO or login: the server answered, but took nothing.
                return new DeliveryResult.Deferred((int)error.StatusCode, $"could not open a session with {endpoint}: {(int)error.StatusCode} {error.Message}");
            }
            catch (Exception error) when (error is SocketException or IOException or SmtpProtocolException or SslHandshakeException
                or AuthenticationException or SaslException or NotSupportedException or TimeoutException)
            {
                return new DeliveryResult.Deferred(null, $"could not connect or log in to {endpoint}: {error.Message}");
            }
            finally
            {
                // Left set only when connecting failed (a cancellation included).
                client?.Dispose();
                socket?.Dispose();
            }
        }

        /// <summary>
        /// Opens the TCP connection with Nagle's algorithm off. With it on, the last small segment
        /// of each message (the end of the data and the terminating dot) waits for the server's
        /// delayed acknowledgement, some 40 ms: a ceiling of about 20 messages a second per connection.
        /// </summary>
        private async Task<Socket> OpenSocketAsync(CancellationToken cancellationToken)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(timeoutMilliseconds);
                await socket.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token).ConfigureAwait(false);
                return socket;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                socket.Dispose();
                throw new TimeoutException($"No connection to {endpoint} within {timeoutMilliseconds / 1000} s.");
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        private async Task<Attempt> SendOnceAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            var client = _client ?? throw new InvalidOperationException("Not connected.");
            var progress = new DataProgress();
            try
            {
                var response = await client.SendAsync(message, cancellationToken, progress).ConfigureAwait(false);
                return new Attempt(new DeliveryResult.Accepted(response), false);
            }
            catch (SmtpCommandException error)
            {
                // A reply: definite whatever the stage. MailKit has sent RSET after it; had RSET
                // failed, its IOException would have come instead (and been read as a broken
                // connection below, Uncertain if data had gone out: cautious, never wrong).
                return new Attempt(FromReply(error), false);
            }
            catch (OperationCanceledException) when (progress.Started)
            {
                Drop();
                return new Attempt(new DeliveryResult.Uncertain("cancelled while the message data was being sent; the server may have it"), false);
            }
            catch (OperationCanceledException)
            {
                Drop();
                throw;
            }
            catch (NotSupportedException error)
            {
                return new Attempt(new DeliveryResult.Rejected(null, error.Message, AboutRecipient: true), false);
            }
            catch (Exception error) when (error is IOException or SocketException or SmtpProtocolException
                or ServiceNotConnectedException or TimeoutException)
            {
                Drop();
                return progress.Started
                    ? new Attempt(new DeliveryResult.Uncertain($"the connection broke after the message data had started, before the server's reply: {error.Message}"), false)
                    : new Attempt(new DeliveryResult.Deferred(null, $"the connection broke before the message data: {error.Message}"), true);
            }
        }

        private void Drop()
        {
            // Closing without QUIT: after a failure the session is in an unknown state.
            _client?.Dispose();
            _client = null;
        }
    }

    private readonly record struct Attempt(DeliveryResult Result, bool Retryable);

    /// <summary>Notes whether any message data has been written (MailKit reports progress only then).</summary>
    private sealed class DataProgress : ITransferProgress
    {
        private int _started;

        public bool Started => Volatile.Read(ref _started) != 0;

        public void Report(long bytesTransferred, long totalSize) => Volatile.Write(ref _started, 1);

        public void Report(long bytesTransferred) => Volatile.Write(ref _started, 1);
    }
}

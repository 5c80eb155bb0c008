using MailKit.Net.Smtp;
using Rapport.Core.Contact;
using Rapport.Core.Touches;
using Rapport.Messaging.Email;
using Rapport.TestSupport;

namespace Rapport.Messaging.Tests.Email;

/// <summary>How <see cref="SmtpDelivery"/> reads a server's refusals and broken connections, against a scripted server.</summary>
public sealed class SmtpDeliveryTests
{
    private static readonly EmailParty Bounce = new("Bo Unce", EmailAddress.From("bounce@customer.example"));

    private static SmtpDelivery Delivery(string uri, int connections = 1) =>
        new(SmtpEndpoint.Parse(uri).Value, connections, TimeSpan.FromSeconds(10));

    private static MimeKit.MimeMessage Message(EmailParty? to = null) =>
        Mail.Composer().Compose(Mail.Rendered(TouchKind.Newsletter), Mail.Anna, to ?? Mail.Zoe);

    [Fact]
    public async Task Send_ServerAccepts_IsAccepted()
    {
        await using var server = new ScriptedSmtpServer();
        await using var delivery = Delivery(server.SmtpUri);

        var result = await delivery.SendAsync(Message(), CancellationToken.None);

        var accepted = Assert.IsType<DeliveryResult.Accepted>(result);
        Assert.Contains("queued as scripted", accepted.Response, StringComparison.Ordinal);
        Assert.Single(server.Received);
    }

    [Fact]
    public async Task Send_RecipientRefusedWith550_IsRejectedAboutTheRecipient()
    {
        await using var server = new ScriptedSmtpServer();
        server.Script(Bounce.Address.Value, SmtpScript.RejectRecipient);
        await using var delivery = Delivery(server.SmtpUri);

        var result = await delivery.SendAsync(Message(Bounce), CancellationToken.None);

        var rejected = Assert.IsType<DeliveryResult.Rejected>(result);
        Assert.Equal(550, rejected.Code);
        Assert.True(rejected.AboutRecipient);
        Assert.Contains("no such user", rejected.Text, StringComparison.Ordinal);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task Send_RecipientDeferredWith450_IsDeferred()
    {
        await using var server = new ScriptedSmtpServer();
        server.Script(Bounce.Address.Value, SmtpScript.DeferRecipient);
        await using var delivery = Delivery(server.SmtpUri);

        var result = await delivery.SendAsync(Message(Bounce), CancellationToken.None);

        var deferred = Assert.IsType<DeliveryResult.Deferred>(result);
        Assert.Equal(450, deferred.Code);
    }

    [Fact]
    public async Task Send_MessageRefusedAfterData_IsRejectedNotAboutTheRecipient()
    {
        await using var server = new ScriptedSmtpServer();
        server.Script(Bounce.Address.Value, SmtpScript.RejectAfterData);
        await using var delivery = Delivery(server.SmtpUri);

        var result = await delivery.SendAsync(Message(Bounce), CancellationToken.None);

        var rejected = Assert.IsType<DeliveryResult.Rejected>(result);
        Assert.Equal(554, rejected.Code);
        Assert.False(rejected.AboutRecipient);
    }

    [Fact]
    public async Task Send_451AfterData_IsDeferred()
    {
        await using var server = new ScriptedSmtpServer();
        server.Script(Bounce.Address.Value, SmtpScript.DeferAfterData);
        await using var delivery = Delivery(server.SmtpUri);

        var result = await delivery.SendAsync(Message(Bounce), CancellationToken.None);

        Assert.Equal(451, Assert.IsType<DeliveryResult.Deferred>(result).Code);
    }

    [Fact]
    public async Task Send_ConnectionDropsAfterTheData_IsUncertain()
    {
        await using var server = new ScriptedSmtpServer();
        server.Script(Bounce.Address.Value, SmtpScript.DropAfterData);
        await using var delivery = Delivery(server.SmtpUri);

        var result = await delivery.SendAsync(Message(Bounce), CancellationToken.None);

        Assert.IsType<DeliveryResult.Uncertain>(result);
        // The server did read the whole message: exactly why the caller must not resend silently.
        Assert.Single(server.Received);
    }

    [Fact]
    public async Task Send_ConnectionDropsOnTheDataCommand_IsDeferredBecauseNothingWentOut()
    {
        await using var server = new ScriptedSmtpServer();
        server.Script(Bounce.Address.Value, SmtpScript.DropOnDataCommand);
        await using var delivery = Delivery(server.SmtpUri);

        var result = await delivery.SendAsync(Message(Bounce), CancellationToken.None);

        Assert.Null(Assert.IsType<DeliveryResult.Deferred>(result).Code);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task Send_NoReplyAfterTheData_TimesOutAsUncertain()
    {
        await using var server = new ScriptedSmtpServer();
        server.Script(Bounce.Address.Value, SmtpScript.SilentAfterData);
        await using var delivery = new SmtpDelivery(SmtpEndpoint.Parse(server.SmtpUri).Value, 1, TimeSpan.FromSeconds(2));

        var result = await delivery.SendAsync(Message(Bounce), CancellationToken.None);

        Assert.IsType<DeliveryResult.Uncertain>(result);
        Assert.Single(server.Received);
    }

    [Fact]
    public async Task Send_CancelledWhileWaitingForTheReplyToTheData_IsUncertainNotAnException()
    {
        await using var server = new ScriptedSmtpServer();
        server.Script(Bounce.Address.Value, SmtpScript.SilentAfterData);
        await using var delivery = Delivery(server.SmtpUri);
        using var cancel = new CancellationTokenSource();

        var sending = delivery.SendAsync(Message(Bounce), cancel.Token);
        for (var waited = 0; server.Received.Count == 0 && waited < 200; waited++)
        {
            await Task.Delay(50, CancellationToken.None);
        }

        await cancel.CancelAsync();
        var result = await sending;

        Assert.Single(server.Received);
        Assert.IsType<DeliveryResult.Uncertain>(result);
    }

    [Fact]
    public async Task Send_LoginInTheUri_LogsInAndDelivers()
    {
        await using var server = new ScriptedSmtpServer { Login = ("rapport@shop.example", "p@ss:wörd") };
        await using var delivery = Delivery($"smtp://rapport%40shop.example:p%40ss%3Aw%C3%B6rd@127.0.0.1:{server.Port}");

        var result = await delivery.SendAsync(Message(), CancellationToken.None);

        Assert.IsType<DeliveryResult.Accepted>(result);
        Assert.Equal(1, server.Logins);
    }

    [Fact]
    public async Task Send_WrongLogin_IsDeferredAndSaysSo()
    {
        await using var server = new ScriptedSmtpServer { Login = ("rapport", "right") };
        await using var delivery = Delivery($"smtp://rapport:wrong@127.0.0.1:{server.Port}");

        var result = await delivery.SendAsync(Message(), CancellationToken.None);

        var deferred = Assert.IsType<DeliveryResult.Deferred>(result);
        Assert.Contains("could not", deferred.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", deferred.Text, StringComparison.Ordinal);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task Send_NoServerListening_IsDeferred()
    {
        int port;
        await using (var server = new ScriptedSmtpServer())
        {
            port = server.Port;
        }

        await using var delivery = Delivery($"smtp://127.0.0.1:{port}");

        var result = await delivery.SendAsync(Message(), CancellationToken.None);

        var deferred = Assert.IsType<DeliveryResult.Deferred>(result);
        Assert.Null(deferred.Code);
        Assert.Contains("could not connect", deferred.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_AfterARefusal_TheSameConnectionSendsTheNextMessage()
    {
        await using var server = new ScriptedSmtpServer();
        server.Script(Bounce.Address.Value, SmtpScript.RejectRecipient);
        await using var delivery = Delivery(server.SmtpUri);

        await delivery.SendAsync(Message(Bounce), CancellationToken.None);
        var result = await delivery.SendAsync(Message(), CancellationToken.None);

        Assert.IsType<DeliveryResult.Accepted>(result);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task Send_ServerHangsUpBetweenMessages_ReconnectsAndDeliversEachOnce()
    {
        await using var server = new ScriptedSmtpServer { HangUpAfterEachMessage = true };
        await using var delivery = Delivery(server.SmtpUri);

        var results = new List<DeliveryResult>();
        for (var i = 0; i < 3; i++)
        {
            results.Add(await delivery.SendAsync(Message(), CancellationToken.None));
        }

        Assert.All(results, r => Assert.IsType<DeliveryResult.Accepted>(r));
        Assert.Equal(3, server.Received.Count);
        Assert.Equal(3, server.Connections);
    }

    [Fact]
    public async Task Send_AfterAnUncertainDrop_TheNextMessageGoesOnANewConnection()
    {
        await using var server = new ScriptedSmtpServer();
        server.Script(Bounce.Address.Value, SmtpScript.DropAfterData);
        await using var delivery = Delivery(server.SmtpUri);

        Assert.IsType<DeliveryResult.Uncertain>(await delivery.SendAsync(Message(Bounce), CancellationToken.None));
        Assert.IsType<DeliveryResult.Accepted>(await delivery.SendAsync(Message(), CancellationToken.None));

        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task Send_ManyTasksAtOnce_UseNoMoreThanThePoolsConnections()
    {
        await using var server = new ScriptedSmtpServer();
        await using var delivery = Delivery(server.SmtpUri, connections: 3);

        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => Task.Run(() => delivery.SendAsync(Message(), CancellationToken.None))));

        Assert.All(results, r => Assert.IsType<DeliveryResult.Accepted>(r));
        Assert.Equal(30, server.Received.Count);
        Assert.InRange(server.Connections, 1, 3);
    }

    [Fact]
    public async Task Send_CancelledBeforehand_ThrowsAndSendsNothing()
    {
        await using var server = new ScriptedSmtpServer();
        await using var delivery = Delivery(server.SmtpUri);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delivery.SendAsync(Message(), cancelled.Token));

        Assert.Empty(server.Received);
    }

    [Theory]
    [InlineData(SmtpErrorCode.RecipientNotAccepted, "5.7.1 relaying denied", true)] // refused at RCPT TO: always about the address
    [InlineData(SmtpErrorCode.MessageNotAccepted, "5.1.1 <x@y.example>: user unknown", true)] // refused after DATA, but names a bad mailbox
    [InlineData(SmtpErrorCode.MessageNotAccepted, "5.1.10 recipient has a null MX", true)] // RFC 7505
    [InlineData(SmtpErrorCode.MessageNotAccepted, "5.7.1 message refused as spam", false)] // content, not address
    [InlineData(SmtpErrorCode.SenderNotAccepted, "5.1.8 bad sender's system address", false)] // about our sender
    [InlineData(SmtpErrorCode.MessageNotAccepted, "Requested action not taken: 5.1.12 whatever", false)] // not a destination status we know
    public void IsAboutRecipient_ReadsErrorCodeAndEnhancedStatus(SmtpErrorCode errorCode, string text, bool expected)
    {
        var error = new SmtpCommandException(errorCode, SmtpStatusCode.MailboxUnavailable, text);

        Assert.Equal(expected, SmtpDelivery.IsAboutRecipient(error));
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Rapport.Core.Contact;
using Rapport.Core.Touches;
using Rapport.Messaging.Email;
using Rapport.Messaging.Links;
using Rapport.Messaging.Templates;

namespace Rapport.Bench;

/// <summary>
/// Times e-mail delivery: composes messages of newsletter size (a 2 KB text part and its HTML,
/// UTF-8 names, one-click unsubscribe headers) and sends them to an SMTP server through
/// <see cref="SmtpDelivery"/> with a given number of connections (bench/smtp-benchmark.sh runs
/// it against maildev). Prints tab-separated lines: step, seconds, note.
/// </summary>
internal static class SmtpBench
{
    public static async Task<int> RunAsync(string uri, int count, int connections)
    {
        var endpoint = SmtpEndpoint.Parse(uri);
        if (!endpoint.Success)
        {
            Console.Error.WriteLine(endpoint.Error);
            return 2;
        }

        var time = TimeProvider.System;
        var composer = new EmailComposer(new PreferenceLinks(PreferenceLinks.NewKey(), new Uri("https://shop.example/rapport"), time), time);
        var sender = new EmailParty("Anna Müller", EmailAddress.From("anna@shop.example"));
        var warmUp = Math.Min(100, count);

        var clock = Stopwatch.StartNew();
        var messages = Enumerable.Range(0, warmUp + count).Select(i => composer.Compose(
            Rendered(i),
            sender,
            new EmailParty($"Zoë Müller {i}", EmailAddress.From($"customer{i}@customer.example")))).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"compose\t{clock.Elapsed.TotalSeconds:0.000}\t{messages.Count:N0} messages ({Size(messages[0]):N0} bytes each)"));

        await using var delivery = new SmtpDelivery(endpoint.Value, connections);
        var results = new DeliveryResult[messages.Count];
        async Task SendAsync(int from, int to)
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(from, to - from),
                new ParallelOptions { MaxDegreeOfParallelism = connections },
                async (i, cancel) => results[i] = await delivery.SendAsync(messages[i], cancel));
        }

        // Opens the connections and compiles the send path before the clock starts.
        await SendAsync(0, warmUp);
        clock.Restart();
        await SendAsync(warmUp, messages.Count);
        var seconds = clock.Elapsed.TotalSeconds;
        var accepted = results.Count(r => r is DeliveryResult.Accepted);
        var problems = results.Where(r => r is not DeliveryResult.Accepted).Take(3).Select(r => r?.ToString());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"send\t{seconds:0.000}\t{count:N0} messages over {connections} connections: {count / seconds:0} messages/s; {accepted:N0} of {messages.Count:N0} accepted (with {warmUp} to warm up) {string.Join("; ", problems)}"));
        return accepted == messages.Count ? 0 : 1;
    }

    private static RenderedMessage Rendered(int i)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Liebe Zoë Müller {i},\n\n");
        for (var line = 0; line < 25; line++)
        {
            text.Append("Im Herbst schneiden wir die Rosen zurück und pflanzen Tulpen für den Frühling; kommen Sie vorbei.\n");
        }

        text.Append("\nHerzliche Grüße\nAnna Müller, Zürich Altstadt\n");
        var html = "<p>" + text.ToString().Replace("\n\n", "</p><p>", StringComparison.Ordinal).Replace("\n", "<br>", StringComparison.Ordinal) + "</p>";
        return new RenderedMessage(
            $"bench-{i}", $"C{i}", TouchKind.Newsletter, Channel.Email, "newsletter.email.liquid",
            "Neuigkeiten aus dem Garten", text.ToString(), html);
    }

    private static long Size(MimeKit.MimeMessage message)
    {
        using var measure = new MimeKit.IO.MeasuringStream();
        message.WriteTo(measure);
        return measure.Length;
    }
}

using System.CommandLine;
using Rapport.Web;

namespace Rapport.Cli.Commands;

internal static class ServeCommand
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static Command Create(RapportCli cli)
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen; several separated by ';'. Plain HTTP is for 127.0.0.1: put a TLS proxy in front for anything else.", HelpName = "URLS", DefaultValueFactory = _ => DefaultUrls };
        var publicUrl = new Option<string?>("--public-url") { Description = $"Where customers reach the app (the base of signed links). Default: ${SendCommand.PublicUrlVariable}, else the first of --urls.", HelpName = "URL" };
        var trustProxy = new Option<string?>("--trust-proxy")
        {
            Description = "The reverse proxy in front (an address such as 10.0.0.5, or a network such as 10.0.0.0/24; several separated by ';'), " +
                "whose X-Forwarded-For and X-Forwarded-Proto are believed: consent evidence then records the customer's address. Default: none.",
            HelpName = "ADDRESSES",
        };
        var command = new Command("serve", "Starts the web app: staff pages, the customers' preference pages and the HTTP API, on the same database.") { urls, publicUrl, trustProxy };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var environment = cli.Environment;
            var listen = parsed.GetValue(urls)!;
            foreach (var url in listen.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                {
                    await environment.Error.WriteLineAsync($"rapport: --urls: '{url}' is not an http(s) URL such as {DefaultUrls}").ConfigureAwait(false);
                    return ExitCodes.BadUsage;
                }
            }

            Uri? linkBase = null;
            if ((parsed.GetValue(publicUrl) ?? environment.GetEnvironmentVariable(SendCommand.PublicUrlVariable)) is { Length: > 0 } text &&
                (!Uri.TryCreate(text, UriKind.Absolute, out linkBase) || linkBase.Scheme is not ("http" or "https") || linkBase.Query.Length > 0 || linkBase.Fragment.Length > 0))
            {
                await environment.Error.WriteLineAsync($"rapport: --public-url: '{text}' is not an absolute http(s) URL without query or fragment").ConfigureAwait(false);
                return ExitCodes.BadUsage;
            }

            var proxies = new List<System.Net.IPNetwork>();
            foreach (var proxy in (parsed.GetValue(trustProxy) ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (System.Net.IPNetwork.TryParse(proxy, out var network))
                {
                    proxies.Add(network);
                }
                else if (System.Net.IPAddress.TryParse(proxy, out var address))
                {
                    proxies.Add(new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
                }
                else
                {
                    await environment.Error.WriteLineAsync($"rapport: --trust-proxy: '{proxy}' is not an IP address (10.0.0.5) or network (10.0.0.0/24)").ConfigureAwait(false);
                    return ExitCodes.BadUsage;
                }
            }

            if (await cli.LoadPolicyAsync(parsed).ConfigureAwait(false) is not { } policy ||
                await TemplatesCommand.LoadAsync(cli, parsed).ConfigureAwait(false) is not { } templates)
            {
                return ExitCodes.BadInput;
            }

            var database = await cli.OpenDatabaseAsync(parsed, cancellationToken).ConfigureAwait(false);
            var app = RapportWebApp.Build(new WebOptions(database, policy, templates, listen, linkBase, environment.Time) { TrustedProxies = proxies });
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                // Kestrel's "address already in use" and the like.
                await environment.Error.WriteLineAsync($"rapport: --urls: cannot listen on {listen}: {e.Message}").ConfigureAwait(false);
                return ExitCodes.BadUsage;
            }

            foreach (var address in RapportWebApp.Addresses(app))
            {
                await environment.Out.WriteLineAsync($"Rapport is serving {database.Location.Display} at {address}").ConfigureAwait(false);
            }

            await environment.Out.WriteLineAsync("Press Ctrl+C to stop.").ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}

using Rapport.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Let the running step roll back its transaction and exit cleanly.
    e.Cancel = true;
    cancellation.Cancel();
};

return await new RapportCli(CliEnvironment.FromConsole()).RunAsync(args, cancellation.Token);

namespace Rapport.Cli;

/// <summary>What the command line reads from and writes to; replaced in tests.</summary>
internal sealed record CliEnvironment(
    TextWriter Out,
    TextWriter Error,
    TimeProvider Time,
    string WorkingDirectory,
    Func<string, string?> GetEnvironmentVariable,
    bool ErrorIsTerminal)
{
    /// <summary>Standard input (a password for <c>users set-password</c>).</summary>
    public TextReader In { get; init; } = TextReader.Null;

    public static CliEnvironment FromConsole() => new(
        Console.Out,
        Console.Error,
        TimeProvider.System,
        Directory.GetCurrentDirectory(),
        Environment.GetEnvironmentVariable,
        !Console.IsErrorRedirected)
    {
        In = Console.In,
    };
}

using Microsoft.Extensions.Time.Testing;
using Rapport.TestSupport;

namespace Rapport.Cli.Tests;

/// <summary>What one run of the command printed and returned.</summary>
internal sealed record CliOutcome(int ExitCode, string Out, string Error);

/// <summary>Runs the <c>rapport</c> command in-process, in a folder of its own, at a fixed time.</summary>
internal sealed class CliRun : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    public TempFolder Folder { get; } = new();

    public FakeTimeProvider Time { get; } = new(Now);

    public void SetEnvironment(string name, string value) => _environment[name] = value;

    public Task<CliOutcome> RunAsync(params string[] args) => RunWithInputAsync(string.Empty, args);

    /// <summary>Runs the command with this text on standard input.</summary>
    public async Task<CliOutcome> RunWithInputAsync(string input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var reader = new StringReader(input);
        var environment = new CliEnvironment(output, error, Time, Folder.Path, name => _environment.GetValueOrDefault(name), ErrorIsTerminal: false) { In = reader };
        var exit = await new RapportCli(environment).RunAsync(args, CancellationToken.None);
        return new CliOutcome(exit, output.ToString(), error.ToString());
    }

    /// <summary>Writes the sample business's files into the folder.</summary>
    public void WriteSampleFiles()
    {
        foreach (var (_, name, content) in SampleBusiness.Files)
        {
            SampleBusiness.WriteFile(Folder, name, content);
        }
    }

    public void Dispose() => Folder.Dispose();
}

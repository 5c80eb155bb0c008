using System.CommandLine;
using Rapport.Cli.Commands;
using Rapport.Storage.Database;
using Rapport.Storage.Policy;

namespace Rapport.Cli;

/// <summary>The <c>rapport</c> command: parses the command line and runs one command.</summary>
internal sealed class RapportCli
{
    private readonly CliEnvironment _environment;

    public RapportCli(CliEnvironment environment)
    {
        _environment = environment;
        DatabaseOption = new Option<string?>("--db")
        {
            Description = $"The database: a SQLite file path, or a PostgreSQL connection string (Host=…;Database=…). Default: ${DatabaseLocation.EnvironmentVariable}, else ./{DatabaseLocation.DefaultFileName}.",
            Recursive = true,
        };
        PolicyOption = new Option<string?>("--policy")
        {
            Description = $"The contact policy file. Default: ${PolicyStore.EnvironmentVariable}, else ./{PolicyStore.DefaultFileName} (written by 'rapport init').",
            Recursive = true,
        };
        TemplatesOption = new Option<string?>("--templates")
        {
            Description = "A folder of message templates that override the shipped ones file by file. Default: $RAPPORT_TEMPLATES, else ./templates when it exists.",
            Recursive = true,
            HelpName = "DIR",
        };
        Root = new RootCommand("Rapport keeps a business in touch with the customers it already has.");
        Root.Options.Add(DatabaseOption);
        Root.Options.Add(PolicyOption);
        Root.Options.Add(TemplatesOption);
        Root.Subcommands.Add(InitCommand.Create(this));
        Root.Subcommands.Add(ImportCommand.Create(this));
        Root.Subcommands.Add(DemoCommand.Create(this));
        Root.Subcommands.Add(CustomersCommand.Create(this));
        Root.Subcommands.Add(StatsCommand.Create(this));
        Root.Subcommands.Add(AnalyzeCommand.Create(this));
        Root.Subcommands.Add(FitCommand.Create(this));
        Root.Subcommands.Add(PolicyCommand.Create(this));
        Root.Subcommands.Add(PlanCommand.Create(this));
        Root.Subcommands.Add(TodayCommand.Create(this));
        Root.Subcommands.Add(SendCommand.Create(this));
        Root.Subcommands.Add(UnsubscribeCommand.Create(this));
        Root.Subcommands.Add(TemplatesCommand.Create(this));
        Root.Subcommands.Add(ServeCommand.Create(this));
        Root.Subcommands.Add(UsersCommand.Create(this));
        Root.Subcommands.Add(ApiKeysCommand.Create(this));
    }

    public CliEnvironment Environment => _environment;

    public Option<string?> DatabaseOption { get; }

    public Option<string?> PolicyOption { get; }

    public Option<string?> TemplatesOption { get; }

    private RootCommand Root { get; }

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var parsed = Root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors.DistinctBy(e => e.Message))
            {
                await _environment.Error.WriteLineAsync($"rapport: {error.Message}").ConfigureAwait(false);
            }

            var command = string.Join(' ', parsed.CommandResult.Command is RootCommand ? [] : CommandPath(parsed));
            await _environment.Error.WriteLineAsync($"Run 'rapport {(command.Length > 0 ? command + " " : string.Empty)}--help' for usage.").ConfigureAwait(false);
            return ExitCodes.BadUsage;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = _environment.Out, Error = _environment.Error, EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (DatabaseUnavailableException e)
        {
            await _environment.Error.WriteLineAsync($"rapport: {e.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        catch (InvalidDataException e)
        {
            // Stored data that cannot be read back, such as a plan's policy edited by hand.
            await _environment.Error.WriteLineAsync($"rapport: {e.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        catch (ArgumentException e) when (e.ParamName == "connectionString")
        {
            await _environment.Error.WriteLineAsync($"rapport: --db: {e.Message}").ConfigureAwait(false);
            return ExitCodes.BadUsage;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _environment.Error.WriteLineAsync("rapport: cancelled; nothing of the unfinished step was stored").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug, not bad input: say so, with everything a bug report needs.
            await _environment.Error.WriteLineAsync($"rapport: unexpected error — this is a bug in Rapport; please report it with the text below.\n{e}").ConfigureAwait(false);
            return ExitCodes.InternalError;
        }
    }

    /// <summary>Where the database is, from <c>--db</c>, else <c>RAPPORT_DB</c>, else <c>./rapport.db</c>.</summary>
    public DatabaseLocation ResolveDatabase(ParseResult parsed) => DatabaseLocation.Resolve(
        parsed.GetValue(DatabaseOption),
        _environment.GetEnvironmentVariable(DatabaseLocation.EnvironmentVariable),
        _environment.WorkingDirectory);

    public Task<RapportDatabase> OpenDatabaseAsync(ParseResult parsed, CancellationToken cancellationToken) =>
        RapportDatabase.OpenAsync(ResolveDatabase(parsed), cancellationToken);

    /// <summary>The policy file, from <c>--policy</c>, else <c>RAPPORT_POLICY</c>, else <c>./rapport.policy</c>.</summary>
    public string ResolvePolicy(ParseResult parsed) => PolicyStore.Resolve(
        parsed.GetValue(PolicyOption),
        _environment.GetEnvironmentVariable(PolicyStore.EnvironmentVariable),
        _environment.WorkingDirectory);

    /// <summary>The policy, or null after printing every problem with where it is.</summary>
    public async Task<LoadedPolicy?> LoadPolicyAsync(ParseResult parsed)
    {
        var policyPath = ResolvePolicy(parsed);
        var policy = PolicyStore.Load(policyPath, Path.GetFileName(policyPath));
        foreach (var problem in policy.Problems)
        {
            await _environment.Error.WriteLineAsync(problem).ConfigureAwait(false);
        }

        return policy.Loaded;
    }

    /// <summary>The user's templates folder, from <c>--templates</c>, else <c>RAPPORT_TEMPLATES</c>, else <c>./templates</c> when it exists; null: the shipped defaults only.</summary>
    public string? ResolveTemplates(ParseResult parsed)
    {
        if ((parsed.GetValue(TemplatesOption) ?? _environment.GetEnvironmentVariable("RAPPORT_TEMPLATES")) is { Length: > 0 } given)
        {
            return FullPath(given);
        }

        var local = FullPath("templates");
        return Directory.Exists(local) ? local : null;
    }

    /// <summary>A path the user typed, relative to the working folder.</summary>
    public string FullPath(string path) => Path.GetFullPath(Path.Combine(_environment.WorkingDirectory, path));

    private static IEnumerable<string> CommandPath(ParseResult parsed)
    {
        var names = new Stack<string>();
        for (var result = parsed.CommandResult; result is not null && result.Command is not RootCommand; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Push(result.Command.Name);
        }

        return names;
    }
}

namespace Rapport.Cli;

/// <summary>The command's exit codes (README, "Exit codes").</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The input was wrong: a bad file, an unknown customer, an unreachable database. The message is on stderr.</summary>
    public const int BadInput = 1;

    /// <summary>The command line itself was wrong: an unknown command or option, a missing argument.</summary>
    public const int BadUsage = 2;

    /// <summary>A bug in Rapport (EX_SOFTWARE).</summary>
    public const int InternalError = 70;

    /// <summary>Interrupted (Ctrl+C).</summary>
    public const int Cancelled = 130;
}

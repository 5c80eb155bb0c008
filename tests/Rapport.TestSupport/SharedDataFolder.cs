namespace Rapport.TestSupport;

/// <summary>
/// The public data sets of the workspace (<c>shared/data</c>, next to the repository), read in
/// place and never copied into the repository: found by walking up from the test assembly, or
/// named by <c>RAPPORT_SHARED_DATA</c>.
/// </summary>
public static class SharedDataFolder
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        if (Environment.GetEnvironmentVariable("RAPPORT_SHARED_DATA") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No shared/data folder above {AppContext.BaseDirectory}; the tests read the CDNOW data sets from it.");
    });

    /// <summary>The full path of a file under <c>shared/data</c>.</summary>
    public static string PathOf(string relative) => Path.Combine(Folder.Value, relative);
}

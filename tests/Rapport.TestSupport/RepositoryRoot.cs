namespace Rapport.TestSupport;

/// <summary>The folder that holds <c>Rapport.slnx</c>, found by walking up from the test assembly.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Found = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Rapport.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No folder holding Rapport.slnx above {AppContext.BaseDirectory}.");
    });

    public static string Location => Found.Value;
}

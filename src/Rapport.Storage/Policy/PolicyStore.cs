using Rapport.Core.Common;
using Rapport.Core.Planning;
using Rapport.Storage.Csv;
using Rapport.Storage.Import;

namespace Rapport.Storage.Policy;

/// <summary>A policy as read from disk, with the holidays its file names.</summary>
/// <param name="Policy">The policy.</param>
/// <param name="Holidays">The public holidays; none when the policy names no file.</param>
/// <param name="Path">The policy file; <see langword="null"/> when there is none and the defaults apply.</param>
public sealed record LoadedPolicy(ContactPolicy Policy, PublicHolidays Holidays, string? Path);

/// <summary>The outcome of loading a policy: the policy, or every problem with where it is.</summary>
/// <param name="Loaded">The policy; <see langword="null"/> when there are problems.</param>
/// <param name="Problems">What is wrong, as the command line prints it.</param>
public sealed record PolicyLoadResult(LoadedPolicy? Loaded, IReadOnlyList<string> Problems);

/// <summary>Finds, writes and reads the policy file (<c>rapport.policy</c>) and its holidays file.</summary>
public static class PolicyStore
{
    /// <summary>The file used when nothing else is said: <c>rapport.policy</c> in the working folder.</summary>
    public const string DefaultFileName = "rapport.policy";

    /// <summary>The environment variable that names the policy file when <c>--policy</c> is not given.</summary>
    public const string EnvironmentVariable = "RAPPORT_POLICY";

    /// <summary>The policy file: <c>--policy</c>, else <c>RAPPORT_POLICY</c>, else <c>rapport.policy</c> in the working folder.</summary>
    public static string Resolve(string? option, string? environment, string workingDirectory) =>
        Path.GetFullPath(Path.Combine(workingDirectory,
            !string.IsNullOrWhiteSpace(option) ? option
            : !string.IsNullOrWhiteSpace(environment) ? environment
            : DefaultFileName));

    /// <summary>Writes the default policy, commented, unless the file exists.</summary>
    /// <returns>Whether a file was written.</returns>
    public static bool WriteDefaultIfMissing(string path)
    {
        if (File.Exists(path))
        {
            return false;
        }

        File.WriteAllText(path, PolicyFile.DefaultText);
        return true;
    }

    /// <summary>Reads the policy file and its holidays; the defaults when the file does not exist.</summary>
    /// <param name="path">The policy file.</param>
    /// <param name="displayName">How to name the file in messages.</param>
    public static PolicyLoadResult Load(string path, string displayName)
    {
        if (!File.Exists(path))
        {
            return new PolicyLoadResult(new LoadedPolicy(ContactPolicy.Default, PublicHolidays.None, null), []);
        }

        var read = PolicyFile.Parse(File.ReadAllText(path), displayName);
        if (!read.Success)
        {
            return new PolicyLoadResult(null, read.Problems.Select(p => p.ToString()).ToArray());
        }

        var policy = read.Policy!;
        if (policy.HolidaysFile is not { } holidaysFile)
        {
            return new PolicyLoadResult(new LoadedPolicy(policy, PublicHolidays.None, path), []);
        }

        var holidaysPath = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path) ?? ".", holidaysFile));
        var problems = new List<string>();
        var holidays = ReadHolidays(holidaysPath, holidaysFile, problems);
        return problems.Count > 0
            ? new PolicyLoadResult(null, problems)
            : new PolicyLoadResult(new LoadedPolicy(policy, holidays, path), []);
    }

    /// <summary>Reads a holidays file: columns <c>country</c>, <c>date</c>, <c>name</c>.</summary>
    private static PublicHolidays ReadHolidays(string path, string displayName, List<string> problems)
    {
        if (!File.Exists(path))
        {
            problems.Add(new ImportProblem(displayName, 0, null, "no such file (named by holidays.file in the policy)").ToString());
            return PublicHolidays.None;
        }

        var holidays = new List<PublicHoliday>();
        try
        {
            using var csv = CsvFiles.Open(path);
            if (!csv.Read())
            {
                problems.Add(new ImportProblem(displayName, 1, null, "the file is empty; expected a header row (country,date,name)").ToString());
                return PublicHolidays.None;
            }

            var header = csv.Fields.Select(f => f.Trim().ToLowerInvariant()).ToArray();
            var (country, date, name) = (Array.IndexOf(header, "country"), Array.IndexOf(header, "date"), Array.IndexOf(header, "name"));
            if (country < 0 || date < 0)
            {
                problems.Add(new ImportProblem(displayName, 1, null, $"required column '{(country < 0 ? "country" : "date")}' is missing (the header has: {string.Join(", ", header)})").ToString());
                return PublicHolidays.None;
            }

            while (csv.Read())
            {
                var fields = csv.Fields;
                if (fields.Count != header.Length)
                {
                    problems.Add(new ImportProblem(displayName, csv.Line, null, $"has {fields.Count} fields but the header has {header.Length}").ToString());
                    continue;
                }

                var day = IsoTime.ParseDate(fields[date]);
                if (string.IsNullOrWhiteSpace(fields[country]))
                {
                    problems.Add(new ImportProblem(displayName, csv.Line, "country", "a value is required (use * for every country)").ToString());
                }
                else if (!day.Success)
                {
                    problems.Add(new ImportProblem(displayName, csv.Line, "date", day.Error!).ToString());
                }
                else
                {
                    holidays.Add(new PublicHoliday(fields[country].Trim(), day.Value, name >= 0 ? fields[name].Trim() : "public holiday"));
                }
            }
        }
        catch (CsvFormatException e)
        {
            problems.Add(new ImportProblem(displayName, e.Line, null, e.Problem).ToString());
        }

        return PublicHolidays.From(holidays);
    }
}

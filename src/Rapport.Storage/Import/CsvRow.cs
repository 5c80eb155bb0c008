using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Rapport.Core.Common;
using Rapport.Storage.Csv;

namespace Rapport.Storage.Import;

/// <summary>A column of the file being read: its header name and where it is in each row (-1 when absent).</summary>
internal readonly record struct Field(string Name, int Index)
{
    public bool IsPresent => Index >= 0;
}

/// <summary>The header of an import file, checked against the kind's columns.</summary>
internal sealed class CsvHeader
{
    private readonly Dictionary<string, int> _indexByName;

    private CsvHeader(IReadOnlyList<string> names, Dictionary<string, int> indexByName)
    {
        Names = names;
        _indexByName = indexByName;
    }

    public IReadOnlyList<string> Names { get; }

    /// <summary>Reads and checks the header: every required column present, none twice.</summary>
    public static CsvHeader Read(IReadOnlyList<string> fields, ImportKind kind, string file, List<ImportProblem> problems, List<string> warnings)
    {
        var names = fields.Select(f => f.Trim()).ToArray();
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var known = ImportSchema.Columns(kind);
        for (var i = 0; i < names.Length; i++)
        {
            if (names[i].Length == 0)
            {
                continue;
            }

            if (!index.TryAdd(names[i], i))
            {
                problems.Add(new ImportProblem(file, 1, names[i], $"the column appears twice in the header (fields {index[names[i]] + 1} and {i + 1})"));
            }
            else if (!known.Any(c => string.Equals(c.Name, names[i], StringComparison.OrdinalIgnoreCase)))
            {
                warnings.Add($"{file}:1: column '{names[i]}' is not a column of {ImportSchema.FileName(kind)} and is ignored (known columns: {string.Join(", ", known.Select(c => c.Name))})");
            }
        }

        foreach (var column in known.Where(c => c.Required && !index.ContainsKey(c.Name)))
        {
            problems.Add(new ImportProblem(file, 1, null, $"required column '{column.Name}' is missing (the header has: {string.Join(", ", names)})"));
        }

        return new CsvHeader(names, index);
    }

    public Field Field(string name) => new(name, _indexByName.TryGetValue(name, out var i) ? i : -1);

    public bool Has(string name) => _indexByName.ContainsKey(name);
}

/// <summary>
/// One row of an import file being turned into values. Each read that fails records a problem
/// naming the column and the value; the caller checks <see cref="HasProblems"/> at the end.
/// </summary>
internal sealed class CsvRow
{
    private readonly string _file;
    private readonly List<ImportProblem> _problems = [];
    private IReadOnlyList<string> _fields = [];

    public CsvRow(string file) => _file = file;

    public long Line { get; private set; }

    public IReadOnlyList<string> Fields => _fields;

    public IReadOnlyList<ImportProblem> Problems => _problems;

    public bool HasProblems => _problems.Count > 0;

    public void Reset(long line, IReadOnlyList<string> fields)
    {
        Line = line;
        _fields = fields;
        _problems.Clear();
    }

    public void Problem(string? column, string message) => _problems.Add(new ImportProblem(_file, Line, column, message));

    /// <summary>The trimmed text of a field; <see langword="null"/> when the column is absent or the cell empty.</summary>
    public string? Text(Field field)
    {
        if (!field.IsPresent || field.Index >= _fields.Count)
        {
            return null;
        }

        var value = _fields[field.Index];
        if (value.Length == 0)
        {
            return null;
        }

        // Most cells have no surrounding spaces; avoid a copy for them.
        return char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]) ? NullIfEmpty(value.Trim()) : value;
    }

    public string Required(Field field)
    {
        var text = Text(field);
        if (text is null)
        {
            Problem(field.Name, "a value is required");
            return string.Empty;
        }

        return text;
    }

    public string RequiredId(Field field)
    {
        var text = Required(field);
        if (text.Length > 0 && Identifiers.Problem(text) is { } problem)
        {
            Problem(field.Name, $"'{text}' {problem}");
            return string.Empty;
        }

        return text;
    }

    public string? OptionalId(Field field)
    {
        var text = Text(field);
        if (text is not null && Identifiers.Problem(text) is { } problem)
        {
            Problem(field.Name, $"'{text}' {problem}");
            return null;
        }

        return text;
    }

    public T? Object<T>(Field field, Func<string, ParseResult<T>> parse)
        where T : class =>
        Text(field) is { } text && TryParse(field, text, parse, out var value) ? value : null;

    public T? Value<T>(Field field, Func<string, ParseResult<T>> parse)
        where T : struct =>
        Text(field) is { } text && TryParse(field, text, parse, out var value) ? value : null;

    public T RequiredValue<T>(Field field, Func<string, ParseResult<T>> parse)
        where T : struct =>
        Required(field) is { Length: > 0 } text && TryParse(field, text, parse, out var value) ? value : default;

    public T[] List<T>(Field field, Func<string, ParseResult<T>> parse)
    {
        var text = Text(field);
        if (text is null)
        {
            return [];
        }

        var parts = text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var items = new T[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!TryParse(field, parts[i], parse, out var item))
            {
                return [];
            }

            items[i] = item;
        }

        return items;
    }

    public int? Integer(Field field, int min, int max)
    {
        var text = Text(field);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Problem(field.Name, $"'{text}' is not a whole number");
            return null;
        }

        if (value < min || value > max)
        {
            Problem(field.Name, $"'{text}' must lie between {min} and {max}");
            return null;
        }

        return value;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private bool TryParse<T>(Field field, string text, Func<string, ParseResult<T>> parse, [MaybeNullWhen(false)] out T value)
    {
        var result = parse(text);
        if (result.Success)
        {
            value = result.Value;
            return true;
        }

        Problem(field.Name, result.Error!);
        value = default;
        return false;
    }
}

/// <summary>Reading and writing the file being imported; the same for every kind.</summary>
internal static class CsvFiles
{
    public static CsvReader Open(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan));
}

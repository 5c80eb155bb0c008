using System.Globalization;

namespace Rapport.Storage.Import;

/// <summary>Something wrong with one field of a record sent by the API or a web form.</summary>
/// <param name="Field">The field, named as the file's column (<c>email</c>, <c>preferred_channels</c>); empty for the record as a whole.</param>
/// <param name="Message">What is wrong, such as <c>'jane@' is not an e-mail address</c>.</param>
public sealed record FieldProblem(string Field, string Message)
{
    public override string ToString() => Field.Length == 0 ? Message : string.Create(CultureInfo.InvariantCulture, $"{Field}: {Message}");
}

/// <summary>
/// Reads one record given as field → text (the API's JSON, a web form) by the same rules as a row
/// of the kind's file (docs/data-format.md): the same field names, the same checks, the same words
/// in the errors. Unknown fields are errors here, not warnings: a client that misspells a field
/// must hear of it.
/// </summary>
internal static class RecordForm
{
    public static (T? Item, IReadOnlyList<FieldProblem> Problems) Read<T>(
        ImportKind kind,
        IReadOnlyDictionary<string, string?> fields,
        Func<CsvHeader, RowReader<T>> makeReader)
        where T : class
    {
        var columns = ImportSchema.Columns(kind);
        var problems = new List<FieldProblem>();
        foreach (var name in fields.Keys)
        {
            if (!columns.Any(c => string.Equals(c.Name, name, StringComparison.Ordinal)))
            {
                problems.Add(new FieldProblem(name, $"is not a field of {EnumText(kind)} (known fields: {string.Join(", ", columns.Select(c => c.Name))})"));
            }
        }

        foreach (var column in columns.Where(c => c.Required && string.IsNullOrWhiteSpace(fields.GetValueOrDefault(c.Name))))
        {
            problems.Add(new FieldProblem(column.Name, "a value is required"));
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var names = fields.Keys.ToArray();
        var header = CsvHeader.Read(names, kind, EnumText(kind), [], []);
        var row = new CsvRow(EnumText(kind));
        row.Reset(0, names.Select(n => fields[n] ?? string.Empty).ToArray());
        var item = makeReader(header).Read(row);
        return (item, row.Problems.Select(p => new FieldProblem(p.Column ?? string.Empty, p.Message)).ToArray());
    }

    private static string EnumText(ImportKind kind) => Core.Common.EnumText.ToText(kind);
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Rapport.Core.Common;

namespace Rapport.Web.Api;

/// <summary>A body read as fields, or the answer that says why it could not be.</summary>
/// <param name="Fields">The fields, when the body could be read.</param>
/// <param name="Invalid">Fields given twice, or with values that are not text.</param>
/// <param name="Unreadable">Not JSON, or not an object.</param>
internal sealed record FieldsBody(IReadOnlyDictionary<string, string?>? Fields, ValidationProblem? Invalid = null, ProblemHttpResult? Unreadable = null);

/// <summary>Which page of a list: 1-based, at most <see cref="MaxPageSize"/> items.</summary>
internal readonly record struct PageRequest(int Page, int PageSize)
{
    public const int DefaultPageSize = 50;

    public const int MaxPageSize = 500;

    public int Offset => (Page - 1) * PageSize;

    /// <summary>Reads <c>?page=</c> and <c>?pageSize=</c>; null with a problem when they are not whole numbers in range.</summary>
    public static (PageRequest? Page, ValidationProblem? Problem) Read(string? page, string? pageSize)
    {
        var number = 1;
        var size = DefaultPageSize;
        if (page is not null && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number < 1 || number > 10_000_000))
        {
            return (null, ApiProblems.Invalid("page", $"'{page}' is not a page number (1 or more)"));
        }

        if (pageSize is not null && (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > MaxPageSize))
        {
            return (null, ApiProblems.Invalid("pageSize", $"'{pageSize}' is not a page size from 1 to {MaxPageSize}"));
        }

        return (new PageRequest(number, size), null);
    }

    /// <summary>The link to the next page, the request's own with the page number raised; null on the last page.</summary>
    public string? Next(HttpRequest request, int count, long total)
    {
        if (Offset + count >= total)
        {
            return null;
        }

        var query = QueryHelpers.ParseQuery(request.QueryString.Value)
            .Where(q => !string.Equals(q.Key, "page", StringComparison.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Append(new KeyValuePair<string, string?>("page", (Page + 1).ToString(CultureInfo.InvariantCulture)));
        return QueryHelpers.AddQueryString(request.PathBase + request.Path, query);
    }
}

/// <summary>Reads the API's request bodies and query values; what the values mean is left to the services.</summary>
internal static class ApiRequests
{
    /// <summary>
    /// Reads a JSON object of fields (named as the file's columns). Values are strings; numbers are
    /// taken as their invariant text, booleans as <c>true</c>/<c>false</c>, a list of strings as the
    /// file's <c>;</c>-separated list, null as empty.
    /// </summary>
    public static async Task<FieldsBody> ReadFieldsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            var message = e.Message.Split(" LineNumber:", 2)[0];
            return new FieldsBody(null, Unreadable: ApiProblems.BadBody($"The body is not valid JSON at {ApiProblems.Position(e.LineNumber, e.BytePositionInLine)}: {message}"));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new FieldsBody(null, Unreadable: ApiProblems.BadBody($"The body is a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an object of fields such as {{\"customer_id\": \"C-1\"}}."));
            }

            var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
            var problems = new List<Storage.Import.FieldProblem>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = Text(property.Value);
                if (value is null && property.Value.ValueKind is not JsonValueKind.Null)
                {
                    problems.Add(new(property.Name, $"is a JSON {property.Value.ValueKind.ToString().ToLowerInvariant()}: give text, a number or a list of texts"));
                    continue;
                }

                if (!fields.TryAdd(property.Name, value))
                {
                    problems.Add(new(property.Name, "is given more than once"));
                }
            }

            return problems.Count > 0 ? new FieldsBody(null, Invalid: ApiProblems.Invalid(problems)) : new FieldsBody(fields);
        }
    }

    /// <summary>Reads a date (<c>YYYY-MM-DD</c>) from the query or the path; <paramref name="fallback"/> when absent.</summary>
    public static (DateOnly? Date, ValidationProblem? Problem) Date(string field, string? text, DateOnly fallback)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (fallback, null);
        }

        var parsed = IsoTime.ParseDate(text.Trim());
        return parsed.Success ? (parsed.Value, null) : (null, ApiProblems.Invalid(field, parsed.Error!));
    }

    /// <summary>Today in UTC, the day the plan's dates are counted in when none is given.</summary>
    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetDecimal(out var number) ? number.ToString(CultureInfo.InvariantCulture) : value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Array when value.EnumerateArray().All(v => v.ValueKind is JsonValueKind.String or JsonValueKind.Number) =>
            value.EnumerateArray().Aggregate(new StringBuilder(), (list, item) => (list.Length > 0 ? list.Append(';') : list).Append(Text(item))).ToString(),
        _ => null,
    };
}

using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Storage.Import;

namespace Rapport.Web.Api;

/// <summary>The API's error answers, as ProblemDetails (RFC 9457).</summary>
internal static class ApiProblems
{
    /// <summary>
    /// A customer that does not exist, or exists outside the caller's scope: the two answers are the
    /// same but for the id, so that nobody can learn that another branch's customer exists.
    /// </summary>
    public static ProblemHttpResult CustomerNotFound(string customerId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no customer '{customerId}'.");

    public static ProblemHttpResult StaffNotFound(string staffId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no member of staff '{staffId}'.");

    public static ProblemHttpResult NoPlan() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No plan", detail: "No plan has been made yet: run 'rapport plan'.");

    public static ProblemHttpResult NoSuchEndpoint() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "There is no such endpoint; /openapi/v1.json lists them.");

    public static ProblemHttpResult Unauthorized() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: "The signed-in account no longer exists.");

    /// <summary>A record with this id is stored with other values (a purchase or touch posted again, changed).</summary>
    public static ProblemHttpResult Conflict(IReadOnlyList<FieldProblem> problems) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Conflict",
            detail: string.Join("; ", problems),
            extensions: new Dictionary<string, object?> { ["errors"] = Errors(problems) });

    /// <summary>400 with <c>errors</c> keyed by field name (the file's column); a problem of the record as a whole is keyed <c>record</c>.</summary>
    public static ValidationProblem Invalid(IEnumerable<FieldProblem> problems) =>
        TypedResults.ValidationProblem(Errors(problems), title: "The request has invalid fields");

    public static ValidationProblem Invalid(string field, string message) => Invalid([new FieldProblem(field, message)]);

    /// <summary>A body that is not JSON, or not an object of fields, with where the reader stopped.</summary>
    public static ProblemHttpResult BadBody(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not a JSON object of fields", detail: detail);

    private static Dictionary<string, string[]> Errors(IEnumerable<FieldProblem> problems) =>
        problems.GroupBy(p => p.Field.Length == 0 ? "record" : p.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Message).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);

    internal static string Position(long? line, long? bytePosition) =>
        string.Create(CultureInfo.InvariantCulture, $"line {(line ?? 0) + 1}, byte {(bytePosition ?? 0) + 1}");
}

using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Storage.Customers;
using Rapport.Web.Access;

namespace Rapport.Web.Api;

/// <summary><c>/api/customers/{id}/consents</c> and <c>/unsubscribe</c>: consent history, given or withdrawn with its evidence (SPEC R2).</summary>
public static class ConsentsApi
{
    public static IEndpointRouteBuilder MapConsentsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/customers/{id}").WithTags("Consents");
        group.MapGet("/consents", ListAsync)
            .WithSummary("Reads a customer's consent history")
            .WithDescription("Every record, newest first, with the columns of consents.csv.");
        group.MapPost("/consents", RecordAsync)
            .Accepts<Dictionary<string, string>>("application/json")
            .WithSummary("Records consent given or withdrawn")
            .WithDescription("consents.csv fields: `channel` (one, or several separated by `;`, or a list), `status` (`granted`, `withdrawn`), " +
                "`evidence` (required: what the customer did or said), `source` (default `api`), `suppression` with a withdrawal, `at` (default now). " +
                "Appended to the history, never overwriting it; in force for every later plan and send.");
        group.MapPost("/unsubscribe", UnsubscribeAsync)
            .WithSummary("Unsubscribes a customer")
            .WithDescription("From every channel, or from one with `?channel=`; `?evidence=` says how the customer asked (default: the API call and its caller). Takes effect at once.");
        return endpoints;
    }

    private static async Task<Results<Ok<IReadOnlyList<ConsentResponse>>, ProblemHttpResult>> ListAsync(string id, RequestAccess access, CustomerRecords records, CancellationToken cancellationToken)
    {
        var scope = await access.RequireScopeAsync(cancellationToken).ConfigureAwait(false);
        return await records.ConsentsAsync(scope, id, cancellationToken).ConfigureAwait(false) is { } history
            ? TypedResults.Ok<IReadOnlyList<ConsentResponse>>(history.Select(ConsentResponse.From).ToArray())
            : ApiProblems.CustomerNotFound(id);
    }

    private static async Task<Results<Created<IReadOnlyList<ConsentResponse>>, ValidationProblem, ProblemHttpResult>> RecordAsync(
        string id, HttpRequest request, RequestAccess access, ConsentRequests consents, CancellationToken cancellationToken)
    {
        var body = await ApiRequests.ReadFieldsAsync(request, cancellationToken).ConfigureAwait(false);
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        if (body.Unreadable is { } unreadable)
        {
            return unreadable;
        }

        var scope = await access.RequireScopeAsync(cancellationToken).ConfigureAwait(false);
        var result = await consents.RecordAsync(scope, id, body.Fields!, cancellationToken).ConfigureAwait(false);
        if (result.NotFound)
        {
            return ApiProblems.CustomerNotFound(id);
        }

        return result.Success
            ? TypedResults.Created<IReadOnlyList<ConsentResponse>>(CustomersApi.Location(id) + "/consents", result.Records!.Select(ConsentResponse.From).ToArray())
            : ApiProblems.Invalid(result.Problems);
    }

    private static async Task<Results<Ok<IReadOnlyList<ConsentResponse>>, ValidationProblem, ProblemHttpResult>> UnsubscribeAsync(
        string id, string? channel, string? evidence, RequestAccess access, ConsentRequests consents, CancellationToken cancellationToken)
    {
        var scope = await access.RequireScopeAsync(cancellationToken).ConfigureAwait(false);
        var result = await consents.UnsubscribeAsync(scope, id, channel, evidence, cancellationToken).ConfigureAwait(false);
        if (result.NotFound)
        {
            return ApiProblems.CustomerNotFound(id);
        }

        return result.Success
            ? TypedResults.Ok<IReadOnlyList<ConsentResponse>>(result.Records!.Select(ConsentResponse.From).ToArray())
            : ApiProblems.Invalid(result.Problems);
    }
}

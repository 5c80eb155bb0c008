using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Storage.Customers;
using Rapport.Web.Access;

namespace Rapport.Web.Api;

/// <summary><c>/api/touches</c>: inbound correspondence and the outcomes of contacts, recorded as they happen; the moments they call for are planned at once.</summary>
public static class TouchesApi
{
    public static IEndpointRouteBuilder MapTouchesApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/touches", PostAsync)
            .WithTags("Touches")
            .Accepts<Dictionary<string, string>>("application/json")
            .WithSummary("Records a touch: inbound correspondence or the outcome of a contact")
            .WithDescription("A JSON object of touches.csv fields (`customer_id`, `channel`, `direction`, `kind` required; `touch_id` defaults to a new id, `at` to now). " +
                "Inbound correspondence (a letter, a complaint, a compliment, a suggestion) and negative answers run the customer's moments at once: " +
                "201 with the touch and what it triggered (an acknowledgement, a follow-up call). The same touch again is 200 with `alreadyRecorded`; " +
                "the same `touch_id` with other values is 409.");
        endpoints.MapGet("/customers/{id}/touches", ListAsync)
            .WithTags("Touches")
            .WithSummary("Lists a customer's touches, either way")
            .WithDescription("Newest first, paged (`page`, `pageSize` up to 500).");
        return endpoints;
    }

    private static async Task<Results<Created<TouchResponse>, Ok<TouchResponse>, ValidationProblem, ProblemHttpResult>> PostAsync(
        HttpRequest request, RequestAccess access, Storage.Intake.Intake intake, CancellationToken cancellationToken)
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
        var recorded = await intake.TouchAsync(body.Fields!, scope, cancellationToken).ConfigureAwait(false);
        if (recorded.NotFound)
        {
            return ApiProblems.CustomerNotFound(body.Fields!.GetValueOrDefault("customer_id")?.Trim() ?? string.Empty);
        }

        if (recorded.Conflict)
        {
            return ApiProblems.Conflict(recorded.Problems);
        }

        if (!recorded.Success)
        {
            return ApiProblems.Invalid(recorded.Problems);
        }

        var response = TouchResponse.From(recorded);
        return recorded.AlreadyRecorded
            ? TypedResults.Ok(response)
            : TypedResults.Created(CustomersApi.Location(recorded.Item!.CustomerId) + "/touches", response);
    }

    private static async Task<Results<Ok<ApiPage<IReadOnlyDictionary<string, string?>>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string id, string? page, string? pageSize, HttpRequest request, RequestAccess access, CustomerRecords records, CancellationToken cancellationToken)
    {
        var (paging, problem) = PageRequest.Read(page, pageSize);
        if (paging is not { } p)
        {
            return problem!;
        }

        var scope = await access.RequireScopeAsync(cancellationToken).ConfigureAwait(false);
        if (await records.TouchesAsync(scope, id, p.Offset, p.PageSize, cancellationToken).ConfigureAwait(false) is not { } found)
        {
            return ApiProblems.CustomerNotFound(id);
        }

        return TypedResults.Ok(new ApiPage<IReadOnlyDictionary<string, string?>>(
            found.Items.Select(Storage.Intake.RecordFields.Of).ToArray(), p.Page, p.PageSize, found.Total, p.Next(request, found.Items.Count, found.Total)));
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Storage.Customers;
using Rapport.Web.Access;

namespace Rapport.Web.Api;

/// <summary><c>/api/purchases</c>: a shop's checkout posts purchases as they happen; the thank-you is planned at once.</summary>
public static class PurchasesApi
{
    public static IEndpointRouteBuilder MapPurchasesApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/purchases", PostAsync)
            .WithTags("Purchases")
            .Accepts<Dictionary<string, string>>("application/json")
            .WithSummary("Records a purchase and runs the customer's moments")
            .WithDescription("A JSON object of purchases.csv fields (`purchase_id`, `customer_id`, `amount` required; `at` defaults to now). " +
                "201 with the purchase and the touches it triggered (the thank-you, a welcome kit). Posting the same purchase again is safe: " +
                "200 with `alreadyRecorded`. The same `purchase_id` with other values is 409. An unknown customer, or one outside your scope, is 404.");
        endpoints.MapGet("/customers/{id}/purchases", ListAsync)
            .WithTags("Purchases")
            .WithSummary("Lists a customer's purchases")
            .WithDescription("Newest first, paged (`page`, `pageSize` up to 500).");
        return endpoints;
    }

    private static async Task<Results<Created<PurchaseResponse>, Ok<PurchaseResponse>, ValidationProblem, ProblemHttpResult>> PostAsync(
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
        var recorded = await intake.PurchaseAsync(body.Fields!, scope, cancellationToken).ConfigureAwait(false);
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

        var response = PurchaseResponse.From(recorded);
        return recorded.AlreadyRecorded
            ? TypedResults.Ok(response)
            : TypedResults.Created(CustomersApi.Location(recorded.Item!.CustomerId) + "/purchases", response);
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
        if (await records.PurchasesAsync(scope, id, p.Offset, p.PageSize, cancellationToken).ConfigureAwait(false) is not { } found)
        {
            return ApiProblems.CustomerNotFound(id);
        }

        return TypedResults.Ok(new ApiPage<IReadOnlyDictionary<string, string?>>(
            found.Items.Select(Storage.Intake.RecordFields.Of).ToArray(), p.Page, p.PageSize, found.Total, p.Next(request, found.Items.Count, found.Total)));
    }
}

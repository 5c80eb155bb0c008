using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Storage.Customers;
using Rapport.Web.Access;

namespace Rapport.Web.Api;

/// <summary><c>/api/customers</c>: list, read, create and change customers, with the fields of customers.csv.</summary>
public static class CustomersApi
{
    public static IEndpointRouteBuilder MapCustomersApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/customers").WithTags("Customers");
        group.MapGet("/", ListAsync)
            .WithSummary("Lists the customers you can see")
            .WithDescription("In id order, paged (`page` from 1, `pageSize` up to 500, default 50); `search` finds text in the id, name, company or e-mail. `next` links to the next page.");
        group.MapGet("/{id}", GetAsync)
            .WithSummary("Reads a customer")
            .WithDescription("The customer's fields (customers.csv names) and, per channel, whether they may be contacted now. A customer of a branch outside your scope is 404, exactly like an unknown id.");
        group.MapPost("/", CreateAsync)
            .Accepts<Dictionary<string, string>>("application/json")
            .WithSummary("Adds a customer")
            .WithDescription("A JSON object of customers.csv fields; `customer_id` is required. A key bound to one branch defaults `home_branch_id` to it. 201 with the customer and its Location; 400 with `errors` by field.");
        group.MapPatch("/{id}", UpdateAsync)
            .Accepts<Dictionary<string, string>>("application/json")
            .WithSummary("Changes a customer's fields")
            .WithDescription("Only the fields given change; an empty string or null clears one. The id cannot change. 400 with `errors` by field.");
        return endpoints;
    }

    private static async Task<Results<Ok<ApiPage<IReadOnlyDictionary<string, string?>>>, ValidationProblem>> ListAsync(
        string? search, string? page, string? pageSize, HttpRequest request, RequestAccess access, CustomerRecords records, CancellationToken cancellationToken)
    {
        var (paging, problem) = PageRequest.Read(page, pageSize);
        if (paging is not { } p)
        {
            return problem!;
        }

        var scope = await access.RequireScopeAsync(cancellationToken).ConfigureAwait(false);
        var found = await records.ListAsync(scope, search, p.Offset, p.PageSize, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new ApiPage<IReadOnlyDictionary<string, string?>>(
            found.Items.Select(CustomerFields.Of).ToArray(), p.Page, p.PageSize, found.Total, p.Next(request, found.Items.Count, found.Total)));
    }

    private static async Task<Results<Ok<CustomerResponse>, ProblemHttpResult>> GetAsync(string id, RequestAccess access, CustomerRecords records, CancellationToken cancellationToken)
    {
        var scope = await access.RequireScopeAsync(cancellationToken).ConfigureAwait(false);
        return await records.FindAsync(scope, id, cancellationToken).ConfigureAwait(false) is { } found
            ? TypedResults.Ok(CustomerResponse.From(found))
            : ApiProblems.CustomerNotFound(id);
    }

    private static async Task<Results<Created<CustomerResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpRequest request, RequestAccess access, CustomerChanges changes, CustomerRecords records, WebOptions options, CancellationToken cancellationToken)
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
        var change = await changes.CreateAsync(body.Fields!, scope, options.Policy.Policy, options.Policy.Holidays, cancellationToken).ConfigureAwait(false);
        if (!change.Success)
        {
            return ApiProblems.Invalid(change.Problems);
        }

        var id = change.Customer!.Id;
        var found = await records.FindAsync(scope, id, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created(Location(id), found is null ? new CustomerResponse(CustomerFields.Of(change.Customer), new Dictionary<string, ChannelConsentResponse>()) : CustomerResponse.From(found));
    }

    private static async Task<Results<Ok<CustomerResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string id, HttpRequest request, RequestAccess access, CustomerChanges changes, CustomerRecords records, CancellationToken cancellationToken)
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
        var change = await changes.UpdateAsync(id, body.Fields!, scope, cancellationToken).ConfigureAwait(false);
        if (change.NotFound)
        {
            return ApiProblems.CustomerNotFound(id);
        }

        if (!change.Success)
        {
            return ApiProblems.Invalid(change.Problems);
        }

        return await records.FindAsync(scope, id, cancellationToken).ConfigureAwait(false) is { } found
            ? TypedResults.Ok(CustomerResponse.From(found))
            : ApiProblems.CustomerNotFound(id);
    }

    internal static string Location(string customerId) => "/api/customers/" + Uri.EscapeDataString(customerId);
}

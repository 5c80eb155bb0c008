using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Storage.Planning;
using Rapport.Web.Access;

namespace Rapport.Web.Api;

/// <summary><c>/api/plan</c>: the stored plan by customer, by member of staff and by day, each touch with its reason (SPEC R5).</summary>
public static class PlanApi
{
    public const int DefaultDays = 90;

    public const int MaxDays = 366;

    public static IEndpointRouteBuilder MapPlanApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/plan").WithTags("Plan");
        group.MapGet("/customers/{id}", CustomerAsync)
            .WithSummary("A customer's plan")
            .WithDescription($"The planned touches from `from` (default today) for `days` days (default {DefaultDays}, at most {MaxDays}), each with its reason, and the touches held back with theirs.");
        group.MapGet("/staff/{staffId}", StaffAsync)
            .WithSummary("A member of staff's calls on a day")
            .WithDescription("The calls of `date` (default today) in time order, with the number to call and talking points. Staff of a branch outside your scope are 404.");
        group.MapGet("/days/{date}", DayAsync)
            .WithSummary("The touches planned on a day")
            .WithDescription("Every planned touch of the day for the customers you can see, customer by customer, paged (`page`, `pageSize` up to 500).");
        return endpoints;
    }

    private static async Task<Results<Ok<CustomerPlanResponse>, ValidationProblem, ProblemHttpResult>> CustomerAsync(
        string id, string? from, string? days, RequestAccess access, PlanReads plans, TimeProvider time, CancellationToken cancellationToken)
    {
        var (start, problem) = ApiRequests.Date("from", from, ApiRequests.Today(time));
        if (start is not { } first)
        {
            return problem!;
        }

        var count = DefaultDays;
        if (days is not null && (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1 || count > MaxDays))
        {
            return ApiProblems.Invalid("days", $"'{days}' is not a number of days from 1 to {MaxDays}");
        }

        var scope = await access.RequireScopeAsync(cancellationToken).ConfigureAwait(false);
        var read = await plans.CustomerAsync(scope, id, first, count, cancellationToken).ConfigureAwait(false);
        return read switch
        {
            { NotFound: true } => ApiProblems.CustomerNotFound(id),
            { Value: { } plan } => TypedResults.Ok(CustomerPlanResponse.From(plan, first, first.AddDays(count - 1))),
            _ => ApiProblems.NoPlan(),
        };
    }

    private static async Task<Results<Ok<StaffDayResponse>, ValidationProblem, ProblemHttpResult>> StaffAsync(
        string staffId, string? date, RequestAccess access, PlanReads plans, TimeProvider time, CancellationToken cancellationToken)
    {
        var (day, problem) = ApiRequests.Date("date", date, ApiRequests.Today(time));
        if (day is not { } on)
        {
            return problem!;
        }

        var scope = await access.RequireScopeAsync(cancellationToken).ConfigureAwait(false);
        var read = await plans.StaffDayAsync(scope, staffId, on, cancellationToken).ConfigureAwait(false);
        return read switch
        {
            { NotFound: true } => ApiProblems.StaffNotFound(staffId),
            { Value: { } queue } => TypedResults.Ok(StaffDayResponse.From(queue)),
            _ => ApiProblems.NoPlan(),
        };
    }

    private static async Task<Results<Ok<ApiPage<PlanTouchResponse>>, ValidationProblem, ProblemHttpResult>> DayAsync(
        string date, string? page, string? pageSize, HttpRequest request, RequestAccess access, PlanReads plans, TimeProvider time, CancellationToken cancellationToken)
    {
        var (day, problem) = ApiRequests.Date("date", date, ApiRequests.Today(time));
        if (day is not { } on)
        {
            return problem!;
        }

        var (paging, pageProblem) = PageRequest.Read(page, pageSize);
        if (paging is not { } p)
        {
            return pageProblem!;
        }

        var scope = await access.RequireScopeAsync(cancellationToken).ConfigureAwait(false);
        var read = await plans.DayAsync(scope, on, p.Offset, p.PageSize, cancellationToken).ConfigureAwait(false);
        if (read.Value is not { } found)
        {
            return ApiProblems.NoPlan();
        }

        return TypedResults.Ok(new ApiPage<PlanTouchResponse>(
            found.Items.Select(PlanTouchResponse.From).ToArray(), p.Page, p.PageSize, found.Total, p.Next(request, found.Items.Count, found.Total)));
    }
}

namespace Rapport.Storage.Planning;

/// <summary>The stored plan's one row in <c>plan_runs</c>: what it was made from and how big it is.</summary>
public sealed class PlanRunRow
{
    /// <summary>Always 1: the database holds one plan, replaced as a whole.</summary>
    public int Id { get; init; } = 1;

    public required DateOnly AsOf { get; init; }

    public int HorizonDays { get; init; }

    public DateTimeOffset MadeAt { get; init; }

    /// <summary>The policy the plan was made with, as a policy file (<see cref="Core.Planning.PolicyFile.Format"/>): reasons are written from it when shown.</summary>
    public required string Policy { get; init; }

    public int Customers { get; init; }

    public int Touches { get; init; }

    public int Calls { get; init; }

    public int Held { get; init; }

    public int Unreachable { get; init; }

    public int CallsMissing { get; init; }
}

/// <summary>
/// One customer in <c>plan_customers</c>: the owning branch, the plan's summary line, and where
/// the customer's touches and held touches are in <c>plan_touches</c> and <c>plan_held</c>
/// (which are stored in customer order, so that a customer's rows are one range of numbers).
/// </summary>
public sealed class PlanCustomerRow
{
    public required string CustomerId { get; init; }

    public string? BranchId { get; init; }

    public string? Summary { get; init; }

    public int FirstTouch { get; init; }

    public int Touches { get; init; }

    public int FirstHeld { get; init; }

    public int Held { get; init; }
}

/// <summary>One planned touch in <c>plan_touches</c>: compact; the reason is written from the rule when shown.</summary>
public sealed class PlanTouchRow
{
    /// <summary>The touch's place in the plan, from 0, in customer and day order.</summary>
    public int TouchNo { get; init; }

    public required string CustomerId { get; init; }

    public DateOnly Day { get; init; }

    /// <summary>For calls, the local start in the customer's time zone as minutes after midnight; otherwise null.</summary>
    public short? StartMinute { get; init; }

    public required string Channel { get; init; }

    public required string Kind { get; init; }

    public string? StaffId { get; init; }

    public string? BranchId { get; init; }

    /// <summary><see cref="Core.Planning.PlanRule"/> as its number.</summary>
    public short Rule { get; init; }

    public int Detail { get; init; }

    public short ChannelRank { get; init; }
}

/// <summary>
/// One touch the rules called for and another rule held back, in <c>plan_held</c>. The reason is
/// the sentence when it depends on the customer at planning time (their consent, their stage);
/// null when it follows from the rules alone, and is then written from the stored policy when read.
/// </summary>
public sealed class PlanHeldRow
{
    public int HeldNo { get; init; }

    public required string CustomerId { get; init; }

    public DateOnly Day { get; init; }

    public required string Kind { get; init; }

    public short WantedBy { get; init; }

    public short HeldBy { get; init; }

    public string? Reason { get; init; }
}

/// <summary>A customer no touch can reach, in <c>plan_unreachable</c>.</summary>
public sealed class PlanUnreachableRow
{
    public required string CustomerId { get; init; }

    public required string Why { get; init; }
}

/// <summary>One branch's calls in one week against its capacity, in <c>plan_capacity</c>.</summary>
public sealed class PlanCapacityRow
{
    public required string BranchId { get; init; }

    public DateOnly WeekStart { get; init; }

    public int Capacity { get; init; }

    public int Planned { get; init; }

    public int Missing { get; init; }

    public int MinutesPerCall { get; init; }
}

/// <summary>
/// Letters and messages (touches other than calls) per day, owning branch, channel and kind, in
/// <c>plan_days</c>, with the numbers of the first three: a day's letters and messages are counted
/// from here, and a few examples read by number, without an index on the day of every one of
/// millions of touches.
/// </summary>
public sealed class PlanDayRow
{
    public DateOnly Day { get; init; }

    public string? BranchId { get; init; }

    public required string Channel { get; init; }

    public required string Kind { get; init; }

    public int Touches { get; init; }

    public int FirstTouch { get; init; }

    public int? SecondTouch { get; init; }

    public int? ThirdTouch { get; init; }
}

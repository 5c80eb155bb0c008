using Rapport.Core.Organisation;

namespace Rapport.Core.Planning;

/// <summary>How many calls a member of staff can make on a day: the rule the planner fills days by.</summary>
public static class CallCapacity
{
    /// <summary>Calls that fit in one day's calling hours, one after another.</summary>
    /// <remarks>The calling window (<see cref="ContactPolicy.CallsFrom"/> to <see cref="ContactPolicy.CallsUntil"/>) divided by <see cref="ContactPolicy.MinutesPerCall"/>, rounded down; never below 0.</remarks>
    public static int SlotsPerDay(ContactPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return Math.Max(0, (int)((policy.CallsUntil - policy.CallsFrom).TotalMinutes / policy.MinutesPerCall));
    }

    /// <summary>Calls the member of staff can make in a day they work.</summary>
    /// <remarks>Their <see cref="StaffMember.CallsPerDay"/>, else the policy's <see cref="ContactPolicy.DefaultCallsPerDay"/>, at most <see cref="SlotsPerDay"/>.</remarks>
    public static int PerWorkingDay(StaffMember member, ContactPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(policy);
        return Math.Min(member.CallsPerDay ?? policy.DefaultCallsPerDay, SlotsPerDay(policy));
    }

    /// <summary>Whether the member of staff makes calls on this day of the week.</summary>
    /// <remarks>A day of their <see cref="StaffMember.WorkingDays"/> (Monday to Friday when not set) that is also one of the policy's <see cref="ContactPolicy.CallDays"/>.</remarks>
    public static bool Calls(StaffMember member, DayOfWeek day, ContactPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(policy);
        return (member.WorkingDays ?? WorkingWeek.MondayToFriday).Includes(day) && policy.CallDays.Includes(day);
    }

    /// <summary>Calls the member of staff can make on a day: <see cref="PerWorkingDay"/> on a day they make calls, else 0.</summary>
    public static int OnDay(StaffMember member, DateOnly day, ContactPolicy policy) =>
        Calls(member, day.DayOfWeek, policy) ? PerWorkingDay(member, policy) : 0;
}

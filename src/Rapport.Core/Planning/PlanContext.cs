using Rapport.Core.Analytics;
using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Core.Customers;
using Rapport.Core.Touches;

namespace Rapport.Core.Planning;

/// <summary>What every pass of the planner shares: days, staff, holidays and the first two passes.</summary>
internal sealed class PlanContext
{
    private readonly Dictionary<string, short> _branchIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, short> _staffIndex = new(StringComparer.Ordinal);
    private readonly Ownership _ownership;
    private readonly Dictionary<string, bool[]> _holidaysByCountry = new(StringComparer.Ordinal);
    private readonly bool[] _holidaysEverywhere;

    public PlanContext(PlanInput input)
    {
        Input = input;
        Policy = input.Policy;
        Days = input.HorizonDays;
        for (short b = 0; b < input.Branches.Count; b++)
        {
            _branchIndex.TryAdd(input.Branches[b].Id, b);
        }

        for (short s = 0; s < input.Staff.Count; s++)
        {
            _staffIndex.TryAdd(input.Staff[s].Id, s);
        }

        _ownership = new Ownership(input.Branches);
        SlotsPerDay = CallCapacity.SlotsPerDay(Policy);
        CallsFromMinute = (short)(Policy.CallsFrom.Hour * 60 + Policy.CallsFrom.Minute);

        _holidaysEverywhere = new bool[Days];
        for (var d = 0; d < Days; d++)
        {
            _holidaysEverywhere[d] = input.Holidays.On(null, DayOf(d)) is not null;
        }

        foreach (var country in input.Customers.Select(c => c.Country).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            var days = new bool[Days];
            var any = false;
            for (var d = 0; d < Days; d++)
            {
                days[d] = input.Holidays.On(country, DayOf(d)) is not null;
                any |= days[d] && !_holidaysEverywhere[d];
            }

            if (any)
            {
                _holidaysByCountry[country] = days;
            }
        }

        NewsletterDays = Schedule(Policy.NewsletterEvery, FirstOfMonthFrom(input.AsOf));
        RewardThreshold = Threshold(input.Customers, Policy.RewardTopShare);
    }

    public PlanInput Input { get; }

    public ContactPolicy Policy { get; }

    /// <summary>Days in the plan; day 0 is the as-of day.</summary>
    public int Days { get; }

    public int SlotsPerDay { get; }

    public short CallsFromMinute { get; }

    /// <summary>The newsletter's days, the same for every subscriber: it is one mailing.</summary>
    public int[] NewsletterDays { get; }

    /// <summary>The fewest purchase days in the last year that earn the loyalty reward; int.MaxValue when nobody bought.</summary>
    public int RewardThreshold { get; }

    public DateOnly DayOf(int offset) => Input.AsOf.AddDays(offset);

    public int OffsetOf(DateOnly day) => day.DayNumber - Input.AsOf.DayNumber;

    public bool IsHoliday(string? country, int day) =>
        _holidaysEverywhere[day] || (country is not null && _holidaysByCountry.TryGetValue(country, out var days) && days[day]);

    /// <summary>Whether a customer who made this choice wants more than replies.</summary>
    public static bool WantsToHear(ContactFrequency? frequency) => frequency is not ContactFrequency.EssentialOnly;

    /// <summary>The channel for check-ins: the most preferred consented channel other than the phone, which is kept for care calls; the phone only when nothing else is open.</summary>
    public static Channel? CheckInChannel(PlanCustomer customer) =>
        ChannelChoice.Pick(TouchKind.CheckIn, customer.PreferredChannels, customer.Permissions.With(Channel.Phone, ConsentStatus.Withdrawn)) ??
        (customer.Permissions.MayContact(Channel.Phone) ? Channel.Phone : null);

    public (Interval Every, PlanRule Rule) CareCallsFor(ValueTier tier) => tier switch
    {
        ValueTier.Key => (Policy.CareCallKey, PlanRule.CareCallKey),
        ValueTier.Core => (Policy.CareCallCore, PlanRule.CareCallCore),
        _ => (Policy.CareCallFringe, PlanRule.CareCallFringe),
    };

    /// <summary>Pass 1: the owner of a customer and the calls they are due.</summary>
    public void DemandCalls(int c, List<CallDemand> demands, out short owner, out short manager)
    {
        var customer = Input.Customers[c];
        owner = OwnerOf(customer, out manager);
        if (!customer.Permissions.MayContact(Channel.Phone))
        {
            return;
        }

        // Calls a moment triggered (a complaint's follow-up, a lapsing customer's personal call)
        // are placed like any other call, within their own window and ahead of cadence calls.
        foreach (var booked in customer.Booked.Span)
        {
            var day = OffsetOf(booked.Day);
            if (booked.Channel == Channel.Phone && day >= 0 && day < Days && (booked.IsReply || WantsToHear(customer.Frequency)))
            {
                // No one is called on a day off: a window without a calling day moves to the next one.
                var deadline = day;
                var release = Math.Max(0, day - booked.Lead);
                while (!HasCallDay(release, deadline) && deadline < Days - 1)
                {
                    deadline++;
                }

                demands.Add(new CallDemand(c, owner, manager, release, deadline, booked.IsReply ? PlanRule.Reply : PlanRule.Moment, byte.MaxValue, booked.Kind));
            }
        }

        if (!WantsToHear(customer.Frequency))
        {
            return;
        }

        var hash = Planner.Spread(customer.Id);
        var (every, rule) = CareCallsFor(customer.Tier);
        var spacing = (int)Math.Round(every.ApproximateDays);
        var slack = Math.Min(spacing / 4, 30);
        var lastCall = LastBooked(customer, t => t.Channel == Channel.Phone);
        int? firstDue = null;

        // A customer who can be reached only by phone hears from us by phone, as often as the
        // silence rules ask. The window is then early-only and shortened by its slack, so that
        // no gap between two calls exceeds the limit.
        var silenceOnlyByPhone = CheckInChannel(customer) == Channel.Phone;
        if (silenceOnlyByPhone)
        {
            var limit = SilenceLimitDays(customer.Frequency);
            if (limit < spacing + slack)
            {
                slack = Math.Min(limit / 8, Math.Max(0, (limit - Policy.CapWindowDays) / 2));
                spacing = limit - slack;
                rule = PlanRule.CheckInByPhone;
                lastCall = LastBooked(customer, _ => true);

                // The first call also keeps the personal check-in rule: a newsletter is no check-in.
                if (customer.Frequency != ContactFrequency.Quarterly)
                {
                    var lastPersonal = LastBooked(customer, t => t.Kind is not (TouchKind.Newsletter or TouchKind.Offer or TouchKind.Survey));
                    var personalDue = lastPersonal is { } p ? OffsetOf(Policy.CheckInAtLeast.After(DayOf(p))) : -1;
                    firstDue = personalDue < 0 ? (int)(hash % Planner.CatchUpDays) : personalDue;
                }
            }
        }

        slack = Math.Max(0, Math.Min(slack, spacing - Policy.CapWindowDays));
        int due;
        if (lastCall is { } last)
        {
            due = rule == PlanRule.CheckInByPhone ? last + spacing : OffsetOf(every.After(DayOf(last)));
            if (due < 0)
            {
                due = (int)(hash % Planner.CatchUpDays);
            }
        }
        else
        {
            // Never called: care calls spread over their first interval; a customer who hears
            // from us only by phone and never has is overdue, and caught up first.
            due = rule == PlanRule.CheckInByPhone
                ? (int)(hash % Planner.CatchUpDays)
                : (int)(hash % (uint)Math.Max(1, Math.Min(spacing, Days)));
        }

        if (firstDue is { } personal && personal < due)
        {
            due = personal;
        }

        var most = customer.Frequency == ContactFrequency.Yearly ? 1 : int.MaxValue;
        var tierRank = (byte)customer.Tier;
        var earliest = LastBooked(customer, t => t.Channel == Channel.Phone) is { } l ? l + Policy.CapWindowDays : 0;
        for (var n = 0; due < Days && n < most; n++)
        {
            var release = Math.Max(Math.Max(0, due - slack), Math.Min(earliest, due));
            var deadline = due;

            // A window must hold a day on which customers may be called: widen it backwards,
            // or forwards where the plan's first day cuts it short.
            while (!HasCallDay(release, deadline))
            {
                if (release > 0 && release > earliest)
                {
                    release--;
                }
                else if (deadline < Days - 1)
                {
                    deadline++;
                }
                else
                {
                    break;
                }
            }

            due = deadline;
            demands.Add(new CallDemand(c, owner, manager, release, due, rule, tierRank));
            earliest = due + Policy.CapWindowDays;
            due = rule == PlanRule.CheckInByPhone || every.Unit is IntervalUnit.Days or IntervalUnit.Weeks
                ? due + spacing
                : OffsetOf(every.After(DayOf(due)));
        }
    }

    private bool HasCallDay(int from, int until)
    {
        for (var d = from; d <= until && d < from + 7; d++)
        {
            if (Policy.CallDays.Includes(DayOf(d).DayOfWeek))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The longest silence, in days, for a customer's frequency choice.</summary>
    public int SilenceLimitDays(ContactFrequency? frequency) => frequency switch
    {
        ContactFrequency.Quarterly => Policy.QuarterlyLongestSilenceDays,
        ContactFrequency.Yearly or ContactFrequency.EssentialOnly => int.MaxValue / 2,
        _ => Math.Min(
            (int)Math.Round(Policy.LongestSilence.ApproximateDays),
            (int)Math.Round(Policy.CheckInAtLeast.ApproximateDays)),
    };

    /// <summary>The day (offset, negative in the past) of the customer's last booked touch before the plan that matches.</summary>
    public int? LastBooked(PlanCustomer customer, Func<BookedTouch, bool> match)
    {
        var booked = customer.Booked.Span;
        for (var i = booked.Length - 1; i >= 0; i--)
        {
            if (booked[i].Day < Input.AsOf && match(booked[i]))
            {
                return OffsetOf(booked[i].Day);
            }
        }

        return null;
    }

    /// <summary>Pass 2: one branch's calls into its staff's days, and its capacity report.</summary>
    public (CallPlacement[] Placed, CapacityWeek[] Weeks) PlaceCalls(short branch, List<CallDemand> demands)
    {
        var staff = new List<short>();
        if (branch >= 0)
        {
            var branchId = Input.Branches[branch].Id;
            for (short s = 0; s < Input.Staff.Count; s++)
            {
                if (Input.Staff[s].BranchId == branchId)
                {
                    staff.Add(s);
                }
            }

            staff.Sort((a, b) => string.CompareOrdinal(Input.Staff[a].Id, Input.Staff[b].Id));
        }

        // Capacity of each staff member on each day.
        var capacity = new int[staff.Count, Days];
        var perDay = new int[staff.Count];
        long total = 0;
        for (var i = 0; i < staff.Count; i++)
        {
            var member = Input.Staff[staff[i]];
            perDay[i] = CallCapacity.PerWorkingDay(member, Policy);
            for (var d = 0; d < Days; d++)
            {
                if (CallCapacity.Calls(member, DayOf(d).DayOfWeek, Policy))
                {
                    capacity[i, d] = perDay[i];
                    total += perDay[i];
                }
            }
        }

        // Spread evenly: fill each day only to the share of capacity the whole plan needs, and
        // beyond it only for calls whose window closes that day.
        var share = total == 0 ? 1.0 : Math.Min(1.0, demands.Count / (double)total);
        var soft = new int[staff.Count];
        for (var i = 0; i < staff.Count; i++)
        {
            soft[i] = Math.Min(perDay[i], (int)Math.Ceiling(perDay[i] * Math.Min(1.0, share * 1.15)));
        }

        // A call is urgent on the last day with capacity before its window closes.
        var nextOpen = new int[Days];
        var open = int.MaxValue;
        for (var d = Days - 1; d >= 0; d--)
        {
            nextOpen[d] = open;
            for (var i = 0; i < staff.Count; i++)
            {
                if (capacity[i, d] > 0)
                {
                    open = d;
                    break;
                }
            }
        }

        var position = new Dictionary<short, int>();
        for (var i = 0; i < staff.Count; i++)
        {
            position[staff[i]] = i;
        }

        demands.Sort(static (a, b) => a.Release != b.Release ? a.Release.CompareTo(b.Release) : a.Customer != b.Customer ? a.Customer.CompareTo(b.Customer) : a.Deadline.CompareTo(b.Deadline));
        var pool = new PriorityQueue<CallDemand, (int Deadline, int Rank, int Customer, int Release)>();
        var placed = new List<CallPlacement>(demands.Count);
        var missingByDay = new int[Days];
        var plannedByDay = new int[Days];
        var used = new int[staff.Count];
        var aside = new List<CallDemand>();
        var next = 0;
        for (var d = 0; d < Days; d++)
        {
            while (next < demands.Count && demands[next].Release <= d)
            {
                var demand = demands[next++];
                pool.Enqueue(demand, (demand.Deadline, -demand.TierRank, demand.Customer, demand.Release));
            }

            Array.Clear(used);
            var softLeft = 0;
            var hardLeft = 0;
            for (var i = 0; i < staff.Count; i++)
            {
                softLeft += Math.Min(soft[i], capacity[i, d]);
                hardLeft += capacity[i, d];
            }

            while (pool.Count > 0 && hardLeft > 0)
            {
                var demand = pool.Peek();
                var urgent = demand.Deadline <= d || nextOpen[d] > demand.Deadline;
                if (!urgent && softLeft <= 0)
                {
                    break;
                }

                pool.Dequeue();
                var country = Input.Customers[demand.Customer].Country;
                if (IsHoliday(country, d))
                {
                    aside.Add(demand);
                    continue;
                }

                var chosen = -1;
                var managerAt = -1;
                var hasManager = demand.Manager >= 0 && position.TryGetValue(demand.Manager, out managerAt);
                if (hasManager && used[managerAt] < (urgent ? capacity[managerAt, d] : Math.Min(soft[managerAt], capacity[managerAt, d])))
                {
                    chosen = managerAt;
                }
                else if (!hasManager || urgent)
                {
                    // Without an account manager, or when theirs has no slot left on the last
                    // day the call can be made: the least used member of staff that day.
                    for (var i = 0; i < staff.Count; i++)
                    {
                        var limit = urgent ? capacity[i, d] : Math.Min(soft[i], capacity[i, d]);
                        if (used[i] < limit && (chosen < 0 || used[i] < used[chosen]))
                        {
                            chosen = i;
                        }
                    }
                }

                if (chosen < 0)
                {
                    aside.Add(demand);
                    continue;
                }

                var start = (short)(CallsFromMinute + (used[chosen] * Policy.MinutesPerCall));
                if (used[chosen] < Math.Min(soft[chosen], capacity[chosen, d]))
                {
                    softLeft--;
                }

                used[chosen]++;
                hardLeft--;
                plannedByDay[d]++;
                placed.Add(new CallPlacement(demand.Customer, d, staff[chosen], start, demand.Rule, false, demand.Kind));
            }

            // Calls whose window closes today and found no slot are missing; the rest wait.
            foreach (var demand in aside)
            {
                pool.Enqueue(demand, (demand.Deadline, -demand.TierRank, demand.Customer, demand.Release));
            }

            aside.Clear();
            while (pool.Count > 0 && pool.Peek().Deadline <= d)
            {
                var demand = pool.Dequeue();
                missingByDay[d]++;
                placed.Add(new CallPlacement(demand.Customer, d, -1, -1, demand.Rule, true, demand.Kind));
            }
        }

        return (placed.ToArray(), branch < 0 && demands.Count == 0 ? [] : Weeks(branch, capacity, plannedByDay, missingByDay));
    }

    private CapacityWeek[] Weeks(short branch, int[,] capacity, int[] planned, int[] missing)
    {
        var weeks = new List<CapacityWeek>();
        var branchId = branch >= 0 ? Input.Branches[branch].Id : "(no branch)";
        var first = Input.AsOf.AddDays(-(((int)Input.AsOf.DayOfWeek + 6) % 7));
        for (var monday = first; OffsetOf(monday) < Days; monday = monday.AddDays(7))
        {
            int cap = 0, plan = 0, miss = 0;
            for (var d = Math.Max(0, OffsetOf(monday)); d < Math.Min(Days, OffsetOf(monday) + 7); d++)
            {
                for (var i = 0; i < capacity.GetLength(0); i++)
                {
                    cap += capacity[i, d];
                }

                plan += planned[d];
                miss += missing[d];
            }

            weeks.Add(new CapacityWeek(branchId, monday, cap, plan, miss, Policy.MinutesPerCall));
        }

        return weeks.ToArray();
    }

    private short OwnerOf(PlanCustomer customer, out short manager)
    {
        manager = -1;
        short owner = -1;
        if (customer.HomeBranchId is { } home && _branchIndex.TryGetValue(home, out var homeIndex))
        {
            owner = homeIndex;
        }
        else if (customer.AccountManagerId is { } am && _staffIndex.TryGetValue(am, out var amIndex) &&
                 _branchIndex.TryGetValue(Input.Staff[amIndex].BranchId, out var amBranch))
        {
            owner = amBranch;
        }
        else if ((customer.Location is { } location ? _ownership.NearestTo(location) : _ownership.OwnerOf(null, null).BranchId) is { } nearest)
        {
            owner = _branchIndex[nearest];
        }

        if (owner >= 0 && customer.AccountManagerId is { } manages && _staffIndex.TryGetValue(manages, out var s) &&
            Input.Staff[s].BranchId == Input.Branches[owner].Id)
        {
            manager = s;
        }

        return owner;
    }

    private int[] Schedule(Interval every, DateOnly first)
    {
        var days = new List<int>();
        for (var day = first; OffsetOf(day) < Days; day = every.After(day))
        {
            days.Add(OffsetOf(day));
        }

        return days.ToArray();
    }

    private static DateOnly FirstOfMonthFrom(DateOnly day) => day.Day == 1 ? day : new DateOnly(day.Year, day.Month, 1).AddMonths(1);

    private static int Threshold(IReadOnlyList<PlanCustomer> customers, double share)
    {
        var buying = customers.Where(c => c.PurchaseDaysLastYear > 0 && WantsToHear(c.Frequency)).Select(c => c.PurchaseDaysLastYear).ToArray();
        var take = (int)Math.Floor(buying.Length * share);
        if (take == 0)
        {
            return int.MaxValue;
        }

        Array.Sort(buying);
        Array.Reverse(buying);

        // Ties at the edge are left out, so the share is never exceeded; one purchase day is not loyalty.
        var threshold = buying[take - 1];
        if (take < buying.Length && buying[take] == threshold)
        {
            threshold++;
        }

        return Math.Max(2, threshold);
    }
}

using Rapport.Core.Analytics;
using Rapport.Core.Contact;
using Rapport.Core.Customers;
using Rapport.Core.Touches;

namespace Rapport.Core.Planning;

/// <summary>
/// Pass 3 of the planner: one customer's touches, built in the policy's order of precedence and
/// each checked against the caps and the customer's choice. One instance per thread, reused for
/// every customer of a chunk.
/// </summary>
internal sealed class CustomerSequence(PlanContext context)
{
    private const int HistoryDays = 400;
    private const int ShiftDays = 14;

    private readonly List<Entry> _entries = new(64);
    private readonly List<HeldTouch> _held = new(16);
    private readonly List<int> _window = new(64);
    private PlanCustomer _customer = null!;
    private int _index;

    private ContactPolicy Policy => context.Policy;

    private int Days => context.Days;

    public void Plan(int c, short owner, ReadOnlyMemory<CallPlacement> calls, List<PlannedTouch> touches, List<HeldTouch> held, List<UnreachableCustomer> unreachable)
    {
        _customer = context.Input.Customers[c];
        _index = c;
        _entries.Clear();
        _held.Clear();
        var customer = _customer;
        var hash = Planner.Spread(customer.Id);

        foreach (var booked in customer.Booked.Span)
        {
            var day = context.OffsetOf(booked.Day);
            if (day < -HistoryDays || day >= Days)
            {
                continue;
            }

            if (day < 0)
            {
                _entries.Add(new Entry(day, booked.Kind, booked.Channel, booked.IsReply, false, PlanRule.Reply, 0));
            }
            else if (!customer.Permissions.MayContact(booked.Channel))
            {
                Hold(day, booked.Kind, booked.IsReply ? PlanRule.Reply : PlanRule.Moment, PlanRule.NoConsent);
            }
            else if (booked.Channel == Channel.Phone)
            {
                // A triggered call was placed with the other calls in pass 2; it comes back below.
            }
            else if (booked.IsReply)
            {
                Insert(new Entry(day, booked.Kind, booked.Channel, true, true, PlanRule.Reply, 0));
            }
        }

        _entries.Sort(static (a, b) => a.Day.CompareTo(b.Day));
        PlanTriggeredCalls(calls.Span);
        if (!customer.Permissions.AnyOpen)
        {
            unreachable.Add(new UnreachableCustomer(c, PlanReasons.Unreachable(customer.Permissions)));
        }
        else if (PlanContext.WantsToHear(customer.Frequency))
        {
            PlanMoments();
            PlanCadence(calls.Span, hash);
        }

        Emit(owner, touches, held);
    }

    /// <summary>Calls a moment triggered: a reply (a complaint's follow-up) is fixed; a lapsing customer's call is checked against the caps like any other.</summary>
    private void PlanTriggeredCalls(ReadOnlySpan<CallPlacement> calls)
    {
        foreach (var call in calls)
        {
            if (call.Rule is not (PlanRule.Reply or PlanRule.Moment))
            {
                continue;
            }

            if (call.Missing)
            {
                Hold(call.Day, call.Kind, call.Rule, PlanRule.Capacity);
            }
            else if (call.Rule == PlanRule.Moment && Blocked(call.Day, isCall: true) is { } rule)
            {
                Hold(call.Day, call.Kind, call.Rule, rule);
            }
            else
            {
                Insert(new Entry(call.Day, call.Kind, Channel.Phone, call.Rule == PlanRule.Reply, true, call.Rule, 0) { Staff = call.Staff, Start = call.StartMinute });
            }
        }
    }

    /// <summary>Touches a moment triggered that are not replies and not calls: placed in their window around the caps, else held back.</summary>
    private void PlanMoments()
    {
        foreach (var booked in _customer.Booked.Span)
        {
            var day = context.OffsetOf(booked.Day);
            if (day < 0 || day >= Days || booked.IsReply || booked.Channel == Channel.Phone || !_customer.Permissions.MayContact(booked.Channel))
            {
                continue;
            }

            Place(Math.Max(0, day - booked.Lead), day, booked.Kind, booked.Channel, PlanRule.Moment, 0);
        }
    }

    private void PlanCadence(ReadOnlySpan<CallPlacement> calls, uint hash)
    {
        var customer = _customer;
        var (_, careRule) = context.CareCallsFor(customer.Tier);
        if (!customer.Permissions.MayContact(Channel.Phone))
        {
            Hold(0, TouchKind.CareCall, careRule, PlanRule.NoConsent);
        }

        foreach (var call in calls)
        {
            if (call.Rule is PlanRule.Reply or PlanRule.Moment)
            {
                continue;
            }

            var kind = call.Rule == PlanRule.CheckInByPhone ? TouchKind.CheckIn : TouchKind.CareCall;
            if (call.Missing)
            {
                Hold(call.Day, kind, call.Rule, PlanRule.Capacity);
            }
            else if (Blocked(call.Day, isCall: true) is { } rule)
            {
                Hold(call.Day, kind, call.Rule, rule);
            }
            else
            {
                Insert(new Entry(call.Day, kind, Channel.Phone, false, true, call.Rule, 0) { Staff = call.Staff, Start = call.StartMinute });
            }
        }

        if (customer.BirthDate is { } birth)
        {
            Greet(new MonthDay(birth.Month, birth.Day), TouchKind.Birthday, PlanRule.Birthday);
        }

        if (customer.AnniversaryDate is { } anniversary)
        {
            Greet(new MonthDay(anniversary.Month, anniversary.Day), TouchKind.Anniversary, PlanRule.Anniversary);
        }

        Greet(Policy.HolidayGreetingOn, TouchKind.HolidayGreeting, PlanRule.HolidayGreeting);

        if (customer.PurchaseDaysLastYear >= context.RewardThreshold)
        {
            Repeat(TouchKind.Reward, PlanRule.LoyaltyReward, Policy.RewardEvery, hash % 30, isOffer: false);
        }

        if (ChannelChoice.Pick(TouchKind.Newsletter, customer.PreferredChannels, customer.Permissions) is { } email)
        {
            foreach (var day in context.NewsletterDays)
            {
                Place(day, day, TouchKind.Newsletter, email, PlanRule.Newsletter, 0);
            }
        }

        var checkIn = PlanContext.CheckInChannel(customer);
        if (checkIn is { } channel && channel != Channel.Phone)
        {
            switch (customer.Frequency)
            {
                case ContactFrequency.Quarterly:
                    FillSilence(hash, channel, PlanRule.QuarterlySilence, personalOnly: false, prev => prev + Policy.QuarterlyLongestSilenceDays);
                    break;
                case ContactFrequency.Yearly:
                    AtLeastYearly(hash, channel);
                    break;
                default:
                    FillSilence(hash, channel, PlanRule.CheckIn, personalOnly: true, prev => context.OffsetOf(Policy.CheckInAtLeast.After(context.DayOf(prev))));
                    FillSilence(hash, channel, PlanRule.LongestSilence, personalOnly: false, prev => context.OffsetOf(Policy.LongestSilence.After(context.DayOf(prev))));
                    break;
            }
        }

        if (customer.Frequency is null or ContactFrequency.Weekly or ContactFrequency.Monthly)
        {
            if (customer.Stage is LifecycleStage.Lapsing or LifecycleStage.Lost)
            {
                Hold(Math.Min(Days - 1, (int)(hash % 90)), TouchKind.Offer, PlanRule.Offer, PlanRule.NotWhileLapsing);
            }
            else if (customer.Stage != LifecycleStage.Prospect)
            {
                Repeat(TouchKind.Offer, PlanRule.Offer, Policy.OffersEvery, hash % (uint)Math.Max(1, Policy.OffersEvery.ApproximateDays), isOffer: true);
            }
        }
    }

    /// <summary>A greeting on its day every year of the plan.</summary>
    private void Greet(MonthDay on, TouchKind kind, PlanRule rule)
    {
        var pick = ChannelChoice.Pick(kind, _customer.PreferredChannels, _customer.Permissions);
        foreach (var date in on.Between(context.DayOf(0), context.DayOf(Days - 1)))
        {
            var day = context.OffsetOf(date);
            if (pick is { } channel)
            {
                Place(day, day, kind, channel, rule, 0);
            }
            else
            {
                Hold(day, kind, rule, PlanRule.NoConsent);
            }
        }
    }

    /// <summary>A touch repeated at an interval: after the last one booked, else from a spread day.</summary>
    private void Repeat(TouchKind kind, PlanRule rule, Interval every, uint spread, bool isOffer)
    {
        if (ChannelChoice.Pick(kind, _customer.PreferredChannels, _customer.Permissions) is not { } channel)
        {
            Hold((int)(spread % (uint)Days), kind, rule, PlanRule.NoConsent);
            return;
        }

        var last = context.LastBooked(_customer, t => t.Kind == kind);
        var day = last is { } l ? context.OffsetOf(every.After(context.DayOf(l))) : (int)spread;
        if (day < 0)
        {
            day = (int)(spread % Planner.CatchUpDays);
        }

        var detail = rule == PlanRule.LoyaltyReward ? _customer.PurchaseDaysLastYear : 0;
        while (day < Days)
        {
            var placed = Place(day, Math.Min(Days - 1, day + ShiftDays), kind, channel, rule, detail, isOffer);
            day = context.OffsetOf(every.After(context.DayOf(placed ?? day)));
        }
    }

    /// <summary>
    /// Check-ins wherever the gap since the last counted touch would pass the limit: as late as
    /// the limit allows, earlier if the caps are full that day. A customer already overdue on the
    /// as-of day is caught up within <see cref="Planner.CatchUpDays"/>, spread by the hash.
    /// </summary>
    private void FillSilence(uint hash, Channel channel, PlanRule rule, bool personalOnly, Func<int, int> limitAfter)
    {
        int? prev = null;
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (_entries[i].Day < 0 && Counts(_entries[i], personalOnly))
            {
                prev = _entries[i].Day;
                break;
            }
        }

        var catchUp = (int)(hash % Planner.CatchUpDays);
        while (true)
        {
            var deadline = prev is { } p ? limitAfter(p) : catchUp;
            if (deadline < catchUp && (prev is null || prev < 0))
            {
                deadline = catchUp;
            }

            var after = prev ?? -1;
            var next = NextCounted(after, personalOnly);
            if (next is { } n && n <= deadline)
            {
                prev = n;
                continue;
            }

            if (deadline >= Days)
            {
                return;
            }

            var silence = prev is { } q ? deadline - q : 0;
            prev = Place(deadline, Math.Max(0, after + 1), TouchKind.CheckIn, channel, rule, silence) ?? deadline;
        }
    }

    private void AtLeastYearly(uint hash, Channel channel)
    {
        var planned = 0;
        var last = -HistoryDays;
        foreach (var entry in _entries)
        {
            last = Math.Max(last, entry.Day);
            planned += entry.Day >= 0 ? 1 : 0;
        }

        if (planned >= Policy.YearlyAtLeast || Days < 365)
        {
            return;
        }

        var target = Math.Clamp(last + 364, (int)(hash % Planner.CatchUpDays), Days - 1);
        Place(target, 0, TouchKind.CheckIn, channel, PlanRule.YearlyMinimum, 0);
    }

    private static bool Counts(Entry entry, bool personalOnly) =>
        !personalOnly || entry.Kind is not (TouchKind.Newsletter or TouchKind.Offer or TouchKind.Survey);

    private int? NextCounted(int after, bool personalOnly)
    {
        for (var i = LowerBound(Math.Max(0, after + 1)); i < _entries.Count; i++)
        {
            if (Counts(_entries[i], personalOnly))
            {
                return _entries[i].Day;
            }
        }

        return null;
    }

    /// <summary>The index of the first entry on or after a day.</summary>
    private int LowerBound(int day)
    {
        int low = 0, high = _entries.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_entries[middle].Day < day)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>
    /// Places a touch on the first day from <paramref name="from"/> towards <paramref name="until"/>
    /// (either direction) that the caps and, for offers, the offer rules allow; holds it back on
    /// <paramref name="from"/> with the rule that stopped it otherwise.
    /// </summary>
    private int? Place(int from, int until, TouchKind kind, Channel channel, PlanRule rule, int detail, bool isOffer = false)
    {
        var step = until >= from ? 1 : -1;
        PlanRule? first = null;
        for (var day = from; step > 0 ? day <= until : day >= until; day += step)
        {
            var blocked = Blocked(day, channel == Channel.Phone) ?? (isOffer ? OfferBlocked(day) : null);
            if (blocked is null)
            {
                Insert(new Entry(day, kind, channel, false, true, rule, detail));
                return day;
            }

            first ??= blocked;
        }

        Hold(from, kind, rule, first!.Value);
        return null;
    }

    /// <summary>The cap or choice a new outbound touch on a day would break, if any.</summary>
    private PlanRule? Blocked(int day, bool isCall)
    {
        if (Exceeds(day, Policy.CapWindowDays, Policy.CapTouches, callsOnly: false))
        {
            return PlanRule.CapTouches;
        }

        if (isCall && Exceeds(day, Policy.CapWindowDays, Policy.CapCalls, callsOnly: true))
        {
            return PlanRule.CapCalls;
        }

        return _customer.Frequency switch
        {
            ContactFrequency.Quarterly when Exceeds(day, 30, Policy.QuarterlyMostPerMonth, callsOnly: false) => PlanRule.QuarterlyChoice,
            ContactFrequency.Yearly when Exceeds(day, 365, Policy.YearlyAtMost, callsOnly: false) => PlanRule.YearlyChoice,
            _ => null,
        };
    }

    /// <summary>Whether one more touch on <paramref name="day"/> would put more than <paramref name="cap"/> in some window of <paramref name="window"/> days.</summary>
    private bool Exceeds(int day, int window, int cap, bool callsOnly)
    {
        _window.Clear();
        var added = false;
        for (var i = LowerBound(day - window + 1); i < _entries.Count; i++)
        {
            var entry = _entries[i];
            if (entry.Day >= day + window)
            {
                break;
            }

            if (callsOnly && entry.Channel != Channel.Phone)
            {
                continue;
            }

            if (!added && entry.Day > day)
            {
                _window.Add(day);
                added = true;
            }

            _window.Add(entry.Day);
        }

        if (!added)
        {
            _window.Add(day);
        }

        if (_window.Count <= cap)
        {
            return false;
        }

        // A window holding the new day and the most touches can start on a touch at or before it.
        for (var i = 0; i < _window.Count && _window[i] <= day; i++)
        {
            var start = _window[i];
            var inside = 0;
            for (var j = i; j < _window.Count && _window[j] < start + window; j++)
            {
                inside++;
            }

            if (start + window > day && inside > cap)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The offer rule an offer on a day would break: no other offer within the policy's run of touches around it.</summary>
    private PlanRule? OfferBlocked(int day)
    {
        var at = InsertionPoint(day);
        if (at > 0 && _entries[at - 1].Day == day)
        {
            return PlanRule.OfferSameDay;
        }

        var run = Math.Max(1, Policy.OffersAtMostOneIn);
        if (!Policy.OffersTwoInARow &&
            ((at > 0 && _entries[at - 1].Kind == TouchKind.Offer) || (at < _entries.Count && _entries[at].Kind == TouchKind.Offer)))
        {
            return PlanRule.OffersInARow;
        }

        for (var i = Math.Max(0, at - run + 1); i < Math.Min(_entries.Count, at + run - 1); i++)
        {
            if (_entries[i].Kind == TouchKind.Offer)
            {
                return PlanRule.OffersShare;
            }
        }

        return null;
    }

    private int InsertionPoint(int day) => LowerBound(day + 1);

    private void Insert(Entry entry) => _entries.Insert(InsertionPoint(entry.Day), entry);

    private void Hold(int day, TouchKind kind, PlanRule wantedBy, PlanRule heldBy) =>
        _held.Add(new HeldTouch(_index, context.DayOf(Math.Clamp(day, 0, Days - 1)), kind, wantedBy, heldBy));

    private void Emit(short owner, List<PlannedTouch> touches, List<HeldTouch> held)
    {
        var first = touches.Count;
        var previousCall = 0;
        foreach (var entry in _entries)
        {
            if (entry.Planned)
            {
                var detail = entry.Channel == Channel.Phone && entry.Start >= 0 ? previousCall : entry.Detail;
                touches.Add(new PlannedTouch(_index, context.DayOf(entry.Day), entry.Start, entry.Channel, entry.Kind, entry.Staff, owner, entry.Rule, detail, RankOf(entry)));
            }

            if (entry.Channel == Channel.Phone)
            {
                previousCall = context.DayOf(entry.Day).DayNumber;
            }
        }

        touches.Sort(first, touches.Count - first, TouchOrder.Instance);
        _held.Sort(static (a, b) => a.Day != b.Day ? a.Day.CompareTo(b.Day) : a.Kind.CompareTo(b.Kind));
        held.AddRange(_held);
    }

    private byte RankOf(Entry entry)
    {
        if (entry.Channel == Channel.Phone && entry.Kind == TouchKind.CheckIn)
        {
            return PlannedTouch.OnlyChannel;
        }

        var preferred = _customer.PreferredChannels;
        for (var i = 0; i < preferred.Count && i < PlannedTouch.NotListed; i++)
        {
            if (preferred[i] == entry.Channel)
            {
                return (byte)i;
            }
        }

        return PlannedTouch.NotListed;
    }

    private readonly record struct Entry(int Day, TouchKind Kind, Channel Channel, bool Reply, bool Planned, PlanRule Rule, int Detail)
    {
        public short Staff { get; init; } = -1;

        public short Start { get; init; } = -1;
    }

    private sealed class TouchOrder : IComparer<PlannedTouch>
    {
        public static readonly TouchOrder Instance = new();

        public int Compare(PlannedTouch x, PlannedTouch y) =>
            x.Day != y.Day ? x.Day.CompareTo(y.Day) : x.Kind != y.Kind ? x.Kind.CompareTo(y.Kind) : x.StartMinute.CompareTo(y.StartMinute);
    }
}

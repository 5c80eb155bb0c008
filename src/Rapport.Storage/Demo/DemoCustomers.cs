using System.Globalization;
using System.Text;
using Rapport.Core.Common;
using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Core.Customers;
using Rapport.Core.Organisation;
using Rapport.Core.Touches;
using Rapport.Storage.Csv;

namespace Rapport.Storage.Demo;

/// <summary>
/// Makes the demo customers one at a time and streams each one's row, consents, purchases and
/// touches to the four files.
/// </summary>
/// <remarks>
/// Times are whole seconds from 0001-01-01T00:00:00Z (see <see cref="DemoText"/>). Every time
/// lies before <c>_limit</c>, midnight UTC at the start of the as-of day, and not before the
/// customer joined. A customer's data comes from two streams keyed by (seed, position): a small
/// "life" stream (when they joined, whether and when they died) that other customers may read,
/// and the main stream for everything else.
/// </remarks>
internal sealed class DemoCustomers : IDisposable
{
    private const long Day = DemoText.SecondsPerDay;
    private const long Hour = 3_600;
    private const long Year = 31_556_952;
    private const ulong LifeSalt = 0x4C49_4645UL;
    private const ulong CustomerSalt = 0x4355_5354UL;
    private const int ChannelCount = 5;
    private const int NoOutcome = -1;
    private const int NoStaff = -1;
    private const int NoOne = -1;

    // The purchase process, tuned so a customer averages about ten purchases: rates in purchases
    // a year are gamma-distributed, and after each purchase the customer leaves with a chance
    // drawn from a beta distribution (BG/NBD).
    private const double RateShape = 0.9;
    private const double RateMean = 3.9;
    private const double DropoutA = 1.1;
    private const double DropoutB = 16;

    // Mean spend per purchase is log-normal: median e^SpendMu dollars; together with the spread of
    // purchase counts this puts about three quarters of revenue with the top fifth of customers.
    private const double SpendMu = 3.9;
    private const double SpendSigma = 0.9;
    private const double BasketSigma = 0.5;
    private const double BusinessSpend = 2.5;

    private const double DeceasedShare = 0.002;
    private const double JitterKm = 5;

    private static readonly int[] ChannelWeights = [50, 14, 18, 12, 6]; // email, print, phone, sms, social
    private static readonly int[] ChannelCountWeights = [5, 40, 40, 15]; // 0 to 3 preferred channels
    private static readonly int[] FrequencyWeights = [5, 40, 25, 10, 5, 15]; // weekly … essential-only, none
    private static readonly int[] InboundChannelWeights = [40, 15, 30, 0, 15];

    // Which channels suit each kind of touch, as bit masks over Channel, in TouchKind order.
    private static readonly int[] KindChannels = BuildKindChannels();

    private readonly DemoOptions _options;
    private readonly IReadOnlyList<DemoStaffMember> _staff;
    private readonly int[][] _staffByBranch;
    private readonly CsvWriter _customers;
    private readonly CsvWriter _consents;
    private readonly CsvWriter _purchases;
    private readonly CsvWriter _touches;
    private readonly long _limit;
    private readonly int _firstDay;
    private readonly int _joiningDays;
    private readonly StringBuilder _text = new(128);

    private readonly long[] _grantedAt = new long[ChannelCount];
    private readonly long[] _withdrawnAt = new long[ChannelCount];
    private readonly Channel[] _preferred = new Channel[ChannelCount];
    private readonly int[] _weights = new int[ChannelCount];
    private ConsentEvent[] _consentEvents = new ConsentEvent[16];
    private TouchEvent[] _touchEvents = new TouchEvent[64];
    private int _consentEventCount;
    private int _touchEventCount;
    private int _preferredCount;

    private DemoRandom _random;
    private int _index;
    private string _customerId = "";
    private long _created;
    private long _end;
    private int _servingBranch;
    private int _accountManager;
    private bool _hasEmail;
    private bool _hasPhone;
    private bool _hasSocial;

    public DemoCustomers(DemoOptions options, IReadOnlyList<DemoStaffMember> staff, string customersPath, string consentsPath, string purchasesPath, string touchesPath)
    {
        _options = options;
        _staff = staff;
        _staffByBranch = new int[DemoCatalogue.Branches.Length][];
        for (var branch = 0; branch < _staffByBranch.Length; branch++)
        {
            var members = new List<int>();
            for (var i = 0; i < staff.Count; i++)
            {
                if (staff[i].Branch == branch && staff[i].Role != StaffRole.Admin)
                {
                    members.Add(i);
                }
            }

            _staffByBranch[branch] = [.. members];
        }

        _limit = options.AsOf.DayNumber * Day;
        _firstDay = options.AsOf.AddYears(-10).DayNumber;

        // Customers join up to three days before the as-of day, so their first purchase and
        // consents, a little later, still fall before the limit.
        _joiningDays = options.AsOf.DayNumber - 3 - _firstDay;

        _customers = CsvWriter.Create(customersPath);
        _consents = CsvWriter.Create(consentsPath);
        _purchases = CsvWriter.Create(purchasesPath);
        _touches = CsvWriter.Create(touchesPath);
        _customers.Record(
            "customer_id", "first_name", "last_name", "company", "email", "phone", "street", "city", "postcode", "country",
            "latitude", "longitude", "time_zone", "language", "birth_date", "anniversary_date", "tags", "account_manager_id",
            "home_branch_id", "acquisition_source", "referred_by", "preferred_channels", "preferred_frequency", "social_handles",
            "created_at");
        _consents.Record("customer_id", "channel", "status", "at", "source", "evidence", "suppression");
        _purchases.Record("purchase_id", "customer_id", "at", "amount", "currency", "product", "category", "line_of_business", "branch_id");
        _touches.Record("touch_id", "customer_id", "at", "channel", "direction", "kind", "outcome", "staff_id", "note");
    }

    public long Consents { get; private set; }

    public long Purchases { get; private set; }

    public long Touches { get; private set; }

    public void WriteAll(IProgress<long>? progress, CancellationToken cancellationToken)
    {
        for (var index = 0; index < _options.Customers; index++)
        {
            if ((index & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            WriteCustomer(index);
            if (progress is not null && (index + 1) % 10_000 == 0)
            {
                progress.Report(index + 1);
            }
        }

        progress?.Report(_options.Customers);
    }

    public void Dispose()
    {
        _customers.Dispose();
        _consents.Dispose();
        _purchases.Dispose();
        _touches.Dispose();
    }

    private static int Mask(params Channel[] channels)
    {
        var mask = 0;
        foreach (var channel in channels)
        {
            mask |= 1 << (int)channel;
        }

        return mask;
    }

    private static int[] BuildKindChannels()
    {
        var masks = new int[Enum.GetValues<TouchKind>().Length];
        masks[(int)TouchKind.ThankYou] = Mask(Channel.Email, Channel.Print, Channel.Phone, Channel.Sms);
        masks[(int)TouchKind.WelcomeKit] = Mask(Channel.Print, Channel.Email);
        masks[(int)TouchKind.CheckIn] = Mask(Channel.Phone, Channel.Email, Channel.Sms, Channel.Social);
        masks[(int)TouchKind.CareCall] = Mask(Channel.Phone);
        masks[(int)TouchKind.Newsletter] = Mask(Channel.Email);
        masks[(int)TouchKind.Offer] = Mask(Channel.Email, Channel.Print, Channel.Sms);
        masks[(int)TouchKind.Survey] = Mask(Channel.Email, Channel.Sms);
        masks[(int)TouchKind.Acknowledgement] = Mask(Channel.Email, Channel.Print, Channel.Social);
        masks[(int)TouchKind.Reward] = Mask(Channel.Print, Channel.Email);
        masks[(int)TouchKind.Birthday] = Mask(Channel.Email, Channel.Print, Channel.Sms);
        masks[(int)TouchKind.Anniversary] = Mask(Channel.Email, Channel.Print);
        masks[(int)TouchKind.ReferralThanks] = Mask(Channel.Print);
        masks[(int)TouchKind.WinBack] = Mask(Channel.Phone, Channel.Email);
        masks[(int)TouchKind.YouSaidWeDid] = Mask(Channel.Email, Channel.Print);
        masks[(int)TouchKind.HolidayGreeting] = Mask(Channel.Print, Channel.Email);
        return masks;
    }

    // When a customer joined (in order of position, within daytime hours across the US) and, for a
    // few, when they died.
    private (long Joined, long Died) Life(int index)
    {
        var random = new DemoRandom(_options.Seed, (ulong)index, LifeSalt);
        var position = (index + random.NextDouble()) / _options.Customers * _joiningDays;
        var day = (long)position;
        var joined = ((_firstDay + day) * Day) + (14 * Hour) + (long)((position - day) * 14 * Hour);
        var died = long.MaxValue;
        if (random.Chance(DeceasedShare))
        {
            died = joined + Day + (long)(random.NextDouble() * (_limit - joined - Day));
        }

        return (joined, died);
    }

    private void WriteCustomer(int index)
    {
        (_created, var died) = Life(index);
        _end = Math.Min(_limit, died);
        _index = index;
        _customerId = DemoText.Id('C', index + 1, 7);
        _random = new DemoRandom(_options.Seed, (ulong)index, CustomerSalt);
        _consentEventCount = 0;
        _touchEventCount = 0;
        Array.Fill(_grantedAt, -1L);
        Array.Fill(_withdrawnAt, long.MaxValue);

        var origin = DemoCatalogue.Origins[_random.Pick(DemoCatalogue.OriginWeights)];
        var first = origin.FirstNames[_random.Next(origin.FirstNames.Length)];
        var last = origin.LastNames[_random.Next(origin.LastNames.Length)];
        var business = _random.Chance(0.2);
        var company = business ? CompanyName(last) : null;

        var nearest = _random.Pick(DemoCatalogue.BranchWeights);
        var home = NoOne;
        if (_random.Chance(0.85))
        {
            // A few customers keep a store that is not their nearest, say after moving house.
            home = _random.Chance(0.04) ? _random.Next(DemoCatalogue.Branches.Length) : nearest;
        }

        _servingBranch = home == NoOne ? nearest : home;
        var branch = DemoCatalogue.Branches[nearest];
        var latitude = branch.Latitude + (_random.Normal() * JitterKm / 111.2);
        var longitude = branch.Longitude + (_random.Normal() * JitterKm / branch.KmPerDegreeLongitude);
        var place = branch.Places[_random.Next(branch.Places.Length)];
        var street = Street(business);
        var language = origin.Languages[_random.Pick(origin.LanguageWeights)];

        var age = _random.Next(22, 86);
        var birthDay = NoOne;
        if (_random.Chance(business ? 0.3 : 0.8))
        {
            birthDay = _options.AsOf.DayNumber - (int)(age * 365.2425) - _random.Next(365);
        }

        var anniversaryDay = NoOne;
        if (_random.Chance(business ? 0.05 : 0.3))
        {
            var earliest = _options.AsOf.DayNumber - (int)((age - 20) * 365.2425);
            anniversaryDay = _random.Next(earliest, _options.AsOf.DayNumber - 30);
        }

        var primaryLine = _random.Pick(DemoCatalogue.LineWeights);
        var tags = Tags(business, age, primaryLine);

        var source = _random.Chance(0.06) ? NoOne : _random.Pick(DemoCatalogue.AcquisitionWeights);
        var referrer = NoOne;
        if (source == DemoCatalogue.Friend && index > 0 && _random.Chance(0.15))
        {
            var candidate = _random.Next(index);
            var (_, referrerDied) = Life(candidate);
            if (referrerDied > _created)
            {
                referrer = candidate;
                var thanks = InOpeningHours(_created + _random.NextLong(3 * Day, 21 * Day), _servingBranch);
                if (_random.Chance(0.7) && thanks < Math.Min(_limit, referrerDied))
                {
                    AddTouch(thanks, candidate, Channel.Print, TouchDirection.Out, TouchKind.ReferralThanks, NoOutcome, StaffOf(_servingBranch), null);
                }
            }
        }

        _hasEmail = _random.Chance(business ? 0.97 : 0.88);
        _hasPhone = _random.Chance(0.9);
        _hasSocial = _random.Chance(business ? 0.4 : 0.25);
        var email = _hasEmail
            ? string.Concat(first.Folded, ".", last.Folded, DemoText.Integer(index + 1), "@", DemoCatalogue.EmailDomains[_random.Next(DemoCatalogue.EmailDomains.Length)])
            : null;
        var phone = _hasPhone
            ? DemoText.Phone(branch.AreaCodes[_random.Next(branch.AreaCodes.Length)], _random.Next(10_000))
            : null;
        var social = _hasSocial ? SocialHandles(first, last) : null;
        ChoosePreferredChannels();
        var frequency = _random.Pick(FrequencyWeights);
        _accountManager = business || _random.Chance(0.45) ? StaffOf(_servingBranch) : NoStaff;

        RecordConsents(source, died);
        var (purchases, lastPurchase, revenueCents) = RecordPurchases(business, primaryLine);
        RecordTouches(purchases, lastPurchase, revenueCents, birthDay, anniversaryDay);

        var csv = _customers;
        csv.Field(_customerId);
        csv.Field(first.Text);
        csv.Field(last.Text);
        csv.Field(company);
        csv.Field(email);
        csv.Field(phone);
        csv.Field(street);
        csv.Field(place.City);
        csv.Field(place.Postcode);
        csv.Field(DemoCatalogue.Country);
        csv.Field(DemoText.Coordinate(latitude));
        csv.Field(DemoText.Coordinate(longitude));
        csv.Field(branch.TimeZone);
        csv.Field(language);
        csv.Field(birthDay == NoOne ? null : IsoTime.Format(DateOnly.FromDayNumber(birthDay)));
        csv.Field(anniversaryDay == NoOne ? null : IsoTime.Format(DateOnly.FromDayNumber(anniversaryDay)));
        csv.Field(tags);
        csv.Field(_accountManager == NoStaff ? null : _staff[_accountManager].Id);
        csv.Field(home == NoOne ? null : DemoCatalogue.Branches[home].Id);
        csv.Field(source == NoOne ? null : DemoCatalogue.AcquisitionSources[source]);
        csv.Field(referrer == NoOne ? null : DemoText.Id('C', referrer + 1, 7));
        csv.Field(PreferredChannelsText());
        csv.Field(frequency == FrequencyWeights.Length - 1 ? null : EnumText.ToText((ContactFrequency)frequency));
        csv.Field(social);
        csv.Field(DemoText.Instant(_created));
        csv.EndRecord();

        WriteConsents();
        WriteTouches();
    }

    private string CompanyName(DemoName last)
    {
        if (_random.Chance(0.3))
        {
            return DemoCatalogue.CompanyNames[_random.Next(DemoCatalogue.CompanyNames.Length)];
        }

        var pattern = DemoCatalogue.CompanyPatterns[_random.Next(DemoCatalogue.CompanyPatterns.Length)];
        var origin = DemoCatalogue.Origins[_random.Pick(DemoCatalogue.OriginWeights)];
        var partner = origin.LastNames[_random.Next(origin.LastNames.Length)];
        return string.Format(CultureInfo.InvariantCulture, pattern, last.Text, partner.Text);
    }

    private string Street(bool business)
    {
        var number = _random.Next(100, 9900);
        var name = DemoCatalogue.Streets[_random.Next(DemoCatalogue.Streets.Length)];
        var suffix = DemoCatalogue.StreetSuffixes[_random.Next(DemoCatalogue.StreetSuffixes.Length)];
        if (business && _random.Chance(0.5))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{number} {name} {suffix}, Suite {_random.Next(1, 40) * 10}");
        }

        return _random.Chance(0.1)
            ? string.Create(CultureInfo.InvariantCulture, $"{number} {name} {suffix} Apt {_random.Next(1, 30)}{(char)('A' + _random.Next(4))}")
            : string.Create(CultureInfo.InvariantCulture, $"{number} {name} {suffix}");
    }

    private string? Tags(bool business, int age, int primaryLine)
    {
        _text.Clear();
        if (business)
        {
            Tag("b2b");
        }
        else
        {
            if (age < 50 && _random.Chance(0.35))
            {
                Tag("young-children");
            }

            if (age >= 65 && _random.Chance(0.5))
            {
                Tag("senior");
            }

            if (_random.Chance(0.3))
            {
                Tag("pet-owner");
            }

            if (_random.Chance(age < 45 ? 0.15 : 0.04))
            {
                Tag("new-homeowner");
            }
        }

        if (_random.Chance(primaryLine == 0 ? 0.45 : 0.1))
        {
            Tag("keen-gardener");
        }

        if (_random.Chance(primaryLine == 3 ? 0.5 : 0.08))
        {
            Tag("diy");
        }

        if (_random.Chance(primaryLine == 1 ? 0.3 : 0.05))
        {
            Tag("home-cook");
        }

        if (_random.Chance(0.08))
        {
            Tag("eco-minded");
        }

        return _text.Length == 0 ? null : _text.ToString();
    }

    private void Tag(string tag)
    {
        if (_text.Length > 0)
        {
            _text.Append(';');
        }

        _text.Append(tag);
    }

    private string SocialHandles(DemoName first, DemoName last)
    {
        _text.Clear();
        var number = _random.Next(1, 1000).ToString(CultureInfo.InvariantCulture);
        var networks = _random.Next(1, 3);
        var start = _random.Next(3);
        for (var k = 0; k < networks; k++)
        {
            if (k > 0)
            {
                _text.Append(';');
            }

            switch ((start + k) % 3)
            {
                case 0:
                    _text.Append("facebook:").Append(first.Folded).Append('.').Append(last.Folded).Append(number);
                    break;
                case 1:
                    _text.Append("instagram:@").Append(first.Folded).Append(last.Folded).Append(number);
                    break;
                default:
                    _text.Append("x:@").Append(first.Folded).Append('_').Append(last.Folded);
                    break;
            }
        }

        return _text.ToString();
    }

    private bool HasDetailsFor(Channel channel) => channel switch
    {
        Channel.Email => _hasEmail,
        Channel.Phone or Channel.Sms => _hasPhone,
        Channel.Social => _hasSocial,
        _ => true,
    };

    private void ChoosePreferredChannels()
    {
        _preferredCount = 0;
        var wanted = _random.Pick(ChannelCountWeights);
        for (var c = 0; c < ChannelCount; c++)
        {
            _weights[c] = HasDetailsFor((Channel)c) ? ChannelWeights[c] : 0;
        }

        for (var k = 0; k < wanted; k++)
        {
            var chosen = _random.Pick(_weights);
            if (_weights[chosen] == 0)
            {
                break;
            }

            _preferred[_preferredCount++] = (Channel)chosen;
            _weights[chosen] = 0;
        }
    }

    private string? PreferredChannelsText()
    {
        if (_preferredCount == 0)
        {
            return null;
        }

        _text.Clear();
        for (var k = 0; k < _preferredCount; k++)
        {
            if (k > 0)
            {
                _text.Append(';');
            }

            _text.Append(EnumText.ToText(_preferred[k]));
        }

        return _text.ToString();
    }

    private int StaffOf(int branch)
    {
        var members = _staffByBranch[branch];
        return members[_random.Next(members.Length)];
    }

    private bool Allowed(Channel channel, long at) =>
        _grantedAt[(int)channel] >= 0 && _grantedAt[(int)channel] <= at && at < _withdrawnAt[(int)channel];

    private void RecordConsents(int source, long died)
    {
        // At signup: the preferred channels, and often e-mail, post or texts as well.
        var how = source switch
        {
            DemoCatalogue.Google or DemoCatalogue.Facebook => ConsentSource.WebForm,
            DemoCatalogue.Friend => _random.Chance(0.5) ? ConsentSource.WebForm : ConsentSource.InStore,
            _ => _random.Chance(0.1) ? ConsentSource.Phone : _random.Chance(0.7) ? ConsentSource.InStore : ConsentSource.WebForm,
        };
        var evidence = Evidence(how, _created);
        var at = _created + _random.NextLong(0, 600);
        for (var k = 0; k < _preferredCount; k++)
        {
            Grant(_preferred[k], at, how, evidence);
        }

        if (_hasEmail && _grantedAt[(int)Channel.Email] < 0 && _random.Chance(0.5))
        {
            Grant(Channel.Email, at, how, evidence);
        }

        if (_grantedAt[(int)Channel.Print] < 0 && _random.Chance(0.3))
        {
            Grant(Channel.Print, at, how, evidence);
        }

        if (_hasPhone && _grantedAt[(int)Channel.Sms] < 0 && _random.Chance(0.1))
        {
            Grant(Channel.Sms, at, how, evidence);
        }

        // Later: a channel added on the preference page.
        if (_random.Chance(0.08))
        {
            var channel = (Channel)_random.Next(ChannelCount);
            if (HasDetailsFor(channel) && _grantedAt[(int)channel] < 0)
            {
                var when = _random.NextLong(_created + Day, _end);
                Grant(channel, when, ConsentSource.PreferencePage, Evidence(ConsentSource.PreferencePage, when));
            }
        }

        if (_random.Chance(0.04))
        {
            Unsubscribe();
        }

        if (_random.Chance(0.02))
        {
            var channel = (Channel)_random.Next(ChannelCount);
            if (_grantedAt[(int)channel] >= 0 && _withdrawnAt[(int)channel] == long.MaxValue && _grantedAt[(int)channel] + Day < _end)
            {
                var when = _random.NextLong(_grantedAt[(int)channel] + Day, _end);
                var why = _random.Chance(0.5) ? ConsentSource.InStore : ConsentSource.PreferencePage;
                Withdraw(channel, when, why, Evidence(why, when), null);
            }
        }

        if (_hasPhone && _random.Chance(0.03))
        {
            DoNotCall();
        }

        if (_random.Chance(0.008))
        {
            Bounce();
        }

        if (died < _limit)
        {
            // The family's letter arrives some weeks later and closes every channel.
            var notice = died + _random.NextLong(7 * Day, 60 * Day);
            if (notice < _limit)
            {
                Withdraw(Channel.Print, notice, ConsentSource.FamilyLetter, Evidence(ConsentSource.FamilyLetter, notice), SuppressionReason.Deceased);
            }
        }
    }

    private void Unsubscribe()
    {
        // From e-mail through its link, or from texts, post or social through the preference page.
        var channel = _random.Chance(0.6) ? Channel.Email : (Channel)_random.Next(ChannelCount);
        var granted = _grantedAt[(int)channel];
        if (channel == Channel.Phone || granted < 0 || _withdrawnAt[(int)channel] != long.MaxValue || granted + Day >= _end)
        {
            return;
        }

        var when = _random.NextLong(granted + Day, _end);
        var how = channel == Channel.Email ? ConsentSource.UnsubscribeLink : ConsentSource.PreferencePage;
        if (channel == Channel.Email)
        {
            var sent = Math.Max(granted, when - _random.NextLong(600, 3 * Day));
            AddTouch(sent, _index, Channel.Email, TouchDirection.Out, TouchKind.Newsletter, (int)TouchOutcome.Unsubscribed, NoStaff, null);
        }

        Withdraw(channel, when, how, Evidence(how, when), SuppressionReason.Unsubscribed);
        if (_random.Chance(0.2) && when + (30 * Day) < _end)
        {
            var again = _random.NextLong(when + (30 * Day), _end);
            AddConsent(channel, ConsentStatus.Granted, again, ConsentSource.PreferencePage, Evidence(ConsentSource.PreferencePage, again), null);
        }
    }

    private void DoNotCall()
    {
        var when = InOpeningHours(_random.NextLong(_created + Day, _end), _servingBranch);
        if (when >= _end)
        {
            return;
        }
        if (Allowed(Channel.Phone, when))
        {
            AddTouch(when, _index, Channel.Phone, TouchDirection.Out, TouchKind.CheckIn, (int)TouchOutcome.Negative, Caller(), "Asked not to be called again");
        }
        else
        {
            AddTouch(when, _index, Channel.Phone, TouchDirection.In, TouchKind.Correspondence, NoOutcome, Caller(), "Called to ask never to be phoned");
        }

        Withdraw(Channel.Phone, when, ConsentSource.Phone, Evidence(ConsentSource.Phone, when), SuppressionReason.DoNotCall);
    }

    private void Bounce()
    {
        var granted = _grantedAt[(int)Channel.Email];
        if (granted < 0 || granted + Day >= _end)
        {
            return;
        }

        var when = _random.NextLong(granted + Day, _end);
        if (when >= _withdrawnAt[(int)Channel.Email])
        {
            return;
        }

        AddTouch(when - 60, _index, Channel.Email, TouchDirection.Out, TouchKind.Newsletter, (int)TouchOutcome.Bounced, NoStaff, null);
        Withdraw(Channel.Email, when, ConsentSource.MailServer, Evidence(ConsentSource.MailServer, when), SuppressionReason.Bounced);
    }

    private void Grant(Channel channel, long at, ConsentSource how, string evidence)
    {
        _grantedAt[(int)channel] = at;
        AddConsent(channel, ConsentStatus.Granted, at, how, evidence, null);
    }

    private void Withdraw(Channel channel, long at, ConsentSource how, string evidence, SuppressionReason? suppression)
    {
        _withdrawnAt[(int)channel] = Math.Min(_withdrawnAt[(int)channel], at);
        AddConsent(channel, ConsentStatus.Withdrawn, at, how, evidence, suppression);
    }

    private void AddConsent(Channel channel, ConsentStatus status, long at, ConsentSource how, string evidence, SuppressionReason? suppression)
    {
        if (_consentEventCount == _consentEvents.Length)
        {
            Array.Resize(ref _consentEvents, _consentEvents.Length * 2);
        }

        _consentEvents[_consentEventCount] = new ConsentEvent(at, _consentEventCount, channel, status, how, evidence, suppression);
        _consentEventCount++;
    }

    private string Evidence(ConsentSource how, long at) => how switch
    {
        ConsentSource.WebForm => string.Create(CultureInfo.InvariantCulture, $"form {_random.Next(1000, 99_999)} ip 203.0.113.{_random.Next(1, 255)}"),
        ConsentSource.InStore => string.Create(CultureInfo.InvariantCulture, $"signed slip {_random.Next(10_000, 99_999)} at {DemoCatalogue.Branches[_servingBranch].Id}"),
        ConsentSource.Phone => string.Create(CultureInfo.InvariantCulture, $"call recording R-{_random.Next(1000, 99_999)}"),
        ConsentSource.PreferencePage => string.Create(CultureInfo.InvariantCulture, $"preference page ip 198.51.100.{_random.Next(1, 255)}"),
        ConsentSource.UnsubscribeLink => string.Concat("unsubscribe link in newsletter, ", DemoText.Instant(at).AsSpan(0, 7)),
        ConsentSource.MailServer => "smtp 550 5.1.1 mailbox unavailable",
        _ => string.Create(CultureInfo.InvariantCulture, $"letter from the family, scanned as D-{_random.Next(100, 9999)}"),
    };

    private (int Count, long Last, long RevenueCents) RecordPurchases(bool business, int primaryLine)
    {
        var rate = Math.Max(1e-6, _random.Gamma(RateShape, RateMean / RateShape));
        var dropout = _random.Beta(DropoutA, DropoutB);
        var meanSpend = DemoMath.Exp(SpendMu + (SpendSigma * _random.Normal())) * (business ? BusinessSpend : 1);
        var lines = 1 << primaryLine;
        var count = 0;
        var last = long.MinValue;
        var revenue = 0L;

        // Most customers join with a purchase; the rest signed up at an event or online first.
        var t = _created;
        if (_random.Chance(0.95))
        {
            last = _created + _random.NextLong(60, 1800);
            revenue += Purchase(last, _servingBranch, meanSpend, primaryLine, ref lines, count++);
            t = last;
        }

        while (count == 0 || !_random.Chance(dropout))
        {
            var gapYears = Math.Min(_random.Exponential() / rate, 20);
            t += (long)(gapYears * Year);
            if (t >= _end)
            {
                break;
            }

            var branch = _random.Chance(0.9) ? _servingBranch : _random.Next(DemoCatalogue.Branches.Length);
            var at = InOpeningHours(t, branch);
            var earliest = Math.Max(last, _created);
            if (at <= earliest)
            {
                at = earliest + _random.NextLong(600, 2 * Hour);
            }

            if (at >= _end)
            {
                break;
            }

            last = at;
            t = at;
            revenue += Purchase(at, branch, meanSpend, primaryLine, ref lines, count++);
        }

        return (count, last, revenue);
    }

    // Moves an instant to a time between 09:00 and 20:00, store time, on the store's local day.
    private long InOpeningHours(long at, int branch)
    {
        var offset = DemoCatalogue.Branches[branch].UtcOffsetHours * Hour;
        var localDay = (at + offset) / Day;
        return (localDay * Day) - offset + (9 * Hour) + _random.NextLong(0, 11 * Hour);
    }

    private long Purchase(long at, int branch, double meanSpend, int primaryLine, ref int lines, int earlier)
    {
        int line;
        if (earlier > 0 && lines != 0b1111 && _random.Chance(0.05))
        {
            // Drifting into a new line of business; some get a welcome kit for it.
            do
            {
                line = _random.Next(DemoCatalogue.Lines.Length);
            }
            while ((lines & (1 << line)) != 0);

            lines |= 1 << line;
            if (_random.Chance(0.3))
            {
                AddOutbound(at + _random.NextLong(3 * Day, 10 * Day), TouchKind.WelcomeKit, personal: false);
            }
        }
        else if (_random.Chance(0.6))
        {
            line = primaryLine;
        }
        else
        {
            do
            {
                line = _random.Next(DemoCatalogue.Lines.Length);
            }
            while ((lines & (1 << line)) == 0);
        }

        var cents = Math.Max(99, (long)Math.Round(meanSpend * DemoMath.Exp((BasketSigma * _random.Normal()) - (BasketSigma * BasketSigma / 2)) * 100));

        // The basket's main item: one of the three dearest products it can pay for (or, for
        // small baskets, one of the two cheapest, on offer).
        var products = DemoCatalogue.Lines[line].Products;
        var affordable = 0;
        while (affordable < products.Length && products[affordable].PriceCents <= cents)
        {
            affordable++;
        }

        var product = affordable <= 1 ? products[_random.Next(2)] : products[affordable - 1 - _random.Next(Math.Min(affordable, 3))];

        var csv = _purchases;
        Purchases++;
        csv.Field(DemoText.Id('P', Purchases, 9));
        csv.Field(_customerId);
        csv.Field(DemoText.Instant(at));
        csv.Field(DemoText.Cents(cents));
        csv.Field(DemoCatalogue.Currency);
        csv.Field(product.Name);
        csv.Field(product.Category);
        csv.Field(DemoCatalogue.Lines[line].Name);
        csv.Field(DemoCatalogue.Branches[branch].Id);
        csv.EndRecord();

        if (_random.Chance(cents >= 50_000 ? 0.4 : 0.04))
        {
            AddOutbound(at + _random.NextLong(Day, 5 * Day), TouchKind.ThankYou, personal: true);
        }

        return cents;
    }

    private void RecordTouches(int purchases, long lastPurchase, long revenueCents, int birthDay, int anniversaryDay)
    {
        if (_random.Chance(0.25))
        {
            AddOutbound(_created + _random.NextLong(Day, 14 * Day), TouchKind.WelcomeKit, personal: false);
        }

        var newsletters = _random.Next(2);
        for (var k = 0; k < newsletters; k++)
        {
            AddOutbound(_random.NextLong(_created, _end), TouchKind.Newsletter, personal: false);
        }

        if (_random.Chance(0.25))
        {
            AddOutbound(_random.NextLong(_created, _end), TouchKind.CheckIn, personal: true);
        }

        var careCalls = revenueCents >= 300_000 ? 1 + _random.Next(2) : _random.Chance(0.06) ? 1 : 0;
        for (var k = 0; k < careCalls; k++)
        {
            AddOutbound(_random.NextLong(_created, _end), TouchKind.CareCall, personal: true);
        }

        if (_random.Chance(0.2))
        {
            AddOutbound(_random.NextLong(_created, _end), TouchKind.Offer, personal: false);
        }

        if (_random.Chance(0.12))
        {
            AddOutbound(_random.NextLong(_created, _end), TouchKind.Survey, personal: false);
        }

        if (_random.Chance(revenueCents >= 300_000 ? 0.5 : 0.03))
        {
            AddOutbound(_random.NextLong(_created, _end), TouchKind.Reward, personal: true);
        }

        if (_random.Chance(0.15))
        {
            AddOutbound(YearlyDate(12, 15), TouchKind.HolidayGreeting, personal: false);
        }

        if (birthDay != NoOne && _random.Chance(0.35))
        {
            var (_, month, day) = DateOnly.FromDayNumber(birthDay);
            AddOutbound(YearlyDate(month, day), TouchKind.Birthday, personal: false);
        }

        if (anniversaryDay != NoOne && _random.Chance(0.35))
        {
            var (_, month, day) = DateOnly.FromDayNumber(anniversaryDay);
            AddOutbound(YearlyDate(month, day), TouchKind.Anniversary, personal: false);
        }

        if (purchases > 0 && lastPurchase < _end - (400 * Day) && _random.Chance(0.35))
        {
            AddOutbound(lastPurchase + _random.NextLong(365 * Day, 545 * Day), TouchKind.WinBack, personal: true);
        }

        Inbound(TouchKind.Complaint, 0.06, DemoCatalogue.ComplaintNotes, 0.9);
        Inbound(TouchKind.Compliment, 0.07, DemoCatalogue.ComplimentNotes, 0.5);
        Inbound(TouchKind.Suggestion, 0.04, DemoCatalogue.SuggestionNotes, 0.8);
        Inbound(TouchKind.Correspondence, 0.07, DemoCatalogue.CorrespondenceNotes, 0.8);
    }

    // The day in a random year of the customer's life with the business, at 15:00 UTC (the same
    // date everywhere in the US); it may fall before they joined, and then the touch is dropped.
    private long YearlyDate(int month, int day)
    {
        var firstYear = DateOnly.FromDayNumber((int)(_created / Day)).Year;
        var lastYear = DateOnly.FromDayNumber((int)((_end - 1) / Day)).Year;
        var year = _random.Next(firstYear, lastYear + 1);
        var date = new DateOnly(year, month, Math.Min(day, DateTime.DaysInMonth(year, month)));
        return (date.DayNumber * Day) + (15 * Hour);
    }

    private void Inbound(TouchKind kind, double chance, string[] notes, double acknowledged)
    {
        if (!_random.Chance(chance))
        {
            return;
        }

        for (var c = 0; c < ChannelCount; c++)
        {
            _weights[c] = HasDetailsFor((Channel)c) ? InboundChannelWeights[c] : 0;
        }

        var channel = (Channel)_random.Pick(_weights);
        var at = _random.NextLong(_created, _end);
        if (channel == Channel.Phone)
        {
            at = InOpeningHours(at, _servingBranch);
            if (at < _created || at >= _end)
            {
                return;
            }
        }
        var staff = channel is Channel.Phone or Channel.Print ? Caller() : NoStaff;
        AddTouch(at, _index, channel, TouchDirection.In, kind, NoOutcome, staff, notes[_random.Next(notes.Length)]);

        if (_random.Chance(acknowledged))
        {
            AddOutbound(at + _random.NextLong(Day, 3 * Day), TouchKind.Acknowledgement, personal: true);
        }

        if (kind is TouchKind.Complaint or TouchKind.Suggestion && _random.Chance(0.25))
        {
            AddOutbound(at + _random.NextLong(30 * Day, 120 * Day), TouchKind.YouSaidWeDid, personal: true);
        }
    }

    private int Caller() => _accountManager != NoStaff ? _accountManager : StaffOf(_servingBranch);

    // Sends, in the store's opening hours on that day, through the customer's most preferred
    // channel that suits the kind and has consent at that moment, else any such channel; without
    // one the touch never happened.
    private void AddOutbound(long at, TouchKind kind, bool personal)
    {
        at = InOpeningHours(at, _servingBranch);
        if (at < _created || at >= _end)
        {
            return;
        }

        var suitable = KindChannels[(int)kind];
        var channel = NoOne;
        for (var k = 0; k < _preferredCount && channel == NoOne; k++)
        {
            var c = _preferred[k];
            if ((suitable & (1 << (int)c)) != 0 && Allowed(c, at))
            {
                channel = (int)c;
            }
        }

        for (var c = 0; c < ChannelCount && channel == NoOne; c++)
        {
            if ((suitable & (1 << c)) != 0 && Allowed((Channel)c, at))
            {
                channel = c;
            }
        }

        if (channel == NoOne)
        {
            return;
        }

        var (outcome, note) = Outcome((Channel)channel, kind);
        var staff = personal || channel == (int)Channel.Phone ? Caller() : NoStaff;
        AddTouch(at, _index, (Channel)channel, TouchDirection.Out, kind, outcome, staff, note);
    }

    private (int Outcome, string? Note) Outcome(Channel channel, TouchKind kind)
    {
        var roll = _random.Next(100);
        switch (channel)
        {
            case Channel.Email:
                return (roll < 35 ? (int)TouchOutcome.Delivered : roll < 75 ? (int)TouchOutcome.Opened : roll < 80 ? (int)TouchOutcome.Replied : NoOutcome, null);
            case Channel.Phone:
                if (roll < 35)
                {
                    return ((int)TouchOutcome.Answered, Note(DemoCatalogue.AnsweredNotes, 0.5));
                }

                if (roll < 65)
                {
                    return ((int)TouchOutcome.NoAnswer, _random.Chance(0.5) ? "Left a voicemail" : null);
                }

                return roll < 90
                    ? ((int)TouchOutcome.Positive, Note(DemoCatalogue.PositiveNotes, 0.7))
                    : ((int)TouchOutcome.Negative, Note(DemoCatalogue.NegativeNotes, 0.8));
            case Channel.Print:
                var card = kind is TouchKind.ThankYou or TouchKind.ReferralThanks or TouchKind.Reward ? Note(DemoCatalogue.CardNotes, 0.6) : null;
                return (roll < 30 ? (int)TouchOutcome.Delivered : NoOutcome, card);
            case Channel.Sms:
                return (roll < 85 ? (int)TouchOutcome.Delivered : roll < 90 ? (int)TouchOutcome.Replied : NoOutcome, null);
            default:
                return (roll < 30 ? (int)TouchOutcome.Delivered : roll < 60 ? (int)TouchOutcome.Replied : roll < 70 ? (int)TouchOutcome.Positive : NoOutcome, null);
        }
    }

    private string? Note(string[] notes, double chance) =>
        _random.Chance(chance) ? notes[_random.Next(notes.Length)] : null;

    private void AddTouch(long at, int customer, Channel channel, TouchDirection direction, TouchKind kind, int outcome, int staff, string? note)
    {
        if (_touchEventCount == _touchEvents.Length)
        {
            Array.Resize(ref _touchEvents, _touchEvents.Length * 2);
        }

        _touchEvents[_touchEventCount] = new TouchEvent(at, _touchEventCount, customer, channel, direction, kind, outcome, staff, note);
        _touchEventCount++;
    }

    private void WriteConsents()
    {
        var events = _consentEvents.AsSpan(0, _consentEventCount);
        events.Sort(static (a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Order.CompareTo(b.Order));
        var csv = _consents;
        foreach (ref readonly var e in events)
        {
            csv.Field(_customerId);
            csv.Field(EnumText.ToText(e.Channel));
            csv.Field(EnumText.ToText(e.Status));
            csv.Field(DemoText.Instant(e.At));
            csv.Field(ConsentSources.Text[(int)e.Source]);
            csv.Field(e.Evidence);
            csv.Field(e.Suppression is { } reason ? EnumText.ToText(reason) : null);
            csv.EndRecord();
        }

        Consents += events.Length;
    }

    private void WriteTouches()
    {
        var events = _touchEvents.AsSpan(0, _touchEventCount);
        events.Sort(static (a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Order.CompareTo(b.Order));
        var csv = _touches;
        foreach (ref readonly var e in events)
        {
            Touches++;
            csv.Field(DemoText.Id('T', Touches, 9));
            csv.Field(e.Customer == _index ? _customerId : DemoText.Id('C', e.Customer + 1, 7));
            csv.Field(DemoText.Instant(e.At));
            csv.Field(EnumText.ToText(e.Channel));
            csv.Field(EnumText.ToText(e.Direction));
            csv.Field(EnumText.ToText(e.Kind));
            csv.Field(e.Outcome == NoOutcome ? null : EnumText.ToText((TouchOutcome)e.Outcome));
            csv.Field(e.Staff == NoStaff ? null : _staff[e.Staff].Id);
            csv.Field(e.Note);
            csv.EndRecord();
        }
    }

    private readonly record struct ConsentEvent(long At, int Order, Channel Channel, ConsentStatus Status, ConsentSource Source, string Evidence, SuppressionReason? Suppression);

    private readonly record struct TouchEvent(long At, int Order, int Customer, Channel Channel, TouchDirection Direction, TouchKind Kind, int Outcome, int Staff, string? Note);
}

/// <summary>Where a consent record came from.</summary>
internal enum ConsentSource
{
    WebForm,
    InStore,
    Phone,
    PreferencePage,
    UnsubscribeLink,
    MailServer,
    FamilyLetter,
}

internal static class ConsentSources
{
    public static readonly string[] Text = ["web-form", "in-store", "phone", "preference-page", "unsubscribe-link", "mail-server", "family-letter"];
}

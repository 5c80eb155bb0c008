using Rapport.Core.Common;
using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Core.Customers;
using Rapport.Core.Geography;
using Rapport.Core.Organisation;
using Rapport.Core.Purchases;
using Rapport.Core.Touches;

namespace Rapport.Storage.Import;

/// <summary>The ids already in the database, plus those accepted from the file so far.</summary>
internal sealed class KnownIds
{
    public HashSet<string> Branches { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Staff { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Customers { get; } = new(StringComparer.Ordinal);

    /// <summary>For a branches file: each stored branch and the branch it reports to (null at the top).</summary>
    public Dictionary<string, string?> StoredReportsTo { get; } = new(StringComparer.Ordinal);
}

/// <summary>Turns a row of a file into a domain object, or records why it cannot.</summary>
internal abstract class RowReader<T>(CsvHeader header, KnownIds known, DateTimeOffset now)
    where T : class
{
    // A day of slack: a time written in a zone ahead of UTC may look a little in the future.
    private readonly DateTimeOffset _latestInstant = now.AddDays(1);
    private readonly DateOnly _latestDate = DateOnly.FromDateTime(now.UtcDateTime).AddDays(1);

    protected KnownIds Known { get; } = known;

    protected CsvHeader Header { get; } = header;

    /// <summary>The row's object, or <see langword="null"/> when the row has problems.</summary>
    public T? Read(CsvRow row)
    {
        T? item;
        try
        {
            item = ReadFields(row);
        }
        catch (ArgumentException e)
        {
            // The domain's own checks are the last line of defence; say what they said.
            row.Problem(null, e.Message);
            return null;
        }

        return row.HasProblems ? null : item;
    }

    /// <summary>A reading of the file begins; it may be the second, when the target asks for the rows again.</summary>
    public virtual void Start()
    {
    }

    /// <summary>Records that a row was accepted, so later rows may refer to it.</summary>
    public virtual void Accept(T item)
    {
    }

    /// <summary>Every row has been read; the waiting items are about to be resolved.</summary>
    public virtual void EndOfFile()
    {
    }

    /// <summary>Whether the item refers only to what is known now; if not, it waits for the end of the file.</summary>
    public virtual bool IsResolved(T item) => true;

    /// <summary>At the end of the file, why a waiting item still cannot be stored, or null.</summary>
    public virtual (string Column, string Message)? Unresolved(T item) => null;

    protected abstract T? ReadFields(CsvRow row);

    protected DateTimeOffset RequiredInstant(CsvRow row, Field field)
    {
        var at = row.RequiredValue(field, IsoTime.ParseInstant);
        CheckNotFuture(row, field, at);
        return at;
    }

    protected DateTimeOffset? OptionalInstant(CsvRow row, Field field)
    {
        var at = row.Value(field, IsoTime.ParseInstant);
        if (at is { } value)
        {
            CheckNotFuture(row, field, value);
        }

        return at;
    }

    protected DateOnly? PastDate(CsvRow row, Field field)
    {
        var date = row.Value(field, IsoTime.ParseDate);
        if (date > _latestDate)
        {
            row.Problem(field.Name, $"'{row.Text(field)}' is in the future");
            return null;
        }

        return date;
    }

    protected GeoPoint? Location(CsvRow row, Field latitudeField, Field longitudeField)
    {
        var latitude = row.Value(latitudeField, GeoPoint.ParseLatitude);
        var longitude = row.Value(longitudeField, GeoPoint.ParseLongitude);
        if (latitude is null != longitude is null && !row.HasProblems)
        {
            var (given, missing) = latitude is null ? (longitudeField, latitudeField) : (latitudeField, longitudeField);
            row.Problem(missing.Name, $"is empty but {given.Name} is given; give both or neither");
            return null;
        }

        return latitude is { } lat && longitude is { } lon ? new GeoPoint(lat, lon) : null;
    }

    protected string? Reference(CsvRow row, Field field, HashSet<string> known, string what)
    {
        var id = row.OptionalId(field);
        if (id is not null && !known.Contains(id))
        {
            row.Problem(field.Name, $"'{id}' is not a known {what}");
            return null;
        }

        return id;
    }

    protected string RequiredReference(CsvRow row, Field field, HashSet<string> known, string what)
    {
        var id = row.RequiredId(field);
        if (id.Length > 0 && !known.Contains(id))
        {
            row.Problem(field.Name, $"'{id}' is not a known {what}");
        }

        return id;
    }

    protected static TEnum? Enum<TEnum>(CsvRow row, Field field, string what)
        where TEnum : struct, System.Enum => row.Value(field, text => EnumText.Parse<TEnum>(text, what));

    protected static TEnum RequiredEnum<TEnum>(CsvRow row, Field field, string what)
        where TEnum : struct, System.Enum => row.RequiredValue(field, text => EnumText.Parse<TEnum>(text, what));

    private void CheckNotFuture(CsvRow row, Field field, DateTimeOffset at)
    {
        if (at > _latestInstant)
        {
            row.Problem(field.Name, $"'{row.Text(field)}' is in the future");
        }
    }
}

internal sealed class BranchReader : RowReader<Branch>
{
    private readonly Field _id, _name, _latitude, _longitude, _timeZone, _phone, _email, _address, _reportsTo;

    // The rows accepted in this reading of the file, in file order: the hierarchy is checked as a whole at the end.
    private readonly List<Branch> _accepted = [];
    private IReadOnlyDictionary<Branch, string> _refused = new Dictionary<Branch, string>();

    public BranchReader(CsvHeader header, KnownIds known, DateTimeOffset now)
        : base(header, known, now)
    {
        (_id, _name, _latitude, _longitude) = (header.Field("branch_id"), header.Field("name"), header.Field("latitude"), header.Field("longitude"));
        (_timeZone, _phone, _email, _address) = (header.Field("time_zone"), header.Field("phone"), header.Field("email"), header.Field("address"));
        _reportsTo = header.Field("reports_to");
    }

    public override void Start()
    {
        _accepted.Clear();
        _refused = new Dictionary<Branch, string>();
    }

    public override void Accept(Branch item)
    {
        Known.Branches.Add(item.Id);
        _accepted.Add(item);
    }

    // With a reports_to column every row waits for the end of the file: a branch may report to
    // one further down, and a cycle may close on the last line. Branch files are small, and
    // waiting rows keep the file's order, so of two rows with the same id the later still wins.
    public override bool IsResolved(Branch item) => !_reportsTo.IsPresent;

    public override void EndOfFile()
    {
        if (_reportsTo.IsPresent)
        {
            _refused = BranchHierarchy.Refusals(Known.StoredReportsTo, _accepted);
        }
    }

    public override (string Column, string Message)? Unresolved(Branch item) =>
        _refused.TryGetValue(item, out var message) ? (_reportsTo.Name, message) : null;

    protected override Branch? ReadFields(CsvRow row)
    {
        var id = row.RequiredId(_id);
        var name = row.Required(_name);
        var location = Location(row, _latitude, _longitude);
        var timeZone = row.Object(_timeZone, TimeZoneId.Parse);
        var phone = row.Object(_phone, PhoneNumber.Parse);
        var email = row.Object(_email, EmailAddress.Parse);
        var reportsTo = row.OptionalId(_reportsTo);
        if (reportsTo is not null && string.Equals(reportsTo, id, StringComparison.Ordinal))
        {
            row.Problem(_reportsTo.Name, $"'{reportsTo}' is the branch itself; a branch cannot report to itself");
        }

        return row.HasProblems ? null : new Branch(id, name)
        {
            Location = location,
            TimeZone = timeZone,
            Phone = phone,
            Email = email,
            Address = row.Text(_address),
            ReportsTo = reportsTo,
        };
    }
}

/// <summary>Checks the branches of a file against each other and against those stored: whom each reports to must exist, and no chain may come back round.</summary>
internal static class BranchHierarchy
{
    /// <summary>The rows to refuse, each with the reason.</summary>
    /// <param name="stored">Each stored branch and the branch it reports to.</param>
    /// <param name="rows">The file's accepted rows, in file order.</param>
    /// <remarks>
    /// Refusing a row can leave another pointing at a branch that will not exist (when skipping
    /// bad rows), so the check repeats until it refuses nothing more; each round refuses at least
    /// one row, so it ends. Every row of a cycle is refused, not just the one that closes it.
    /// </remarks>
    public static IReadOnlyDictionary<Branch, string> Refusals(IReadOnlyDictionary<string, string?> stored, IReadOnlyList<Branch> rows)
    {
        var refused = new Dictionary<Branch, string>(ReferenceEqualityComparer.Instance);
        while (true)
        {
            // The hierarchy as it would be stored: the file's rows over the stored ones, the later of two rows with one id winning.
            var reportsTo = new Dictionary<string, string?>(stored, StringComparer.Ordinal);
            foreach (var row in rows.Where(r => !refused.ContainsKey(r)))
            {
                reportsTo[row.Id] = row.ReportsTo;
            }

            var ids = rows.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
            var found = new List<(Branch Row, string Message)>();
            foreach (var row in rows)
            {
                if (refused.ContainsKey(row) || row.ReportsTo is not { } parent)
                {
                    continue;
                }

                if (!reportsTo.ContainsKey(parent))
                {
                    found.Add((row, ids.Contains(parent) ? $"'{parent}' is a branch whose own row is refused" : $"'{parent}' is not a known branch"));
                }
                else if (Cycle(reportsTo, row.Id, parent) is { } cycle)
                {
                    found.Add((row, $"'{parent}' makes a cycle ({string.Join(" → ", cycle)}); a branch cannot report to itself, directly or through others"));
                }
            }

            if (found.Count == 0)
            {
                return refused;
            }

            foreach (var (row, message) in found)
            {
                refused[row] = message;
            }
        }
    }

    /// <summary>The chain from a branch through its parent back to itself, or null when the chain ends (or loops elsewhere).</summary>
    private static List<string>? Cycle(Dictionary<string, string?> reportsTo, string id, string parent)
    {
        var chain = new List<string> { id };
        var seen = new HashSet<string>(StringComparer.Ordinal) { id };
        for (string? next = parent; next is not null; next = reportsTo.GetValueOrDefault(next))
        {
            chain.Add(next);
            if (string.Equals(next, id, StringComparison.Ordinal))
            {
                return chain;
            }

            if (!seen.Add(next))
            {
                return null;
            }
        }

        return null;
    }
}

internal sealed class StaffReader : RowReader<StaffMember>
{
    private readonly Field _id, _name, _branch, _role, _phone, _email, _calls, _days;

    public StaffReader(CsvHeader header, KnownIds known, DateTimeOffset now)
        : base(header, known, now)
    {
        (_id, _name, _branch, _role) = (header.Field("staff_id"), header.Field("name"), header.Field("branch_id"), header.Field("role"));
        (_phone, _email, _calls, _days) = (header.Field("phone"), header.Field("email"), header.Field("calls_per_day"), header.Field("working_days"));
    }

    public override void Accept(StaffMember item) => Known.Staff.Add(item.Id);

    protected override StaffMember? ReadFields(CsvRow row)
    {
        var id = row.RequiredId(_id);
        var name = row.Required(_name);
        var branch = RequiredReference(row, _branch, Known.Branches, "branch (import branches first)");
        var role = Enum<StaffRole>(row, _role, "role");
        var phone = row.Object(_phone, PhoneNumber.Parse);
        var email = row.Object(_email, EmailAddress.Parse);
        var calls = row.Integer(_calls, 0, StaffMember.MaxCallsPerDay);
        var days = row.Value(_days, WorkingWeek.Parse);
        return row.HasProblems ? null : new StaffMember(id, name, branch)
        {
            Role = role ?? StaffRole.Staff,
            Phone = phone,
            Email = email,
            CallsPerDay = calls,
            WorkingDays = days,
        };
    }
}

internal sealed class CustomerReader : RowReader<Customer>
{
    private readonly Field _id, _first, _last, _company, _email, _phone, _street, _city, _postcode, _country;
    private readonly Field _latitude, _longitude, _timeZone, _language, _birth, _anniversary, _tags, _manager, _branch;
    private readonly Field _source, _referredBy, _channels, _frequency, _social, _created;

    public CustomerReader(CsvHeader header, KnownIds known, DateTimeOffset now)
        : base(header, known, now)
    {
        (_id, _first, _last, _company, _email) = (header.Field("customer_id"), header.Field("first_name"), header.Field("last_name"), header.Field("company"), header.Field("email"));
        (_phone, _street, _city, _postcode, _country) = (header.Field("phone"), header.Field("street"), header.Field("city"), header.Field("postcode"), header.Field("country"));
        (_latitude, _longitude, _timeZone, _language) = (header.Field("latitude"), header.Field("longitude"), header.Field("time_zone"), header.Field("language"));
        (_birth, _anniversary, _tags, _manager, _branch) = (header.Field("birth_date"), header.Field("anniversary_date"), header.Field("tags"), header.Field("account_manager_id"), header.Field("home_branch_id"));
        (_source, _referredBy, _channels, _frequency) = (header.Field("acquisition_source"), header.Field("referred_by"), header.Field("preferred_channels"), header.Field("preferred_frequency"));
        (_social, _created) = (header.Field("social_handles"), header.Field("created_at"));
    }

    public override void Accept(Customer item) => Known.Customers.Add(item.Id);

    // A referrer may appear later in the same file.
    public override bool IsResolved(Customer item) => item.ReferredBy is null || Known.Customers.Contains(item.ReferredBy);

    public override (string Column, string Message)? Unresolved(Customer item) =>
        IsResolved(item) ? null : ("referred_by", $"'{item.ReferredBy}' is not a known customer");

    protected override Customer? ReadFields(CsvRow row)
    {
        var id = row.RequiredId(_id);
        var emails = row.List(_email, EmailAddress.Parse);
        var phones = row.List(_phone, PhoneNumber.Parse);
        var location = Location(row, _latitude, _longitude);
        var timeZone = row.Object(_timeZone, TimeZoneId.Parse);
        var language = row.Object(_language, LanguageTag.Parse);
        var birth = PastDate(row, _birth);
        var anniversary = PastDate(row, _anniversary);
        var tags = row.List(_tags, ParseResult<string>.ForValue);
        var manager = Reference(row, _manager, Known.Staff, "member of staff (import staff first)");
        var branch = Reference(row, _branch, Known.Branches, "branch (import branches first)");
        var referrer = row.OptionalId(_referredBy);
        if (referrer is not null && string.Equals(referrer, id, StringComparison.Ordinal))
        {
            row.Problem(_referredBy.Name, $"'{referrer}' is the customer themselves");
        }

        var channels = row.List(_channels, text => EnumText.Parse<Channel>(text, "channel"));
        if (channels.Distinct().Count() != channels.Length)
        {
            row.Problem(_channels.Name, $"'{row.Text(_channels)}' names a channel twice");
        }

        var frequency = Enum<ContactFrequency>(row, _frequency, "contact frequency");
        var social = row.List(_social, SocialHandle.Parse);
        var created = OptionalInstant(row, _created);
        return row.HasProblems ? null : new Customer(id)
        {
            FirstName = row.Text(_first),
            LastName = row.Text(_last),
            Company = row.Text(_company),
            Emails = emails,
            Phones = phones,
            Address = new PostalAddress(row.Text(_street), row.Text(_city), row.Text(_postcode), row.Text(_country)),
            Location = location,
            TimeZone = timeZone,
            Language = language,
            BirthDate = birth,
            AnniversaryDate = anniversary,
            Tags = tags,
            AccountManagerId = manager,
            HomeBranchId = branch,
            AcquisitionSource = row.Text(_source),
            ReferredBy = referrer,
            PreferredChannels = channels,
            PreferredFrequency = frequency,
            SocialHandles = social,
            CreatedAt = created,
        };
    }
}

internal sealed class ConsentReader : RowReader<ConsentRecord>
{
    private readonly Field _customer, _channel, _status, _at, _source, _evidence, _suppression;

    public ConsentReader(CsvHeader header, KnownIds known, DateTimeOffset now)
        : base(header, known, now)
    {
        (_customer, _channel, _status, _at) = (header.Field("customer_id"), header.Field("channel"), header.Field("status"), header.Field("at"));
        (_source, _evidence, _suppression) = (header.Field("source"), header.Field("evidence"), header.Field("suppression"));
    }

    protected override ConsentRecord? ReadFields(CsvRow row)
    {
        var customer = RequiredReference(row, _customer, Known.Customers, "customer (import customers first)");
        var channel = RequiredEnum<Channel>(row, _channel, "channel");
        var status = RequiredEnum<ConsentStatus>(row, _status, "consent status");
        var at = RequiredInstant(row, _at);
        var suppression = Enum<SuppressionReason>(row, _suppression, "suppression");
        if (suppression is not null && status == ConsentStatus.Granted && !row.HasProblems)
        {
            row.Problem(_suppression.Name, $"'{row.Text(_suppression)}' can only go with status 'withdrawn'");
        }

        return row.HasProblems ? null : new ConsentRecord(customer, channel, status, at, suppression)
        {
            Source = row.Text(_source),
            Evidence = row.Text(_evidence),
        };
    }
}

internal sealed class PurchaseReader : RowReader<Purchase>
{
    private readonly Field _id, _customer, _at, _amount, _currency, _product, _category, _line, _branch;

    public PurchaseReader(CsvHeader header, KnownIds known, DateTimeOffset now)
        : base(header, known, now)
    {
        (_id, _customer, _at, _amount, _currency) = (header.Field("purchase_id"), header.Field("customer_id"), header.Field("at"), header.Field("amount"), header.Field("currency"));
        (_product, _category, _line, _branch) = (header.Field("product"), header.Field("category"), header.Field("line_of_business"), header.Field("branch_id"));
    }

    protected override Purchase? ReadFields(CsvRow row)
    {
        var id = row.RequiredId(_id);
        var customer = RequiredReference(row, _customer, Known.Customers, "customer (import customers first)");
        var at = RequiredInstant(row, _at);
        var amount = row.RequiredValue(_amount, MoneyAmount.Parse);
        var currency = row.Object(_currency, CurrencyCode.Parse);
        var branch = Reference(row, _branch, Known.Branches, "branch (import branches first)");
        return row.HasProblems ? null : new Purchase(id, customer, at, amount)
        {
            Currency = currency,
            Product = row.Text(_product),
            Category = row.Text(_category),
            LineOfBusiness = row.Text(_line),
            BranchId = branch,
        };
    }
}

internal sealed class TouchReader : RowReader<Touch>
{
    private readonly Field _id, _customer, _at, _channel, _direction, _kind, _outcome, _staff, _note;

    public TouchReader(CsvHeader header, KnownIds known, DateTimeOffset now)
        : base(header, known, now)
    {
        (_id, _customer, _at, _channel, _direction) = (header.Field("touch_id"), header.Field("customer_id"), header.Field("at"), header.Field("channel"), header.Field("direction"));
        (_kind, _outcome, _staff, _note) = (header.Field("kind"), header.Field("outcome"), header.Field("staff_id"), header.Field("note"));
    }

    protected override Touch? ReadFields(CsvRow row)
    {
        var id = row.RequiredId(_id);
        var customer = RequiredReference(row, _customer, Known.Customers, "customer (import customers first)");
        var at = RequiredInstant(row, _at);
        var channel = RequiredEnum<Channel>(row, _channel, "channel");
        var direction = RequiredEnum<TouchDirection>(row, _direction, "direction");
        var kind = RequiredEnum<TouchKind>(row, _kind, "kind of touch");
        var outcome = Enum<TouchOutcome>(row, _outcome, "touch outcome");
        var staff = Reference(row, _staff, Known.Staff, "member of staff (import staff first)");
        var note = row.Text(_note);
        if (!row.HasProblems && direction == TouchDirection.Out && kind.IsInboundOnly())
        {
            row.Problem(_kind.Name, $"'{row.Text(_kind)}' is something a customer sends; its direction must be 'in'");
        }

        if (note is { Length: > Touch.MaxNoteLength })
        {
            row.Problem(_note.Name, $"is {note.Length} characters long; at most {Touch.MaxNoteLength} are kept");
        }

        return row.HasProblems ? null : new Touch(id, customer, at, channel, direction, kind)
        {
            Outcome = outcome,
            StaffId = staff,
            Note = note,
        };
    }
}

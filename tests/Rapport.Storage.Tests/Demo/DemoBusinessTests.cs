using System.Globalization;
using System.Security.Cryptography;
using Rapport.Core.Common;
using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Core.Customers;
using Rapport.Core.Geography;
using Rapport.Core.Organisation;
using Rapport.Core.Touches;
using Rapport.Storage.Csv;
using Rapport.Storage.Demo;

namespace Rapport.Storage.Tests.Demo;

public sealed class DemoBusinessTests : IClassFixture<DemoBusinessTests.Business>
{
    private static readonly DateOnly AsOf = new(2026, 3, 1);
    private static readonly DateTimeOffset Limit = new(AsOf, TimeOnly.MinValue, TimeSpan.Zero);

    private readonly Business _business;

    public DemoBusinessTests(Business business) => _business = business;

    [Fact]
    public void Write_SameSeed_GivesIdenticalFiles()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        var a = DemoBusiness.Write(first.Path, new DemoOptions(2000, 7, AsOf));
        var b = DemoBusiness.Write(second.Path, new DemoOptions(2000, 7, AsOf));

        Assert.Equal(a.Counts, b.Counts);
        foreach (var name in Business.FileNames)
        {
            Assert.Equal(Sha256(Path.Combine(first.Path, name)), Sha256(Path.Combine(second.Path, name)));
        }
    }

    [Fact]
    public void Write_DifferentSeed_GivesDifferentCustomers()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        var a = DemoBusiness.Write(first.Path, new DemoOptions(500, 1, AsOf));
        var b = DemoBusiness.Write(second.Path, new DemoOptions(500, 2, AsOf));

        Assert.NotEqual(Sha256(a.Customers), Sha256(b.Customers));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Write_TopFifthOfCustomers_BringSeventyToEightyPercentOfRevenue(int seed)
    {
        using var directory = new TempDirectory();
        var files = DemoBusiness.Write(directory.Path, new DemoOptions(5000, seed, AsOf));
        var purchases = Table.Read(files.Purchases);

        var revenue = new decimal[5000];
        foreach (var row in purchases.Rows)
        {
            revenue[CustomerNumber(purchases[row, "customer_id"]) - 1] += decimal.Parse(purchases[row, "amount"], CultureInfo.InvariantCulture);
        }

        Array.Sort(revenue);
        var total = revenue.Sum();
        var topFifth = revenue.Skip(4000).Sum();
        Assert.InRange(topFifth / total, 0.70m, 0.80m);
    }

    [Fact]
    public void Write_PurchasesPerCustomer_AverageAboutTen()
    {
        var mean = (double)_business.Files.Counts.Purchases / _business.Files.Counts.Customers;
        Assert.InRange(mean, 8, 12);
    }

    [Fact]
    public void Write_Customers_RepeatPurchaseAndDriftIntoOtherLines()
    {
        var purchases = _business.Purchases;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var lines = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var row in purchases.Rows)
        {
            var customer = purchases[row, "customer_id"];
            counts[customer] = counts.GetValueOrDefault(customer) + 1;
            if (!lines.TryGetValue(customer, out var set))
            {
                lines[customer] = set = new HashSet<string>(StringComparer.Ordinal);
            }

            set.Add(purchases[row, "line_of_business"]);
        }

        Assert.True(counts.Values.Count(c => c >= 2) > counts.Count / 2, "Most buyers come back.");
        Assert.True(lines.Values.Count(s => s.Count >= 2) > lines.Count / 5, "Many customers buy in more than one line of business.");
        Assert.Equal(["furniture", "garden", "kitchen", "workshop"], lines.Values.SelectMany(s => s).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Write_Headers_AreTheDocumentedColumns()
    {
        Assert.Equal(["branch_id", "name", "latitude", "longitude", "time_zone", "phone", "email", "address", "reports_to"], _business.Branches.Header);
        Assert.Equal(["staff_id", "name", "branch_id", "role", "phone", "email", "calls_per_day", "working_days"], _business.Staff.Header);
        Assert.Equal(
            ["customer_id", "first_name", "last_name", "company", "email", "phone", "street", "city", "postcode", "country", "latitude",
             "longitude", "time_zone", "language", "birth_date", "anniversary_date", "tags", "account_manager_id", "home_branch_id",
             "acquisition_source", "referred_by", "preferred_channels", "preferred_frequency", "social_handles", "created_at"],
            _business.Customers.Header);
        Assert.Equal(["customer_id", "channel", "status", "at", "source", "evidence", "suppression"], _business.Consents.Header);
        Assert.Equal(["purchase_id", "customer_id", "at", "amount", "currency", "product", "category", "line_of_business", "branch_id"], _business.Purchases.Header);
        Assert.Equal(["touch_id", "customer_id", "at", "channel", "direction", "kind", "outcome", "staff_id", "note"], _business.Touches.Header);
    }

    [Fact]
    public void Write_Counts_MatchTheRowsWritten()
    {
        var counts = _business.Files.Counts;
        Assert.Equal(10, counts.Branches);
        Assert.Equal(counts.Branches, _business.Branches.Rows.Count);
        Assert.Equal(counts.Staff, _business.Staff.Rows.Count);
        Assert.Equal(counts.Customers, _business.Customers.Rows.Count);
        Assert.Equal(counts.Consents, _business.Consents.Rows.Count);
        Assert.Equal(counts.Purchases, _business.Purchases.Rows.Count);
        Assert.Equal(counts.Touches, _business.Touches.Rows.Count);
    }

    [Fact]
    public void Write_Ids_AreWellFormedAndUnique()
    {
        AssertIds(_business.Branches, "branch_id", "B", 2);
        AssertIds(_business.Staff, "staff_id", "S", 3);
        AssertIds(_business.Customers, "customer_id", "C", 7);
        AssertIds(_business.Purchases, "purchase_id", "P", 9);
        AssertIds(_business.Touches, "touch_id", "T", 9);

        static void AssertIds(Table table, string column, string prefix, int digits)
        {
            var ids = table.Column(column).ToList();
            Assert.All(ids, id =>
            {
                Assert.Null(Identifiers.Problem(id));
                Assert.StartsWith(prefix, id, StringComparison.Ordinal);
                Assert.Equal(prefix.Length + digits, id.Length);
                Assert.True(id[prefix.Length..].All(char.IsAsciiDigit), id);
            });
            Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        }
    }

    [Fact]
    public void Write_EveryReference_PointsToAnExistingRecord()
    {
        var customers = _business.Customers.Column("customer_id").ToHashSet(StringComparer.Ordinal);
        var staff = _business.Staff.Column("staff_id").ToHashSet(StringComparer.Ordinal);
        var branches = _business.Branches.Column("branch_id").ToHashSet(StringComparer.Ordinal);

        Assert.All(_business.Purchases.Column("customer_id"), id => Assert.Contains(id, customers));
        Assert.All(_business.Consents.Column("customer_id"), id => Assert.Contains(id, customers));
        Assert.All(_business.Touches.Column("customer_id"), id => Assert.Contains(id, customers));
        Assert.All(_business.Purchases.Column("branch_id"), id => Assert.Contains(id, branches));
        Assert.All(_business.Staff.Column("branch_id"), id => Assert.Contains(id, branches));
        Assert.All(_business.Branches.Column("reports_to").Where(NotEmpty), id => Assert.Contains(id, branches));
        Assert.All(_business.Customers.Column("home_branch_id").Where(NotEmpty), id => Assert.Contains(id, branches));
        Assert.All(_business.Customers.Column("account_manager_id").Where(NotEmpty), id => Assert.Contains(id, staff));
        Assert.All(_business.Touches.Column("staff_id").Where(NotEmpty), id => Assert.Contains(id, staff));
    }

    [Fact]
    public void Write_ReferredBy_PointsToAnEarlierCustomer()
    {
        var table = _business.Customers;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var referred = 0;
        foreach (var row in table.Rows)
        {
            var referrer = table[row, "referred_by"];
            if (referrer.Length > 0)
            {
                Assert.Contains(referrer, seen);
                Assert.Equal("friend", table[row, "acquisition_source"]);
                referred++;
            }

            seen.Add(table[row, "customer_id"]);
        }

        var friends = table.Column("acquisition_source").Count(s => s == "friend");
        Assert.InRange(referred, friends / 20, friends / 4);
    }

    [Fact]
    public void Write_Branches_FormThreeRegionsUnderTheHeadOffice()
    {
        var branches = _business.Branches;
        var reportsTo = branches.Rows.ToDictionary(r => branches[r, "branch_id"], r => branches[r, "reports_to"], StringComparer.Ordinal);

        // West under the head office B01; central under Chicago (B07), east under Atlanta (B08), whose leads report to B01.
        Assert.Equal(
            "B01:,B02:B01,B03:B01,B04:B01,B05:B07,B06:B07,B07:B01,B08:B01,B09:B08,B10:B08",
            string.Join(",", reportsTo.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{p.Value}")));
        // Every chain ends at the head office within two steps: no cycles.
        Assert.All(reportsTo.Keys, id =>
        {
            var top = id;
            for (var step = 0; step < 2 && reportsTo[top].Length > 0; step++)
            {
                top = reportsTo[top];
            }

            Assert.Equal("B01", top);
        });
    }

    [Fact]
    public void Write_Stores_SpreadOverFiveTimeZonesWithStaffToCall()
    {
        Assert.Equal(5, _business.Branches.Column("time_zone").Distinct(StringComparer.Ordinal).Count());
        var staff = _business.Staff;
        foreach (var branch in _business.Branches.Column("branch_id"))
        {
            var members = staff.Rows.Where(r => staff[r, "branch_id"] == branch).ToList();
            Assert.InRange(members.Count(r => staff[r, "role"] != "admin"), 3, 6);
            Assert.Single(members, r => staff[r, "role"] == "manager");
        }

        Assert.Single(staff.Column("role"), role => role == "admin");
        Assert.All(staff.Column("calls_per_day"), calls => Assert.InRange(int.Parse(calls, CultureInfo.InvariantCulture), 15, 40));
        Assert.Contains(staff.Column("working_days"), days => days.Split(';').Length < 5);
    }

    [Fact]
    public void Write_History_HasWithdrawalsDoNotCallBirthdaysTagsAndComplaints()
    {
        var consents = _business.Consents;
        var customers = _business.Customers;
        var touches = _business.Touches;
        var count = customers.Rows.Count;

        Assert.InRange(consents.Column("status").Count(s => s == "withdrawn"), count / 50, count / 5);
        Assert.InRange(consents.Column("suppression").Count(s => s == "do-not-call"), count / 100, count / 15);
        Assert.Contains("unsubscribed", consents.Column("suppression"));
        Assert.Contains("bounced", consents.Column("suppression"));
        Assert.Contains("deceased", consents.Column("suppression"));
        Assert.Contains(consents.Rows, r => consents[r, "status"] == "withdrawn" && consents[r, "suppression"].Length == 0);

        Assert.InRange(customers.Column("birth_date").Count(NotEmpty), count * 0.6, count * 0.8);
        Assert.InRange(customers.Column("anniversary_date").Count(NotEmpty), count * 0.15, count * 0.35);
        Assert.InRange(customers.Column("company").Count(NotEmpty), count * 0.15, count * 0.25);
        Assert.InRange(customers.Column("home_branch_id").Count(s => s.Length == 0), count * 0.1, count * 0.2);
        Assert.Contains(customers.Column("tags"), tags => tags.Split(';').Contains("young-children"));
        Assert.Contains(customers.Column("tags"), tags => tags.Split(';').Contains("b2b"));

        Assert.Contains(touches.Rows, r => touches[r, "kind"] == "complaint" && touches[r, "direction"] == "in");
        Assert.Contains("birthday", touches.Column("kind"));
        Assert.Contains("care-call", touches.Column("kind"));
        Assert.InRange((double)touches.Rows.Count / count, 2, 3.5);
    }

    [Fact]
    public void Write_Times_LieBeforeAsOfAndNotBeforeTheCustomerJoined()
    {
        var customers = _business.Customers;
        var joined = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var row in customers.Rows)
        {
            var created = IsoTime.ParseInstant(customers[row, "created_at"]).Value;
            Assert.True(created < Limit);
            joined[customers[row, "customer_id"]] = created;
            foreach (var column in new[] { "birth_date", "anniversary_date" })
            {
                var text = customers[row, column];
                if (text.Length > 0)
                {
                    Assert.True(IsoTime.ParseDate(text).Value <= AsOf, text);
                }
            }
        }

        Assert.InRange(joined.Values.Min(), Limit.AddYears(-10), Limit.AddYears(-10).AddDays(30));
        AssertTimes(_business.Consents);
        AssertTimes(_business.Purchases);
        AssertTimes(_business.Touches);

        void AssertTimes(Table table)
        {
            foreach (var row in table.Rows)
            {
                var text = table[row, "at"];
                Assert.Equal(20, text.Length);
                var at = IsoTime.ParseInstant(text).Value;
                Assert.True(at < Limit, text);
                Assert.True(at >= joined[table[row, "customer_id"]], text);
            }
        }
    }

    [Fact]
    public void Write_Deceased_HaveNoPurchasesOrTouchesAfterTheNotice()
    {
        var consents = _business.Consents;
        var notices = consents.Rows
            .Where(r => consents[r, "suppression"] == "deceased")
            .ToDictionary(r => consents[r, "customer_id"], r => IsoTime.ParseInstant(consents[r, "at"]).Value, StringComparer.Ordinal);
        Assert.NotEmpty(notices);

        foreach (var table in new[] { _business.Purchases, _business.Touches, consents })
        {
            foreach (var row in table.Rows)
            {
                if (notices.TryGetValue(table[row, "customer_id"], out var notice))
                {
                    Assert.True(IsoTime.ParseInstant(table[row, "at"]).Value <= notice);
                }
            }
        }
    }

    [Fact]
    public void Write_ContactDetails_PassTheCoreParsers()
    {
        foreach (var (table, zoneColumn) in new[] { (_business.Branches, "time_zone"), (_business.Customers, "time_zone") })
        {
            Assert.All(table.Column(zoneColumn), zone => Assert.True(TimeZoneId.Parse(zone).Success, zone));
            Assert.All(table.Column("latitude"), AssertCoordinate(GeoPoint.ParseLatitude));
            Assert.All(table.Column("longitude"), AssertCoordinate(GeoPoint.ParseLongitude));
        }

        foreach (var table in new[] { _business.Branches, _business.Staff, _business.Customers })
        {
            Assert.All(table.Column("email").Where(NotEmpty), email => Assert.True(EmailAddress.Parse(email).Success, email));
            Assert.All(table.Column("phone").Where(NotEmpty), phone => Assert.True(PhoneNumber.Parse(phone).Success, phone));
        }

        var customers = _business.Customers;
        Assert.All(customers.Column("email").Where(NotEmpty), email => Assert.Matches(@"^[a-z0-9.]+@example\.(com|org|net)$", email));
        Assert.All(customers.Column("language"), language => Assert.True(LanguageTag.Parse(language).Success, language));
        Assert.Equal(["en", "en-US", "es", "es-US", "vi", "zh"], customers.Column("language").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        Assert.All(customers.Column("social_handles").Where(NotEmpty).SelectMany(s => s.Split(';')), handle => Assert.True(SocialHandle.Parse(handle).Success, handle));
        Assert.All(customers.Column("country"), country => Assert.Equal("US", country));
        Assert.All(_business.Staff.Column("working_days"), days => Assert.Equal(days, WorkingWeek.Parse(days).Value.ToString()));

        static Action<string> AssertCoordinate(Func<string, ParseResult<double>> parse) => text =>
        {
            Assert.True(parse(text).Success, text);
            Assert.InRange(text.Length - text.IndexOf('.', StringComparison.Ordinal) - 1, 1, 5);
        };
    }

    [Fact]
    public void Write_EnumeratedColumns_HoldOnlyKnownValues()
    {
        var customers = _business.Customers;
        foreach (var row in customers.Rows)
        {
            var channels = customers[row, "preferred_channels"];
            if (channels.Length > 0)
            {
                var parsed = channels.Split(';').Select(c => EnumText.Parse<Channel>(c, "channel").Value).ToList();
                Assert.Equal(parsed.Count, parsed.Distinct().Count());
            }

            var frequency = customers[row, "preferred_frequency"];
            Assert.True(frequency.Length == 0 || EnumText.Parse<ContactFrequency>(frequency, "frequency").Success, frequency);
            Assert.All(customers[row, "tags"].Split(';', StringSplitOptions.RemoveEmptyEntries), tag => Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", tag));
        }

        Assert.All(_business.Staff.Column("role"), role => Assert.True(EnumText.Parse<StaffRole>(role, "role").Success, role));

        var consents = _business.Consents;
        foreach (var row in consents.Rows)
        {
            var channel = EnumText.Parse<Channel>(consents[row, "channel"], "channel").Value;
            var status = EnumText.Parse<ConsentStatus>(consents[row, "status"], "status").Value;
            Assert.NotEmpty(consents[row, "source"]);
            Assert.NotEmpty(consents[row, "evidence"]);
            var suppression = consents[row, "suppression"];
            if (suppression.Length == 0)
            {
                continue;
            }

            Assert.Equal(ConsentStatus.Withdrawn, status);
            switch (EnumText.Parse<SuppressionReason>(suppression, "suppression").Value)
            {
                case SuppressionReason.DoNotCall:
                    Assert.Equal(Channel.Phone, channel);
                    break;
                case SuppressionReason.Bounced:
                    Assert.Equal(Channel.Email, channel);
                    break;
                case SuppressionReason.Erased:
                    Assert.Fail("The demo erases no one.");
                    break;
            }
        }

        var touches = _business.Touches;
        foreach (var row in touches.Rows)
        {
            var channel = EnumText.Parse<Channel>(touches[row, "channel"], "channel").Value;
            var direction = EnumText.Parse<TouchDirection>(touches[row, "direction"], "direction").Value;
            var kind = EnumText.Parse<TouchKind>(touches[row, "kind"], "kind").Value;
            var outcome = touches[row, "outcome"];
            Assert.True(outcome.Length == 0 || EnumText.Parse<TouchOutcome>(outcome, "outcome").Success, outcome);
            Assert.False(direction == TouchDirection.Out && kind.IsInboundOnly());
            if (kind is TouchKind.CareCall)
            {
                Assert.Equal(Channel.Phone, channel);
            }

            if (kind is TouchKind.Newsletter)
            {
                Assert.Equal(Channel.Email, channel);
            }

            Assert.True(touches[row, "note"].Length <= Touch.MaxNoteLength);
        }
    }

    [Fact]
    public void Write_Amounts_AreDollarsWithTwoDecimals()
    {
        var purchases = _business.Purchases;
        Assert.All(purchases.Column("amount"), amount =>
        {
            Assert.Matches(@"^\d+\.\d{2}$", amount);
            Assert.True(decimal.Parse(amount, CultureInfo.InvariantCulture) >= 0);
        });
        Assert.All(purchases.Column("currency"), currency => Assert.Equal("USD", currency));
    }

    [Fact]
    public void Write_NamesWithCommasQuotesAndAccents_ReadBackIntact()
    {
        var customers = _business.Customers;
        Assert.Contains(customers.Column("company"), c => c.Contains(',', StringComparison.Ordinal));
        Assert.Contains(customers.Column("company"), c => c.Contains('"', StringComparison.Ordinal));
        Assert.Contains(customers.Column("last_name"), n => n.Contains('\'', StringComparison.Ordinal));
        Assert.Contains(customers.Column("last_name"), n => n.Any(c => c > 127));
        Assert.Contains(_business.Purchases.Column("product"), p => p.Contains('"', StringComparison.Ordinal));
        Assert.Contains(_business.Touches.Column("note"), n => n.Contains(',', StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    // One past the largest demo the benchmarks need.
    [InlineData(2_000_001)]
    public void Options_CustomersOutOfRange_AreRefused(int customers) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DemoOptions(customers, 1, AsOf));

    [Fact]
    public void Write_Cancelled_Stops()
    {
        using var directory = new TempDirectory();
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => DemoBusiness.Write(directory.Path, new DemoOptions(100, 1, AsOf), null, cancellation.Token));
    }

    [Fact]
    public void Write_ReportsProgressUpToEveryCustomer()
    {
        using var directory = new TempDirectory();
        var progress = new Recorder();
        DemoBusiness.Write(directory.Path, new DemoOptions(25_000, 3, AsOf), progress);
        Assert.Equal([10_000L, 20_000L, 25_000L], progress.Reports);
    }

    [Fact]
    public void Instant_IsWrittenLikeIsoTime()
    {
        var random = new DemoRandom(1, 0, 0);
        for (var i = 0; i < 1000; i++)
        {
            var seconds = random.NextLong(new DateOnly(1900, 1, 1).DayNumber * 86_400L, new DateOnly(2200, 1, 1).DayNumber * 86_400L);
            var instant = new DateTimeOffset(seconds * TimeSpan.TicksPerSecond, TimeSpan.Zero);
            Assert.Equal(IsoTime.Format(instant), DemoText.Instant(seconds));
        }
    }

    [Theory]
    [InlineData(0L, "0.00")]
    [InlineData(7L, "0.07")]
    [InlineData(123_456L, "1234.56")]
    public void Cents_AreWrittenWithTwoDecimals(long cents, string expected) =>
        Assert.Equal(expected, DemoText.Cents(cents));

    [Theory]
    [InlineData(47.6062, "47.60620")]
    [InlineData(-122.33214, "-122.33214")]
    // Rounds to five decimals, about a metre.
    [InlineData(-0.000004, "0.00000")]
    [InlineData(-0.000006, "-0.00001")]
    public void Coordinates_AreWrittenWithFiveDecimals(double degrees, string expected) =>
        Assert.Equal(expected, DemoText.Coordinate(degrees));

    [Fact]
    public void DemoMath_MatchesThePlatformToNearlyFullPrecision()
    {
        var random = new DemoRandom(5, 0, 0);
        for (var i = 0; i < 10_000; i++)
        {
            var x = (random.NextDouble() * 40) - 20;
            Assert.Equal(Math.Exp(x), DemoMath.Exp(x), Math.Exp(x) * 1e-14);
            var y = DemoMath.Exp(x);
            Assert.Equal(Math.Log(y), DemoMath.Log(y), 1e-13);
        }
    }

    private static bool NotEmpty(string text) => text.Length > 0;

    private static int CustomerNumber(string id) => int.Parse(id.AsSpan(1), CultureInfo.InvariantCulture);

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    /// <summary>One demo business of 5,000 customers, written once and read back for the tests that only look.</summary>
    public sealed class Business : IDisposable
    {
        public static readonly string[] FileNames = ["branches.csv", "staff.csv", "customers.csv", "consents.csv", "purchases.csv", "touches.csv"];

        private readonly TempDirectory _directory = new();

        public Business()
        {
            Files = DemoBusiness.Write(_directory.Path, new DemoOptions(5000, 1, AsOf));
            Branches = Table.Read(Files.Branches);
            Staff = Table.Read(Files.Staff);
            Customers = Table.Read(Files.Customers);
            Consents = Table.Read(Files.Consents);
            Purchases = Table.Read(Files.Purchases);
            Touches = Table.Read(Files.Touches);
        }

        public DemoFiles Files { get; }

        public Table Branches { get; }

        public Table Staff { get; }

        public Table Customers { get; }

        public Table Consents { get; }

        public Table Purchases { get; }

        public Table Touches { get; }

        public void Dispose() => _directory.Dispose();
    }

    /// <summary>A CSV file read whole, with columns looked up by header name.</summary>
    public sealed class Table
    {
        private readonly Dictionary<string, int> _columns;

        private Table(string[] header, List<string[]> rows)
        {
            Header = header;
            Rows = rows;
            _columns = header.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        }

        public string[] Header { get; }

        public List<string[]> Rows { get; }

        public string this[string[] row, string column] => row[_columns[column]];

        public static Table Read(string path)
        {
            using var reader = new CsvReader(File.OpenRead(path));
            Assert.True(reader.Read());
            var header = reader.Fields.ToArray();
            var rows = new List<string[]>();
            while (reader.Read())
            {
                Assert.Equal(header.Length, reader.Fields.Count);
                rows.Add([.. reader.Fields]);
            }

            return new Table(header, rows);
        }

        public IEnumerable<string> Column(string column)
        {
            var index = _columns[column];
            return Rows.Select(r => r[index]);
        }
    }

    private sealed class Recorder : IProgress<long>
    {
        public List<long> Reports { get; } = [];

        public void Report(long value) => Reports.Add(value);
    }

    private sealed class TempDirectory : IDisposable
    {
        public TempDirectory()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rapport-demo-" + System.IO.Path.GetRandomFileName());
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}

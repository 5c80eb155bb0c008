using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Rapport.Core.Consent;
using Rapport.Core.Contact;
using Rapport.Core.Customers;
using Rapport.Core.Purchases;
using Rapport.Storage.Customers;
using Rapport.Storage.Database;
using Rapport.Storage.Import;
using Rapport.Storage.Statistics;
using Rapport.TestSupport;

namespace Rapport.Storage.Tests.Import;

/// <summary>The import contract, run against each provider (see the two subclasses at the end).</summary>
public abstract class ImportTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private RapportDatabase _database = null!;

    protected abstract DatabaseProvider Provider { get; }

    public async Task InitializeAsync() =>
        _database = await RapportDatabase.OpenAsync(TestDatabases.New(Provider, _folder), CancellationToken.None);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Import_SampleBusiness_StoresExactlyWhatTheFilesHold()
    {
        await ImportSampleAsync();

        var stats = await new StatisticsQuery(_database).RunAsync(CancellationToken.None);
        Assert.Equal((2, 2, 4, 6, 4, 3), (stats.Branches, stats.Staff, stats.Customers, stats.Consents, stats.Purchases, stats.Touches));
        Assert.Equal(1, stats.InboundTouches);
        Assert.Equal(3, stats.CustomersWithPurchases);
        var chf = Assert.Single(stats.Revenue, r => r.Currency?.Code == "CHF");
        Assert.Equal(2155.4999m, chf.Total);
        Assert.Equal(0m, Assert.Single(stats.Revenue, r => r.Currency is null).Total);
        var email = stats.ConsentByChannel.Single(c => c.Channel == Channel.Email);
        Assert.Equal((1, 1), (email.Granted, email.Withdrawn));
    }

    [Fact]
    public async Task Import_QuotedAccentedValues_ComeBackUnchanged()
    {
        await ImportSampleAsync();

        var directory = new CustomerDirectory(_database, _time);
        var zoe = (await directory.FindAsync("C1", CancellationToken.None))!;
        Assert.Equal(("Zoë", "Dupré"), (zoe.Customer.FirstName, zoe.Customer.LastName));
        Assert.Equal("Rue du Lac 3\r\nAppartement 2", zoe.Customer.Address.Street);
        Assert.Equal(["zoe@example.ch", "zoe.work@example.com"], zoe.Customer.Emails.Select(e => e.Value));
        Assert.Equal(["young-children", "keen-gardener"], zoe.Customer.Tags);
        Assert.Equal(new DateOnly(1984, 2, 29), zoe.Customer.BirthDate);
        Assert.Equal(ContactFrequency.Monthly, zoe.Customer.PreferredFrequency);
        Assert.Equal("Europe/Zurich", zoe.Customer.TimeZone?.Id);
        Assert.False(zoe.Consent.MayContact(Channel.Email));
        Assert.True(zoe.Consent.MayContact(Channel.Phone));
        Assert.Equal(2, zoe.Purchases.Count);
        Assert.Equal(155.50m, zoe.Purchases.Totals.Single().Total);
        Assert.Equal("Late delivery, \"again\"", zoe.RecentTouches[0].Note);

        var sean = (await directory.FindAsync("C2", CancellationToken.None))!;
        Assert.Equal("Smith, Jones & \"Partners\"", sean.Customer.Company);
        Assert.Equal("Seán", sean.Customer.FirstName);
        Assert.Equal(new DateTimeOffset(2019, 7, 15, 6, 30, 0, TimeSpan.Zero), sean.Customer.CreatedAt);
        Assert.Equal(1999.9999m, sean.Purchases.Totals.Single().Total);
        Assert.Equal("C1", sean.ReferredBy?.Id);
        Assert.Equal("Anna Müller", sean.AccountManager?.Name);
    }

    [Fact]
    public async Task Import_SameFileTwice_ChangesNothing()
    {
        await ImportSampleAsync();
        var before = await SnapshotAsync();

        foreach (var (kind, name, content) in SampleFiles())
        {
            var again = await ImportAsync(kind, name, content);
            Assert.True(again.Committed);
            Assert.Equal(0, again.Added);
        }

        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Import_BadAmount_RefusesTheWholeFileWithLineAndColumn()
    {
        await ImportSampleAsync(upTo: ImportKind.Consents);
        var result = await ImportAsync(ImportKind.Purchases, "purchases.csv",
            "purchase_id,customer_id,at,amount\nP1,C1,2024-01-01T10:00:00Z,10.00\nP2,C1,2024-01-02T10:00:00Z,12,34x\n");

        Assert.False(result.Committed);
        // The stray comma makes a fifth field; the message says so rather than guessing.
        Assert.Equal("has 5 fields but the header has 4", Assert.Single(result.Problems).Message);

        result = await ImportAsync(ImportKind.Purchases, "purchases.csv",
            "purchase_id,customer_id,at,amount\nP1,C1,2024-01-01T10:00:00Z,10.00\nP2,C1,2024-01-02T10:00:00Z,\"12,34x\"\n");
        Assert.False(result.Committed);
        Assert.Equal($"{_folder.File("purchases.csv")}:3: column 'amount': '12,34x' is not a number", Assert.Single(result.Problems).ToString());
        Assert.Equal(0, (await new StatisticsQuery(_database).RunAsync(CancellationToken.None)).Purchases);
    }

    [Theory]
    // A purchase for a customer nobody imported.
    [InlineData("P1,C9,2024-01-01T10:00:00Z,10", "customer_id", "'C9' is not a known customer (import customers first)")]
    // 30 February does not exist.
    [InlineData("P1,C1,2026-02-30T10:00:00Z,10", "at", "'2026-02-30T10:00:00Z' is not a time (expected YYYY-MM-DDTHH:MM:SSZ or with an offset, such as 2026-03-01T14:05:00+01:00)")]
    // A time without a zone names no instant.
    [InlineData("P1,C1,2024-01-01T10:00:00,10", "at", "'2024-01-01T10:00:00' has no time zone (add Z for UTC, or an offset such as +01:00)")]
    // Bought in the future.
    [InlineData("P1,C1,2030-01-01T10:00:00Z,10", "at", "'2030-01-01T10:00:00Z' is in the future")]
    [InlineData("P1,C1,2024-01-01T10:00:00Z,-5", "amount", "'-5' is negative (refunds are not purchases)")]
    [InlineData(",C1,2024-01-01T10:00:00Z,10", "purchase_id", "a value is required")]
    public async Task Import_BadPurchase_IsRefusedWithReason(string row, string column, string message)
    {
        await ImportSampleAsync(upTo: ImportKind.Consents);
        var result = await ImportAsync(ImportKind.Purchases, "purchases.csv", "purchase_id,customer_id,at,amount\n" + row + "\n");

        Assert.False(result.Committed);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((2L, column, message), (problem.Line, problem.Column, problem.Message));
    }

    [Fact]
    public async Task Import_UnknownChannel_IsRefused()
    {
        await ImportSampleAsync(upTo: ImportKind.Customers);
        var result = await ImportAsync(ImportKind.Consents, "consents.csv",
            "customer_id,channel,status,at\nC1,email,granted,2024-01-01T00:00:00Z\nC1,fax,granted,2024-01-01T00:00:00Z\n");

        var problem = Assert.Single(result.Problems);
        Assert.Equal((3L, "channel"), (problem.Line, problem.Column));
        Assert.StartsWith("'fax' is not a channel", problem.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await new StatisticsQuery(_database).RunAsync(CancellationToken.None)).Consents);
    }

    [Fact]
    public async Task Import_MissingRequiredColumn_FailsBeforeWriting()
    {
        await ImportSampleAsync(upTo: ImportKind.Customers);
        var result = await ImportAsync(ImportKind.Purchases, "purchases.csv", "purchase_id,customer_id,at\nP1,C1,2024-01-01T00:00:00Z\n");

        var problem = Assert.Single(result.Problems);
        Assert.Equal(1, problem.Line);
        Assert.Equal("required column 'amount' is missing (the header has: purchase_id, customer_id, at)", problem.Message);
        Assert.Equal(0, result.Rows);
    }

    [Fact]
    public async Task Import_LineNumbers_CountLinesInsideQuotedFields()
    {
        await ImportSampleAsync(upTo: ImportKind.Staff);
        var result = await ImportAsync(ImportKind.Customers, "customers.csv",
            "customer_id,street,birth_date\nC1,\"two\nlines\",1980-01-01\nC2,x,1980-13-01\n");

        var problem = Assert.Single(result.Problems);
        Assert.Equal((4L, "birth_date"), (problem.Line, problem.Column));
    }

    [Fact]
    public async Task Import_UnclosedQuote_IsRefusedWithItsLine()
    {
        await ImportSampleAsync(upTo: ImportKind.Staff);
        var result = await ImportAsync(ImportKind.Customers, "customers.csv", "customer_id,company\nC1,ok\nC2,\"never closed\nC3,x\n");

        var problem = Assert.Single(result.Problems);
        Assert.Equal(3, problem.Line);
        Assert.Contains("not closed", problem.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await new StatisticsQuery(_database).RunAsync(CancellationToken.None)).Customers);
    }

    [Fact]
    public async Task Import_SkipBadRows_ImportsTheGoodAndWritesTheBadWithReasons()
    {
        await ImportSampleAsync(upTo: ImportKind.Consents);
        var rejects = _folder.File("rejects.csv");
        var result = await ImportAsync(ImportKind.Purchases, "purchases.csv",
            "purchase_id,customer_id,at,amount\nP1,C1,2024-01-01T10:00:00Z,10\nP2,C9,2024-01-01T10:00:00Z,10\nP3,C2,2024-01-01T10:00:00Z,abc\nP4,C2,2024-01-01T10:00:00Z,7.5\n",
            new ImportOptions { RejectsPath = rejects });

        Assert.True(result.Committed);
        Assert.Equal((4L, 2L, 2L, 2L), (result.Rows, result.Imported, result.Added, result.Rejected));
        var lines = File.ReadAllLines(rejects);
        Assert.Equal("line,problem,purchase_id,customer_id,at,amount", lines[0]);
        Assert.Equal("3,column 'customer_id': 'C9' is not a known customer (import customers first),P2,C9,2024-01-01T10:00:00Z,10", lines[1]);
        Assert.Equal("4,column 'amount': 'abc' is not a number,P3,C2,2024-01-01T10:00:00Z,abc", lines[2]);
        Assert.Equal(2, (await new StatisticsQuery(_database).RunAsync(CancellationToken.None)).Purchases);
    }

    [Fact]
    public async Task Import_ReferrerLaterInFile_IsAccepted_UnknownReferrerIsNot()
    {
        await ImportSampleAsync(upTo: ImportKind.Staff);
        var ok = await ImportAsync(ImportKind.Customers, "customers.csv", "customer_id,referred_by\nC1,C2\nC2,\n");
        Assert.True(ok.Committed);

        var bad = await ImportAsync(ImportKind.Customers, "more.csv", "customer_id,referred_by\nC3,C1\nC4,C99\n");
        var problem = Assert.Single(bad.Problems);
        Assert.Equal((3L, "referred_by", "'C99' is not a known customer"), (problem.Line, problem.Column, problem.Message));
        Assert.Equal(2, (await new StatisticsQuery(_database).RunAsync(CancellationToken.None)).Customers);
    }

    [Fact]
    public async Task Reimport_UpdatesByIdAndKeepsColumnsTheFileLacks()
    {
        await ImportSampleAsync(upTo: ImportKind.Customers);
        var result = await ImportAsync(ImportKind.Customers, "update.csv", "customer_id,email\nC1,zoe.new@example.ch\nC5,new@example.com\n");
        Assert.Equal((2L, 1L), (result.Imported, result.Added));

        var zoe = (await new CustomerDirectory(_database, _time).FindAsync("C1", CancellationToken.None))!.Customer;
        Assert.Equal("zoe.new@example.ch", Assert.Single(zoe.Emails).Value);
        Assert.Equal("Zoë", zoe.FirstName);
        Assert.Equal(["young-children", "keen-gardener"], zoe.Tags);
    }

    [Fact]
    public async Task Reimport_NewRowsBeforeAStoredOne_StoresAllAndUpdatesTheStoredOne()
    {
        await ImportSampleAsync(upTo: ImportKind.Purchases);
        var result = await ImportAsync(ImportKind.Purchases, "more.csv",
            "purchase_id,customer_id,at,amount\nP10,C1,2025-01-01T10:00:00Z,5\nP11,C2,2025-01-02T10:00:00Z,6\nP1,C1,2016-03-01T10:05:00Z,99\n");

        Assert.Equal((3L, 2L), (result.Imported, result.Added));
        var stats = await new StatisticsQuery(_database).RunAsync(CancellationToken.None);
        Assert.Equal(6, stats.Purchases);
        // P1 went from 120.50 to 99 CHF; the new purchases carry no currency.
        Assert.Equal(2133.9999m, stats.Revenue.Single(r => r.Currency?.Code == "CHF").Total);
        Assert.Equal(11m, stats.Revenue.Single(r => r.Currency is null).Total);
    }

    [Fact]
    public async Task Import_AsALargeFile_ChecksReferencesInOnePassAndKeepsForeignKeys()
    {
        await ImportSampleAsync(upTo: ImportKind.Consents);
        var large = new ImportOptions { LargeFileBytes = 0 };
        var result = await ImportAsync(ImportKind.Purchases, "purchases.csv", SampleBusiness.Purchases, large);
        Assert.True(result.Committed, string.Join("\n", result.Problems));
        var again = await ImportAsync(ImportKind.Purchases, "purchases.csv", SampleBusiness.Purchases, large);
        Assert.Equal(0, again.Added);

        // The database still refuses a purchase for a customer it does not know.
        await using var context = _database.CreateContext();
        context.Purchases.Add(new Purchase("P99", "nobody", _time.GetUtcNow(), 1m));
        await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync());
    }

    [Fact]
    public async Task Import_SameIdTwiceInOneFile_LaterRowWins()
    {
        await ImportSampleAsync(upTo: ImportKind.Staff);
        var result = await ImportAsync(ImportKind.Customers, "customers.csv", "customer_id,first_name\nC1,First\nC1,Second\n");
        Assert.True(result.Committed);
        Assert.Equal(1, result.Added);

        var customer = (await new CustomerDirectory(_database, _time).FindAsync("C1", CancellationToken.None))!.Customer;
        Assert.Equal("Second", customer.FirstName);
    }

    [Fact]
    public async Task ConsentFile_AppendsHistory_AndTheNewestRecordDecides()
    {
        await ImportSampleAsync();
        var later = await ImportAsync(ImportKind.Consents, "later.csv",
            "customer_id,channel,status,at,source,evidence,suppression\n" +
            "C2,phone,withdrawn,2025-02-01T10:00:00Z,phone,call R-9,do-not-call\n" +
            "C1,email,granted,2025-03-01T10:00:00Z,preference-page,token 77,\n" +
            // Older than the withdrawal above: does not undo it.
            "C2,phone,granted,2024-01-01T10:00:00Z,in-store,paper form 9,\n");
        Assert.Equal(3, later.Added);

        var directory = new CustomerDirectory(_database, _time);
        var sean = (await directory.FindAsync("C2", CancellationToken.None))!;
        Assert.False(sean.Consent.MayContact(Channel.Phone));
        Assert.Equal(SuppressionReason.DoNotCall, sean.Consent[Channel.Phone].Suppression);
        Assert.Equal(4, sean.ConsentHistory.Count);
        var zoe = (await directory.FindAsync("C1", CancellationToken.None))!;
        Assert.True(zoe.Consent.MayContact(Channel.Email));
        Assert.Equal("token 77", zoe.Consent[Channel.Email].Deciding?.Evidence);
    }

    [Fact]
    public async Task ConsentCounts_InStatistics_AgreeWithConsentState()
    {
        await ImportSampleAsync();
        await ImportAsync(ImportKind.Consents, "later.csv",
            "customer_id,channel,status,at,suppression\nC3,print,withdrawn,2025-01-01T00:00:00Z,deceased\nC2,email,withdrawn,2019-07-15T06:30:00Z,\n");

        await using var context = _database.CreateContext();
        var records = await context.Consents.AsNoTracking().ToListAsync();
        var states = records.GroupBy(r => r.CustomerId).Select(g => ConsentState.From(g, _time.GetUtcNow())).ToList();
        var stats = await new StatisticsQuery(_database).RunAsync(CancellationToken.None);
        foreach (var channel in Enum.GetValues<Channel>())
        {
            Assert.Equal(states.Count(s => s.MayContact(channel)), stats.ConsentByChannel.Single(c => c.Channel == channel).Granted);
        }

        Assert.Equal(1, stats.PermanentlySuppressed);
    }

    [Fact]
    public async Task Import_BranchReportingToABranchFurtherDown_IsAccepted()
    {
        var result = await ImportAsync(ImportKind.Branches, "branches.csv",
            "branch_id,name,reports_to\nB2,Two,B1\nB3,Three,B2\nB1,One,\n");

        Assert.True(result.Committed, string.Join("\n", result.Problems));
        Assert.Equal(3, result.Added);
        Assert.Equal(["B1:", "B2:B1", "B3:B2"], await HierarchyAsync());
    }

    [Fact]
    public async Task Import_BranchReportingToAStoredBranch_IsAccepted()
    {
        await ImportSampleAsync(upTo: ImportKind.Branches);
        var result = await ImportAsync(ImportKind.Branches, "more.csv", "branch_id,name,reports_to\nB3,Bern,B1\n");

        Assert.True(result.Committed, string.Join("\n", result.Problems));
        Assert.Equal(["B1:", "B2:", "B3:B1"], await HierarchyAsync());
    }

    [Fact]
    public async Task Import_BranchReportingToUnknownBranch_IsRefusedNamingLineAndColumn()
    {
        var result = await ImportAsync(ImportKind.Branches, "branches.csv", "branch_id,name,reports_to\nB1,One,\nB2,Two,B9\n");

        Assert.False(result.Committed);
        Assert.Equal($"{_folder.File("branches.csv")}:3: column 'reports_to': 'B9' is not a known branch", Assert.Single(result.Problems).ToString());
        Assert.Empty(await HierarchyAsync());
    }

    [Fact]
    public async Task Import_BranchReportingToItself_IsRefusedNamingLineAndColumn()
    {
        var result = await ImportAsync(ImportKind.Branches, "branches.csv", "branch_id,name,reports_to\nB1,One,\nB2,Two,B2\n");

        Assert.False(result.Committed);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((3L, "reports_to", "'B2' is the branch itself; a branch cannot report to itself"), (problem.Line, problem.Column, problem.Message));
        Assert.Empty(await HierarchyAsync());
    }

    [Fact]
    public async Task Import_BranchesReportingToEachOther_AreRefusedAsACycle()
    {
        var result = await ImportAsync(ImportKind.Branches, "branches.csv", "branch_id,name,reports_to\nB1,One,B2\nB2,Two,B1\nB3,Three,\n");

        Assert.False(result.Committed);
        Assert.Equal(
            [
                $"{_folder.File("branches.csv")}:2: column 'reports_to': 'B2' makes a cycle (B1 → B2 → B1); a branch cannot report to itself, directly or through others",
                $"{_folder.File("branches.csv")}:3: column 'reports_to': 'B1' makes a cycle (B2 → B1 → B2); a branch cannot report to itself, directly or through others",
            ],
            result.Problems.Select(p => p.ToString()));
        Assert.Empty(await HierarchyAsync());
    }

    [Fact]
    public async Task Import_CycleClosedThroughAStoredBranch_IsRefused()
    {
        await ImportAsync(ImportKind.Branches, "branches.csv", "branch_id,name,reports_to\nB1,One,\nB2,Two,B1\nB3,Three,B2\n");
        var result = await ImportAsync(ImportKind.Branches, "change.csv", "branch_id,name,reports_to\nB1,One,B3\n");

        Assert.False(result.Committed);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((2L, "reports_to"), (problem.Line, problem.Column));
        Assert.StartsWith("'B3' makes a cycle (B1 → B3 → B2 → B1)", problem.Message, StringComparison.Ordinal);
        Assert.Equal(["B1:", "B2:B1", "B3:B2"], await HierarchyAsync());
    }

    [Fact]
    public async Task Import_MovingABranchOutOfTheWayInTheSameFile_IsNotACycle()
    {
        await ImportAsync(ImportKind.Branches, "branches.csv", "branch_id,name,reports_to\nB1,One,\nB2,Two,B1\n");
        // Turned upside down: B1 now reports to B2, which no longer reports to B1.
        var result = await ImportAsync(ImportKind.Branches, "change.csv", "branch_id,name,reports_to\nB1,One,B2\nB2,Two,\n");

        Assert.True(result.Committed, string.Join("\n", result.Problems));
        Assert.Equal(["B1:B2", "B2:"], await HierarchyAsync());
    }

    [Fact]
    public async Task Reimport_ReportsTo_UpdatesIt_AndAFileWithoutTheColumnKeepsIt()
    {
        await ImportAsync(ImportKind.Branches, "branches.csv", "branch_id,name,reports_to\nB1,One,\nB2,Two,B1\nB3,Three,B1\n");

        var again = await ImportAsync(ImportKind.Branches, "branches.csv", "branch_id,name,reports_to\nB1,One,\nB2,Two,B1\nB3,Three,B1\n");
        Assert.Equal((3L, 0L), (again.Imported, again.Added));

        var moved = await ImportAsync(ImportKind.Branches, "moved.csv", "branch_id,name,reports_to\nB3,Three,B2\nB2,Two,\n");
        Assert.True(moved.Committed, string.Join("\n", moved.Problems));
        Assert.Equal(["B1:", "B2:", "B3:B2"], await HierarchyAsync());

        var renamed = await ImportAsync(ImportKind.Branches, "renamed.csv", "branch_id,name\nB3,Three (new)\n");
        Assert.True(renamed.Committed, string.Join("\n", renamed.Problems));
        Assert.Equal(["B1:", "B2:", "B3:B2"], await HierarchyAsync());
    }

    [Fact]
    public async Task Import_SkipBadRows_RefusesTheCycleAndWhatReportsIntoIt_AndStoresTheRest()
    {
        var rejects = _folder.File("rejects.csv");
        var result = await ImportAsync(ImportKind.Branches, "branches.csv",
            "branch_id,name,reports_to\nB1,One,B2\nB2,Two,B1\nB3,Three,B1\nB4,Four,\nB5,Five,B4\n",
            new ImportOptions { RejectsPath = rejects });

        Assert.True(result.Committed);
        Assert.Equal((5L, 2L, 3L), (result.Rows, result.Imported, result.Rejected));
        Assert.Equal(["B4:", "B5:B4"], await HierarchyAsync());
        var lines = File.ReadAllLines(rejects);
        Assert.Equal("4,column 'reports_to': 'B1' is a branch whose own row is refused,B3,Three,B1", lines[3]);
    }

    [Fact]
    public async Task Import_UnknownColumn_IsIgnoredWithAWarning()
    {
        var result = await ImportAsync(ImportKind.Branches, "branches.csv", "branch_id,name,emial\nB1,One,x@example.com\n");
        Assert.True(result.Committed);
        Assert.Contains(result.Warnings, w => w.Contains("column 'emial' is not a column of branches.csv", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Import_MissingFile_SaysSo()
    {
        var result = await new Importer(_database, _time).ImportAsync(ImportKind.Branches, _folder.File("nope.csv"), new ImportOptions(), CancellationToken.None);
        Assert.Equal("no such file", Assert.Single(result.Problems).Message);
    }

    private static IEnumerable<(ImportKind Kind, string Name, string Content)> SampleFiles() =>
    [
        (ImportKind.Branches, "branches.csv", SampleBusiness.Branches),
        (ImportKind.Staff, "staff.csv", SampleBusiness.Staff),
        (ImportKind.Customers, "customers.csv", SampleBusiness.Customers),
        (ImportKind.Consents, "consents.csv", SampleBusiness.Consents),
        (ImportKind.Purchases, "purchases.csv", SampleBusiness.Purchases),
        (ImportKind.Touches, "touches.csv", SampleBusiness.Touches),
    ];

    private async Task ImportSampleAsync(ImportKind upTo = ImportKind.Touches)
    {
        foreach (var (kind, name, content) in SampleFiles().Where(f => f.Kind <= upTo))
        {
            var result = await ImportAsync(kind, name, content);
            Assert.True(result.Committed, string.Join("\n", result.Problems));
        }
    }

    private Task<ImportResult> ImportAsync(ImportKind kind, string name, string content, ImportOptions? options = null)
    {
        var path = SampleBusiness.WriteFile(_folder, name, content);
        return new Importer(_database, _time).ImportAsync(kind, path, options ?? new ImportOptions(), CancellationToken.None);
    }

    private async Task<List<string>> HierarchyAsync()
    {
        await using var context = _database.CreateContext();
        var branches = await context.Branches.AsNoTracking().ToListAsync();
        return branches.OrderBy(b => b.Id, StringComparer.Ordinal).Select(b => $"{b.Id}:{b.ReportsTo}").ToList();
    }

    private async Task<string> SnapshotAsync()
    {
        await using var context = _database.CreateContext();
        var customers = await context.Customers.AsNoTracking().OrderBy(c => c.Id).ToListAsync();
        var purchases = await context.Purchases.AsNoTracking().OrderBy(p => p.Id).ToListAsync();
        var consents = await context.Consents.AsNoTracking().OrderBy(c => c.CustomerId).ThenBy(c => c.At).ThenBy(c => c.Channel).ToListAsync();
        var touches = await context.Touches.AsNoTracking().OrderBy(t => t.Id).ToListAsync();
        return string.Join("\n",
            customers.Select(c => $"{c.Id}|{c.FirstName}|{c.LastName}|{c.Company}|{string.Join(';', c.Emails)}|{c.Address}|{c.Location}|{c.BirthDate}|{c.CreatedAt}|{c.ReferredBy}")
            .Concat(purchases.Select(p => $"{p.Id}|{p.CustomerId}|{p.At:O}|{p.Amount}|{p.Currency}|{p.Product}"))
            .Concat(consents.Select(c => $"{c.CustomerId}|{c.Channel}|{c.Status}|{c.At:O}|{c.Source}|{c.Evidence}"))
            .Concat(touches.Select(t => $"{t.Id}|{t.Kind}|{t.Outcome}|{t.Note}")));
    }
}

public sealed class SqliteImportTests : ImportTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresImportTests : ImportTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}

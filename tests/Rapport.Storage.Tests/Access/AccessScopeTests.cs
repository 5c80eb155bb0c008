using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Rapport.Storage.Access;
using Rapport.Storage.Database;
using Rapport.Storage.Import;
using Rapport.Storage.Planning;
using Rapport.TestSupport;

namespace Rapport.Storage.Tests.Access;

/// <summary>Whose customers each role sees, run against each provider (see the two subclasses at the end).</summary>
/// <remarks>
/// The business: B1 at the top, B2 reporting to B1, B3 to B2; B4 on its own. Customers C1–C4
/// have home branches B1–B4; C5 has none and is owned through the plan by B3; C6 has neither;
/// C7 has a plan row without a branch; C8's home branch B4 wins over the plan's B2.
/// </remarks>
public abstract class AccessScopeTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
    private RapportDatabase _database = null!;

    protected abstract DatabaseProvider Provider { get; }

    public async Task InitializeAsync()
    {
        _database = await RapportDatabase.OpenAsync(TestDatabases.New(Provider, _folder), CancellationToken.None);
        await ImportAsync(ImportKind.Branches, "branch_id,name,reports_to\nB3,Three,B2\nB2,Two,B1\nB1,One,\nB4,Four,\n");
        await ImportAsync(ImportKind.Staff,
            "staff_id,name,branch_id,role\nS2,Staff Two,B2,staff\nS3,Staff Three,B3,staff\nM1,Manager One,B1,manager\nM2,Manager Two,B2,manager\n" +
            "M3,Manager Three,B3,manager\nM4,Manager Four,B4,manager\nA4,Admin,B4,admin\n");
        await ImportAsync(ImportKind.Customers, "customer_id,home_branch_id\nC1,B1\nC2,B2\nC3,B3\nC4,B4\nC5,\nC6,\nC7,\nC8,B4\n");

        await using var context = _database.CreateContext();
        context.PlanCustomers.AddRange(
            new PlanCustomerRow { CustomerId = "C5", BranchId = "B3" },
            new PlanCustomerRow { CustomerId = "C7", BranchId = null },
            new PlanCustomerRow { CustomerId = "C8", BranchId = "B2" });
        await context.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _folder.Dispose();

    [Theory]
    // Staff see their own branch only, not the branches reporting to it.
    [InlineData("S2", "C2")]
    // C5 has no home branch; the plan gave it to B3.
    [InlineData("S3", "C3 C5")]
    // A manager at the bottom of the chain: the same as staff there.
    [InlineData("M3", "C3 C5")]
    // B3 reports to B2: the manager of B2 sees both.
    [InlineData("M2", "C2 C3 C5")]
    // B2 reports to B1 and B3 to B2: the manager of B1 sees all three, through B2.
    [InlineData("M1", "C1 C2 C3 C5")]
    // C8's home branch is B4, whatever the plan says.
    [InlineData("M4", "C4 C8")]
    // Administrators see everyone, including C6 and C7, whom no branch owns.
    [InlineData("A4", "C1 C2 C3 C4 C5 C6 C7 C8")]
    public async Task Customers_ForStaffByRole_AreThoseOfTheBranchesInScope(string staffId, string expected)
    {
        var scope = (await AccessScope.ForStaffAsync(_database, staffId, CancellationToken.None))!;

        Assert.Equal("staff:" + staffId, scope.Actor);
        Assert.Equal(expected.Split(' '), await CustomerIdsAsync(scope));
    }

    [Fact]
    public async Task ForStaffAsync_Roles_GiveTheirBranchTheirBranchAndReportsOrEverything()
    {
        var staff = await AccessScope.ForStaffAsync(_database, "S2", CancellationToken.None);
        var manager = await AccessScope.ForStaffAsync(_database, "M1", CancellationToken.None);
        var admin = await AccessScope.ForStaffAsync(_database, "A4", CancellationToken.None);

        Assert.Equal(["B2"], staff!.Branches!.Order(StringComparer.Ordinal));
        Assert.Equal(["B1", "B2", "B3"], manager!.Branches!.Order(StringComparer.Ordinal));
        Assert.True(admin!.IsEverything);
    }

    [Fact]
    public async Task ForStaffAsync_UnknownStaffMember_IsNull()
    {
        Assert.Null(await AccessScope.ForStaffAsync(_database, "S99", CancellationToken.None));
    }

    [Fact]
    public async Task ForBranchAsync_ApiKeyOfABranch_ReachesItAndItsReports()
    {
        var scope = await AccessScope.ForBranchAsync(_database, "apikey:rk_test", "B2", CancellationToken.None);

        Assert.Equal("apikey:rk_test", scope.Actor);
        Assert.Equal(["B2", "B3"], scope.Branches!.Order(StringComparer.Ordinal));
        Assert.Equal(["C2", "C3", "C5"], await CustomerIdsAsync(scope));
    }

    [Fact]
    public async Task ApiKeyLookup_FindsTheStoredKey_WithItsReachAndRevocation()
    {
        var created = new DateTimeOffset(2026, 12, 1, 8, 30, 15, TimeSpan.Zero);
        await using (var context = _database.CreateContext())
        {
            context.ApiKeys.AddRange(
                new ApiKeyRow { KeyId = "rk_000000000001", SecretHash = new string('a', 64), BranchId = "B2", Name = "shop", CreatedAt = created },
                new ApiKeyRow { KeyId = "rk_000000000002", SecretHash = new string('b', 64), AllBranches = true, CreatedAt = created, RevokedAt = created.AddDays(1) });
            await context.SaveChangesAsync();
        }

        var branch = await ApiKeyLookup.FindAsync(_database, "rk_000000000001", CancellationToken.None);
        var all = await ApiKeyLookup.FindAsync(_database, "rk_000000000002", CancellationToken.None);
        var none = await ApiKeyLookup.FindAsync(_database, "rk_000000000003", CancellationToken.None);

        Assert.Equal(("B2", false, "shop", created, (DateTimeOffset?)null, new string('a', 64)), (branch!.BranchId, branch.AllBranches, branch.Name, branch.CreatedAt, branch.RevokedAt, branch.SecretHash));
        Assert.Equal((null, true, (string?)null, created.AddDays(1)), (all!.BranchId, all.AllBranches, all.Name, all.RevokedAt));
        Assert.Null(none);
    }

    [Fact]
    public async Task CanSeeCustomerAsync_OutsideTheScopeOrUnknown_IsFalseAlike()
    {
        var manager = (await AccessScope.ForStaffAsync(_database, "M2", CancellationToken.None))!;
        var admin = (await AccessScope.ForStaffAsync(_database, "A4", CancellationToken.None))!;

        Assert.True(await manager.CanSeeCustomerAsync(_database, "C3", CancellationToken.None));
        Assert.True(await manager.CanSeeCustomerAsync(_database, "C5", CancellationToken.None));
        Assert.False(await manager.CanSeeCustomerAsync(_database, "C1", CancellationToken.None));
        Assert.False(await manager.CanSeeCustomerAsync(_database, "C6", CancellationToken.None));
        Assert.False(await manager.CanSeeCustomerAsync(_database, "C99", CancellationToken.None));
        Assert.True(await admin.CanSeeCustomerAsync(_database, "C6", CancellationToken.None));
        Assert.False(await admin.CanSeeCustomerAsync(_database, "C99", CancellationToken.None));
    }

    [Fact]
    public async Task Customers_AfterTheHierarchyIsReimported_FollowTheNewHierarchy()
    {
        // B3 moves from under B2 to under B4.
        await ImportAsync(ImportKind.Branches, "branch_id,name,reports_to\nB3,Three,B4\n");

        var oldManager = (await AccessScope.ForStaffAsync(_database, "M2", CancellationToken.None))!;
        var newManager = (await AccessScope.ForStaffAsync(_database, "M4", CancellationToken.None))!;

        Assert.Equal(["C2"], await CustomerIdsAsync(oldManager));
        Assert.Equal(["C3", "C4", "C5", "C8"], await CustomerIdsAsync(newManager));
    }

    [Fact]
    public async Task AuditLog_Add_IsSavedWithTheChange()
    {
        await using (var context = _database.CreateContext())
        {
            AuditLog.Add(context, _time.GetUtcNow(), "staff:M2", "update-contact", "customer:C3", "{\"email\":\"new@example.com\"}");
            await context.SaveChangesAsync();
        }

        await using var read = _database.CreateContext();
        var entry = await read.AuditLog.AsNoTracking().SingleAsync();
        Assert.Equal(("staff:M2", "update-contact", "customer:C3"), (entry.Actor, entry.Action, entry.Subject));
        Assert.Equal(_time.GetUtcNow(), entry.At);
    }

    private async Task<string[]> CustomerIdsAsync(AccessScope scope)
    {
        await using var context = _database.CreateContext();
        var ids = await scope.Customers(context).Select(c => c.Id).ToListAsync();
        return ids.Order(StringComparer.Ordinal).ToArray();
    }

    private async Task ImportAsync(ImportKind kind, string content)
    {
        var path = SampleBusiness.WriteFile(_folder, ImportSchema.FileName(kind), content);
        var result = await new Importer(_database, _time).ImportAsync(kind, path, new ImportOptions(), CancellationToken.None);
        Assert.True(result.Committed, string.Join("\n", result.Problems));
    }
}

public sealed class SqliteAccessScopeTests : AccessScopeTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresAccessScopeTests : AccessScopeTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}

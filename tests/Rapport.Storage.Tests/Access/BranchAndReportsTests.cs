using Rapport.Core.Organisation;
using Rapport.Storage.Access;

namespace Rapport.Storage.Tests.Access;

public sealed class BranchAndReportsTests
{
    [Fact]
    public void BranchAndReports_Chain_IncludesReportsThroughOthers()
    {
        // B1 ← B2 ← B3 ← B4, and B5 beside B2 under B1.
        var branches = Hierarchy(("B1", null), ("B2", "B1"), ("B3", "B2"), ("B4", "B3"), ("B5", "B1"));

        Assert.Equal(["B1", "B2", "B3", "B4", "B5"], Sorted(AccessScope.BranchAndReports(branches, "B1")));
        Assert.Equal(["B2", "B3", "B4"], Sorted(AccessScope.BranchAndReports(branches, "B2")));
        Assert.Equal(["B4"], Sorted(AccessScope.BranchAndReports(branches, "B4")));
    }

    [Fact]
    public void BranchAndReports_NeverIncludesTheBranchReportedToOrItsOtherReports()
    {
        var branches = Hierarchy(("B1", null), ("B2", "B1"), ("B3", "B1"), ("B4", null));

        Assert.Equal(["B2"], Sorted(AccessScope.BranchAndReports(branches, "B2")));
    }

    [Fact]
    public void BranchAndReports_CycleInTheData_StopsAndReturnsEveryBranchOnIt()
    {
        // The importer refuses cycles; data written some other way may still hold one.
        var branches = Hierarchy(("B1", "B3"), ("B2", "B1"), ("B3", "B2"), ("B4", "B2"));

        Assert.Equal(["B1", "B2", "B3", "B4"], Sorted(AccessScope.BranchAndReports(branches, "B1")));
        Assert.Equal(["B1", "B2", "B3", "B4"], Sorted(AccessScope.BranchAndReports(branches, "B3")));
    }

    [Fact]
    public void BranchAndReports_BranchReportingToItself_IsJustThatBranch()
    {
        var branches = Hierarchy(("B1", "B1"), ("B2", null));

        Assert.Equal(["B1"], Sorted(AccessScope.BranchAndReports(branches, "B1")));
    }

    [Fact]
    public void BranchAndReports_UnknownBranch_IsJustThatId()
    {
        var branches = Hierarchy(("B1", null), ("B2", "B1"));

        Assert.Equal(["B9"], Sorted(AccessScope.BranchAndReports(branches, "B9")));
    }

    [Fact]
    public void Covers_ScopeOfBranches_CoversOnlyThoseAndNeverACustomerWithoutABranch()
    {
        var scope = new AccessScope("staff:S1", new HashSet<string>(StringComparer.Ordinal) { "B1", "B2" });
        var everything = AccessScope.Everything("staff:A1");

        Assert.True(scope.Covers("B2"));
        Assert.False(scope.Covers("B3"));
        Assert.False(scope.Covers(null));
        Assert.True(everything.Covers(null));
        Assert.True(everything.IsEverything);
    }

    private static List<Branch> Hierarchy(params (string Id, string? ReportsTo)[] branches) =>
        branches.Select(b => new Branch(b.Id, "Branch " + b.Id) { ReportsTo = b.ReportsTo }).ToList();

    private static string[] Sorted(IReadOnlySet<string> ids) => ids.Order(StringComparer.Ordinal).ToArray();
}

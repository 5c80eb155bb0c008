using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Rapport.Core.Contact;
using Rapport.Core.Planning;
using Rapport.Core.Touches;
using Rapport.Storage.Access;
using Rapport.Storage.Database;
using Rapport.Storage.Import;
using Rapport.Storage.Planning;
using Rapport.Storage.Policy;
using Rapport.Storage.Touches;
using Rapport.TestSupport;

namespace Rapport.Storage.Tests.Touches;

/// <summary>Recording what came of a planned call, on each provider (see the subclasses at the end).</summary>
public abstract class CallOutcomesTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly LoadedPolicy Policy = new(ContactPolicy.Default, PublicHolidays.None, null);
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(Now);
    private RapportDatabase _database = null!;
    private CallOutcomes _outcomes = null!;

    protected abstract DatabaseProvider Provider { get; }

    /// <summary>B2's member of staff: sees C1, whose home branch is B2.</summary>
    private static AccessScope StaffOfB2 => new("staff:S2", new HashSet<string>(StringComparer.Ordinal) { "B2" });

    public async Task InitializeAsync()
    {
        _database = await RapportDatabase.OpenAsync(TestDatabases.New(Provider, _folder), CancellationToken.None);
        var importer = new Importer(_database, _time);
        foreach (var (kind, _, content) in SampleBusiness.Files)
        {
            var path = SampleBusiness.WriteFile(_folder, kind + ".csv", content);
            var result = await importer.ImportAsync(Enum.Parse<ImportKind>(kind, ignoreCase: true), path, new ImportOptions(), CancellationToken.None);
            Assert.True(result.Committed, string.Join("\n", result.Problems));
        }

        await PlanMaker.RunAsync(_database, Policy, DateOnly.FromDateTime(Now.UtcDateTime), 90, Now, null, CancellationToken.None);
        _outcomes = new CallOutcomes(_database, Policy, _time);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Record_SameOutcomeTwice_StoresOneTouchAndOneAuditEntry()
    {
        var call = await FirstCallAsync("C1");

        var first = await _outcomes.RecordAsync(StaffOfB2, Outcome(call, CallResult.NoAnswer, note: "voicemail"), CancellationToken.None);
        var second = await _outcomes.RecordAsync(StaffOfB2, Outcome(call, CallResult.NoAnswer, note: "voicemail"), CancellationToken.None);

        Assert.Equal(CallOutcomeStatus.Recorded, first.Status);
        Assert.Equal(CallOutcomeStatus.Unchanged, second.Status);
        await using var context = _database.CreateContext();
        var touch = await context.Touches.SingleAsync(t => t.Id == first.TouchId);
        Assert.Equal((Channel.Phone, TouchDirection.Out, call.Kind, TouchOutcome.NoAnswer, call.StaffId, "voicemail"), (touch.Channel, touch.Direction, touch.Kind, touch.Outcome, touch.StaffId, touch.Note));
        var audit = await context.AuditLog.SingleAsync(a => a.Subject == "customer:C1");
        Assert.Equal(("staff:S2", "record-outcome"), (audit.Actor, audit.Action));
    }

    [Fact]
    public async Task Record_DifferentOutcomeLater_CorrectsTheSameTouch()
    {
        var call = await FirstCallAsync("C1");

        await _outcomes.RecordAsync(StaffOfB2, Outcome(call, CallResult.NoAnswer), CancellationToken.None);
        var corrected = await _outcomes.RecordAsync(StaffOfB2, Outcome(call, CallResult.Positive), CancellationToken.None);

        Assert.Equal(CallOutcomeStatus.Corrected, corrected.Status);
        await using var context = _database.CreateContext();
        Assert.Equal(TouchOutcome.Positive, (await context.Touches.SingleAsync(t => t.Id == corrected.TouchId)).Outcome);
        Assert.Equal(["record-outcome", "correct-outcome"], await context.AuditLog.Where(a => a.Subject == "customer:C1").OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }

    [Fact]
    public async Task Record_Negative_TriggersTheFollowUpCallAtOnce()
    {
        var call = await FirstCallAsync("C1");

        var result = await _outcomes.RecordAsync(StaffOfB2, Outcome(call, CallResult.Negative, note: "unhappy with the roses"), CancellationToken.None);

        var followUp = Assert.Single(result.Moments!.Added);
        Assert.Equal((TouchKind.CareCall, Channel.Phone, "C1", "unhappy with the roses"), (followUp.Kind, followUp.Channel, followUp.CustomerId, followUp.Note));
        await using var context = _database.CreateContext();
        Assert.True(await context.Moments.AnyAsync(m => m.Event == "touch:" + result.TouchId));
    }

    [Fact]
    public async Task Record_CallBack_NextPlanPlacesTheCallOnThatDay()
    {
        var call = await FirstCallAsync("C1");

        // A Wednesday, one of S2's working days.
        var day = new DateOnly(2026, 12, 2);
        var result = await _outcomes.RecordAsync(StaffOfB2, Outcome(call, CallResult.CallBack, callBackOn: day), CancellationToken.None);
        Assert.Equal(CallOutcomeStatus.Recorded, result.Status);
        var recorded = (await _outcomes.RecordedAsync([call.TouchId], CancellationToken.None))[call.TouchId];
        Assert.Equal((CallResult.CallBack, (DateOnly?)day), (recorded.Result, recorded.CallBackOn));

        _time.SetUtcNow(Now.AddDays(1));
        await PlanMaker.RunAsync(_database, Policy, DateOnly.FromDateTime(Now.UtcDateTime).AddDays(1), 90, _time.GetUtcNow(), null, CancellationToken.None);
        var plan = await PlanStore.RunAsync(_database, CancellationToken.None);
        var part = await PlanStore.CustomerAsync(_database, plan!, "C1", day, day, CancellationToken.None);
        var placed = Assert.Single(part!.Touches, t => t.Touch.IsCall);
        Assert.Equal((call.Kind, PlanRule.Reply), (placed.Touch.Kind, placed.Touch.Rule));
    }

    [Fact]
    public async Task Record_CallBackWithoutADayOrInThePast_IsRefusedAndStoresNothing()
    {
        var call = await FirstCallAsync("C1");

        var missing = await _outcomes.RecordAsync(StaffOfB2, Outcome(call, CallResult.CallBack), CancellationToken.None);
        var past = await _outcomes.RecordAsync(StaffOfB2, Outcome(call, CallResult.CallBack, callBackOn: new DateOnly(2026, 11, 23)), CancellationToken.None);

        Assert.Equal(CallOutcomeStatus.Invalid, missing.Status);
        Assert.StartsWith("call back on:", past.Problem, StringComparison.Ordinal);
        await using var context = _database.CreateContext();
        Assert.False(await context.Touches.AnyAsync(t => t.Id == CallOutcomes.TouchIdOf(call.TouchId)));
    }

    [Fact]
    public async Task Record_CustomerOfAnotherBranch_IsNotFoundAndStoresNothing()
    {
        var call = await FirstCallAsync("C1");
        var staffOfB1 = new AccessScope("staff:S1", new HashSet<string>(StringComparer.Ordinal) { "B1" });

        var result = await _outcomes.RecordAsync(staffOfB1, Outcome(call, CallResult.Answered), CancellationToken.None);
        var unknown = await _outcomes.RecordAsync(StaffOfB2, Outcome(call, CallResult.Answered) with { CustomerId = "NO-SUCH" }, CancellationToken.None);

        Assert.Equal(CallOutcomeStatus.NotFound, result.Status);
        Assert.Equal(CallOutcomeStatus.NotFound, unknown.Status);
        await using var context = _database.CreateContext();
        Assert.False(await context.Touches.AnyAsync(t => t.Id == CallOutcomes.TouchIdOf(call.TouchId)));
        Assert.False(await context.AuditLog.AnyAsync());
    }

    private static CallOutcome Outcome(StoredTouch call, CallResult result, DateOnly? callBackOn = null, string? note = null) =>
        new(call.CustomerId, call.Day, call.TouchId, result, callBackOn, note);

    private async Task<StoredTouch> FirstCallAsync(string customerId)
    {
        var plan = await PlanStore.RunAsync(_database, CancellationToken.None);
        var part = await PlanStore.CustomerAsync(_database, plan!, customerId, plan!.AsOf, plan.LastDay, CancellationToken.None);
        return part!.Touches.Select(t => t.Touch).First(t => t.IsCall);
    }
}

public sealed class SqliteCallOutcomesTests : CallOutcomesTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresCallOutcomesTests : CallOutcomesTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}

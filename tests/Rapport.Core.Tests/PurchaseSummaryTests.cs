using Rapport.Core.Purchases;
using Rapport.Core.Touches;
using Rapport.Core.Contact;

namespace Rapport.Core.Tests;

public sealed class PurchaseSummaryTests
{
    private static readonly DateTimeOffset Start = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Summary_CountsTotalsPerCurrencyAndFirstPurchasePerLine()
    {
        var usd = CurrencyCode.Parse("USD").Value;
        var summary = PurchaseSummary.From(
        [
            new Purchase("P3", "C1", Start.AddDays(30), 5m) { Currency = usd, LineOfBusiness = "garden" },
            new Purchase("P1", "C1", Start, 10.50m) { Currency = usd, LineOfBusiness = "kitchen" },
            new Purchase("P2", "C1", Start.AddDays(10), 7m) { LineOfBusiness = "garden" },
        ]);

        Assert.Equal(3, summary.Count);
        Assert.Equal((Start, Start.AddDays(30)), (summary.First!.Value, summary.Last!.Value));
        Assert.Equal(15.5m, summary.Totals.Single(t => t.Currency == usd).Total);
        Assert.Equal(7m, summary.Totals.Single(t => t.Currency is null).Total);
        Assert.Equal([("kitchen", Start), ("garden", Start.AddDays(10))], summary.Lines.Select(l => (l.Line, l.FirstPurchase)));
    }

    [Fact]
    public void Summary_OfNothing_IsEmpty()
    {
        var summary = PurchaseSummary.From([]);
        Assert.Equal(0, summary.Count);
        Assert.Null(summary.First);
        Assert.Empty(summary.Totals);
    }

    [Fact]
    public void Purchase_NegativeAmount_CannotExist() =>
        Assert.Throws<ArgumentException>(() => new Purchase("P1", "C1", Start, -1m));

    [Fact]
    public void Touch_OutboundComplaint_CannotExist() =>
        Assert.Throws<ArgumentException>(() => new Touch("T1", "C1", Start, Channel.Email, TouchDirection.Out, TouchKind.Complaint));
}

namespace Rapport.Core.Analytics;

/// <summary>One purchase, reduced to what analytics needs: 16 bytes, so ten million fit in memory.</summary>
/// <remarks>
/// <see cref="Day"/> is the purchase's UTC calendar day. <see cref="Amount"/> is in the
/// business's currency as a <see cref="double"/>: analytics sums and averages; the exact
/// <see cref="decimal"/> stays in storage. <see cref="Line"/> indexes a list of lines of
/// business kept by the caller; -1 when the purchase names none.
/// </remarks>
/// <param name="Day">The UTC calendar day of the purchase.</param>
/// <param name="Amount">What was paid.</param>
/// <param name="Line">The line of business, as an index into the caller's list; -1 for none.</param>
public readonly record struct PurchasePoint(DateOnly Day, double Amount, int Line = -1);

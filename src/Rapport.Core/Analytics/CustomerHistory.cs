using System.Globalization;

namespace Rapport.Core.Analytics;

/// <summary>
/// One customer's purchase history as the BG/NBD model sees it: how many repeat purchases, when
/// the last one was, and how long the customer has been a customer.
/// </summary>
/// <remarks>
/// <para>
/// Times are measured from the customer's first purchase, in a unit the caller chooses (days,
/// weeks, …); every history given to one model must use the same unit, and the model's α and its
/// forecasts are in that unit. The first purchase itself is not a repeat purchase.
/// </para>
/// <para>
/// In the notation of Fader, Hardie &amp; Lee (2005): <see cref="Frequency"/> is x,
/// <see cref="Recency"/> is tₓ and <see cref="Age"/> is T. Bounds are inclusive:
/// 0 ≤ tₓ ≤ T, and tₓ = 0 when x = 0. The default value (0, 0, 0) is a customer whose first
/// purchase fell on the last day of the calibration period.
/// </para>
/// </remarks>
public readonly record struct CustomerHistory
{
    /// <summary>Creates a history.</summary>
    /// <param name="frequency">x: the number of repeat purchases (in practice: of days with a purchase, after the first); not negative.</param>
    /// <param name="recency">tₓ: the time from the first purchase to the last repeat purchase; 0 when there is none.</param>
    /// <param name="age">T: the time from the first purchase to the end of the calibration period; at least <paramref name="recency"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The values break one of the rules above, or a time is not finite.</exception>
    public CustomerHistory(int frequency, double recency, double age)
    {
        var problem = Problem(frequency, recency, age);
        if (problem is not null)
        {
            throw new ArgumentOutOfRangeException(nameof(frequency), problem);
        }

        Frequency = frequency;

        // Adding +0.0 turns −0.0 into +0.0, so equal histories group together.
        Recency = recency + 0.0;
        Age = age + 0.0;
    }

    /// <summary>x: the number of repeat purchases.</summary>
    public int Frequency { get; }

    /// <summary>tₓ: the time from the first purchase to the last repeat purchase; 0 when <see cref="Frequency"/> is 0.</summary>
    public double Recency { get; }

    /// <summary>T: the time from the first purchase to the end of the calibration period.</summary>
    public double Age { get; }

    /// <summary>Whether the customer has bought again after the first purchase.</summary>
    public bool IsRepeatBuyer => Frequency > 0;

    /// <summary>Why three values cannot make a history, or <see langword="null"/> if they can.</summary>
    /// <param name="frequency">x.</param>
    /// <param name="recency">tₓ.</param>
    /// <param name="age">T.</param>
    public static string? Problem(int frequency, double recency, double age)
    {
        if (frequency < 0)
        {
            return $"The frequency x = {frequency} is negative.";
        }

        if (!double.IsFinite(recency) || !double.IsFinite(age))
        {
            return "The recency and the age must be finite numbers.";
        }

        if (recency < 0)
        {
            return $"The recency tₓ = {Text(recency)} is negative.";
        }

        if (recency > age)
        {
            return $"The recency tₓ = {Text(recency)} is later than the age T = {Text(age)}.";
        }

        if (frequency == 0 && recency != 0)
        {
            return $"A customer without repeat purchases (x = 0) has recency tₓ = 0, not {Text(recency)}.";
        }

        return null;
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

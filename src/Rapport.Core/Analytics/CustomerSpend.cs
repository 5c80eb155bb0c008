using System.Globalization;

namespace Rapport.Core.Analytics;

/// <summary>
/// One customer's repeat spending as the Gamma-Gamma model sees it: how many repeat purchases,
/// and their mean value.
/// </summary>
/// <remarks>
/// In the notation of Fader &amp; Hardie (2013): <see cref="Frequency"/> is x and
/// <see cref="MeanSpend"/> is z̄, the mean value of the x repeat purchases (the first purchase
/// is left out, as in the model's calibration). z̄ is a plain number in one currency for all
/// customers; it is finite and not negative, and 0 when x = 0.
/// </remarks>
public readonly record struct CustomerSpend
{
    /// <summary>Creates a customer's spend summary.</summary>
    /// <param name="frequency">x: the number of repeat purchases; not negative.</param>
    /// <param name="meanSpend">z̄: the mean value of the repeat purchases; 0 when there are none.</param>
    /// <exception cref="ArgumentOutOfRangeException">The values break one of the rules above.</exception>
    public CustomerSpend(int frequency, double meanSpend)
    {
        var problem = Problem(frequency, meanSpend);
        if (problem is not null)
        {
            throw new ArgumentOutOfRangeException(nameof(meanSpend), problem);
        }

        Frequency = frequency;
        MeanSpend = meanSpend + 0.0;
    }

    /// <summary>x: the number of repeat purchases.</summary>
    public int Frequency { get; }

    /// <summary>z̄: the mean value of the repeat purchases; 0 when <see cref="Frequency"/> is 0.</summary>
    public double MeanSpend { get; }

    /// <summary>Whether the Gamma-Gamma model can learn from this customer: at least one repeat purchase, with a positive mean value.</summary>
    public bool IsInformative => Frequency > 0 && MeanSpend > 0;

    /// <summary>Why two values cannot make a spend summary, or <see langword="null"/> if they can.</summary>
    /// <param name="frequency">x.</param>
    /// <param name="meanSpend">z̄.</param>
    public static string? Problem(int frequency, double meanSpend)
    {
        if (frequency < 0)
        {
            return $"The frequency x = {frequency} is negative.";
        }

        if (!double.IsFinite(meanSpend) || meanSpend < 0)
        {
            return $"The mean spend z̄ = {Text(meanSpend)} is not a finite number at least 0.";
        }

        if (frequency == 0 && meanSpend != 0)
        {
            return $"A customer without repeat purchases (x = 0) has no mean repeat spend, so z̄ must be 0, not {Text(meanSpend)}.";
        }

        return null;
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

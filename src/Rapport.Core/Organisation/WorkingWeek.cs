using System.Collections.Frozen;
using Rapport.Core.Common;

namespace Rapport.Core.Organisation;

/// <summary>The days of the week someone works.</summary>
/// <remarks>
/// Written in files as a <c>;</c>-separated list of day names: <c>Mon;Tue;Wed;Thu;Fri</c>.
/// Three-letter and full English names are accepted in any case; the text is written back
/// with three-letter names from Monday to Sunday.
/// </remarks>
public readonly record struct WorkingWeek
{
    private static readonly string[] ShortNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    private static readonly DayOfWeek[] MondayFirst =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    private static readonly FrozenDictionary<string, DayOfWeek> DayNames = Enum.GetValues<DayOfWeek>()
        .SelectMany(d => new[] { (Name: ShortNames[(int)d], Day: d), (Name: d.ToString(), Day: d) })
        .ToFrozenDictionary(p => p.Name, p => p.Day, StringComparer.OrdinalIgnoreCase);

    private readonly byte _days;

    private WorkingWeek(byte days) => _days = days;

    /// <summary>Monday to Friday.</summary>
    public static WorkingWeek MondayToFriday { get; } = Of(DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday);

    /// <summary>The days, Monday first.</summary>
    public IReadOnlyList<DayOfWeek> Days
    {
        get
        {
            var days = _days;
            return MondayFirst.Where(d => (days & (1 << (int)d)) != 0).ToArray();
        }
    }

    /// <summary>A week of the given days.</summary>
    public static WorkingWeek Of(params DayOfWeek[] days)
    {
        ArgumentNullException.ThrowIfNull(days);
        byte mask = 0;
        foreach (var day in days)
        {
            if (!Enum.IsDefined(day))
            {
                throw new ArgumentOutOfRangeException(nameof(days), day, "Not a day of the week.");
            }

            mask |= (byte)(1 << (int)day);
        }

        return new WorkingWeek(mask);
    }

    /// <summary>Reads a list such as <c>Mon;Tue;Wed</c>.</summary>
    public static ParseResult<WorkingWeek> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte mask = 0;
        foreach (var part in text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!DayNames.TryGetValue(part, out var day))
            {
                return ParseResult<WorkingWeek>.ForError($"'{part}' is not a day of the week (expected Mon, Tue, Wed, Thu, Fri, Sat or Sun)");
            }

            mask |= (byte)(1 << (int)day);
        }

        return ParseResult<WorkingWeek>.ForValue(new WorkingWeek(mask));
    }

    /// <summary>Whether the week includes a day.</summary>
    public bool Includes(DayOfWeek day) => (_days & (1 << (int)day)) != 0;

    /// <inheritdoc />
    public override string ToString() => string.Join(';', Days.Select(d => ShortNames[(int)d]));
}

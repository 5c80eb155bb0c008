using System.Data.Common;
using Rapport.Storage.Mapping;

namespace Rapport.Storage.Planning;

/// <summary>
/// The stored form of values whose column types differ between the providers, for the plain
/// ADO.NET paths of planning: instants (SQLite: microseconds since 1970; PostgreSQL:
/// <c>timestamptz</c>) and the days of the plan tables (SQLite: days since 1970-01-01, an integer
/// of two or three bytes, where a <c>yyyy-MM-dd</c> text would take ten in each of millions of
/// rows; PostgreSQL: <c>date</c>).
/// </summary>
internal static class StoredColumns
{
    public const long MicrosecondsPerDay = 86_400_000_000L;

    private static readonly int EpochDayNumber = new DateOnly(1970, 1, 1).DayNumber;

    /// <summary>The value to compare an instant column with.</summary>
    public static object InstantValue(DateTimeOffset instant, bool sqlite) => sqlite
        ? StoredValues.ToUnixMicroseconds(instant)
        : instant.UtcDateTime;

    /// <summary>The value to compare a day column of the plan tables with.</summary>
    public static object PlanDayValue(DateOnly day, bool sqlite) => sqlite ? ToPlanDay(day) : day;

    /// <summary>A plan day as SQLite stores it: days since 1970-01-01.</summary>
    public static int ToPlanDay(DateOnly day) => day.DayNumber - EpochDayNumber;

    public static DateOnly FromPlanDay(int stored) => DateOnly.FromDayNumber(EpochDayNumber + stored);

    /// <summary>The UTC day of an instant stored as microseconds since 1970.</summary>
    public static DateOnly DayOfUnixMicroseconds(long microseconds)
    {
        var (days, rest) = Math.DivRem(microseconds, MicrosecondsPerDay);
        return DateOnly.FromDayNumber(EpochDayNumber + (int)(rest < 0 ? days - 1 : days));
    }

    public static DbParameter Parameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}

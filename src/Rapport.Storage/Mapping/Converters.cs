using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Rapport.Core.Contact;
using Rapport.Core.Customers;
using Rapport.Core.Geography;
using Rapport.Core.Organisation;
using Rapport.Core.Purchases;

namespace Rapport.Storage.Mapping;

/// <summary>Value converters between Core's value types and columns.</summary>
internal static class Converters
{
    public static readonly ValueConverter<EmailAddress?, string> Email = new(v => v!.Value, s => EmailAddress.From(s));
    public static readonly ValueConverter<PhoneNumber?, string> Phone = new(v => v!.Value, s => PhoneNumber.From(s));
    public static readonly ValueConverter<TimeZoneId?, string> TimeZone = new(v => v!.Id, s => TimeZoneId.From(s));
    public static readonly ValueConverter<LanguageTag?, string> Language = new(v => v!.Value, s => LanguageTag.From(s));
    public static readonly ValueConverter<CurrencyCode?, string> Currency = new(v => v!.Code, s => CurrencyCode.From(s));
    public static readonly ValueConverter<WorkingWeek, string> Week = new(v => v.ToString(), s => WorkingWeek.Parse(s).Value);

    public static readonly ValueConverter<IReadOnlyList<EmailAddress>, string> Emails = new(
        v => StoredValues.JoinList(v, e => e.Value),
        s => StoredValues.SplitList(s, EmailAddress.From));

    public static readonly ValueConverter<IReadOnlyList<PhoneNumber>, string> Phones = new(
        v => StoredValues.JoinList(v, p => p.Value),
        s => StoredValues.SplitList(s, PhoneNumber.From));

    public static readonly ValueConverter<IReadOnlyList<string>, string> Words = new(
        v => StoredValues.JoinList(v, w => w),
        s => StoredValues.SplitList(s, w => w));

    public static readonly ValueConverter<IReadOnlyList<Channel>, string> Channels = new(
        v => StoredValues.JoinList(v, StoredValues.EnumText),
        s => StoredValues.SplitList(s, StoredValues.ParseEnum<Channel>));

    public static readonly ValueConverter<IReadOnlyList<SocialHandle>, string> Handles = new(
        v => StoredValues.JoinList(v, h => h.ToString()),
        s => StoredValues.SplitList(s, h => SocialHandle.Parse(h).Value));

    public static ValueConverter<TEnum, string> Kebab<TEnum>()
        where TEnum : struct, Enum => new(v => StoredValues.EnumText(v), s => StoredValues.ParseEnum<TEnum>(s));

    public static ValueComparer<IReadOnlyList<T>> ListComparer<T>() => new(
        (a, b) => a!.SequenceEqual(b!),
        list => list.Aggregate(0, (hash, item) => HashCode.Combine(hash, item)),
        list => list.ToArray());
}

/// <summary>SQLite has no instant type: instants are integers, microseconds since 1970-01-01 UTC.</summary>
internal sealed class UnixMicrosecondsConverter() : ValueConverter<DateTimeOffset, long>(
    v => StoredValues.ToUnixMicroseconds(v),
    s => StoredValues.FromUnixMicroseconds(s));

/// <summary>SQLite has no exact decimal type: amounts are integers of 1/10,000, summable in SQL.</summary>
internal sealed class ScaledAmountConverter() : ValueConverter<decimal, long>(
    v => StoredValues.ToScaledAmount(v),
    s => StoredValues.FromScaledAmount(s));

/// <summary>Days of the plan tables in SQLite: integers, days since 1970-01-01 (see <c>StoredColumns</c>).</summary>
internal sealed class PlanDayConverter() : ValueConverter<DateOnly, int>(
    v => Planning.StoredColumns.ToPlanDay(v),
    s => Planning.StoredColumns.FromPlanDay(s));

using System.Globalization;
using System.Text.Encodings.Web;
using Fluid;
using Fluid.Values;
using Rapport.Core.Common;

namespace Rapport.Messaging.Templates;

/// <summary>What one render found missing: the first empty field the template wrote.</summary>
internal sealed class RenderLog
{
    public string? MissingField { get; private set; }

    public void Missing(string field) => MissingField ??= field;
}

/// <summary>
/// The fields of <see cref="TemplateFields"/> for one touch, made as a template asks for them.
/// </summary>
/// <remarks>
/// A field this customer has no value for is a <see cref="MissingValue"/>: false in an <c>if</c>,
/// nil to <c>default</c>, and recorded in the <see cref="RenderLog"/> as soon as it is written or
/// turned into text, so that the touch produces no message (SPEC R7).
/// </remarks>
internal sealed class MessageModel(MessageFacts facts, RenderLog log) : GroupValue
{
    private FluidValue? _customer;

    public static FluidValue Text(string? value, string field, RenderLog log) =>
        string.IsNullOrWhiteSpace(value) ? new MissingValue(field, log) : new StringValue(value);

    public static FluidValue Day(DateOnly? value, string field, RenderLog log) =>
        value is { } day ? new DayValue(day) : new MissingValue(field, log);

    protected override FluidValue Get(string name) => name switch
    {
        "customer" => _customer ??= new CustomerValue(facts, log),
        "tenure" => Tenure.InWords(facts.CustomerSince, facts.Day) is { } words ? new StringValue(words) : new MissingValue(name, log),
        "tenure_years" => Tenure.Years(facts.CustomerSince, facts.Day) is { } years ? NumberValue.Create(years) : new MissingValue(name, log),
        "order_count" => NumberValue.Create(facts.OrderCount),
        "last_product" => Text(facts.LastProduct, name, log),
        "last_purchase" => Day(facts.LastPurchase, name, log),
        "relationship" => new StringValue(EnumText.ToText(facts.Relationship)),
        "stage" => Text(facts.Stage, name, log),
        "tier" => Text(facts.Tier, name, log),
        "account_manager" => facts.AccountManager is { } manager ? new PersonValue(manager, log) : new MissingGroup(name, log),
        "branch" => facts.Branch is { } branch ? new BranchValue(branch, log) : new MissingGroup(name, log),
        "moment" => facts.Moment is { } moment ? new MomentValue(moment, log) : new MissingGroup(name, log),
        "preferences_url" => facts.PreferencesUrl is { } url ? new StringValue(url.AbsoluteUri) : new MissingValue(name, log),
        "date" => new DayValue(facts.Day),
        _ => NilValue.Instance,
    };

    private sealed class CustomerValue(MessageFacts facts, RenderLog log) : GroupValue
    {
        private FluidValue? _firstName;

        protected override FluidValue Get(string name) => name switch
        {
            "id" => new StringValue(facts.CustomerId),
            "first_name" => _firstName ??= Text(facts.FirstName, "customer.first_name", log),
            "last_name" => Text(facts.LastName, "customer.last_name", log),
            "name" => Text(FullName(facts), "customer.name", log),
            "company" => Text(facts.Company, "customer.company", log),
            "email" => Text(facts.Email, "customer.email", log),
            "phone" => Text(facts.Phone, "customer.phone", log),
            "street" => Text(facts.Street, "customer.street", log),
            "city" => Text(facts.City, "customer.city", log),
            "postcode" => Text(facts.Postcode, "customer.postcode", log),
            "country" => Text(facts.Country, "customer.country", log),
            "address" => Address(facts) is { Length: > 0 } lines ? new LinesValue(lines) : new MissingValue("customer.address", log),
            "since" => Day(facts.CustomerSince, "customer.since", log),
            _ => NilValue.Instance,
        };

        private static string? FullName(MessageFacts facts)
        {
            var first = facts.FirstName?.Trim();
            var last = facts.LastName?.Trim();
            return (string.IsNullOrEmpty(first), string.IsNullOrEmpty(last)) switch
            {
                (false, false) => $"{first} {last}",
                (false, true) => first,
                (true, false) => last,
                _ => facts.Company,
            };
        }

        private static string[] Address(MessageFacts facts) =>
            new[] { facts.Street, facts.City, facts.Postcode, facts.Country }
                .Where(l => !string.IsNullOrWhiteSpace(l))
                .Select(l => l!.Trim())
                .ToArray();
    }

    private sealed class PersonValue(PersonFacts person, RenderLog log) : GroupValue
    {
        protected override FluidValue Get(string name) => name switch
        {
            "name" => Text(person.Name, "account_manager.name", log),
            "phone" => Text(person.Phone, "account_manager.phone", log),
            "email" => Text(person.Email, "account_manager.email", log),
            _ => NilValue.Instance,
        };
    }

    private sealed class BranchValue(BranchFacts branch, RenderLog log) : GroupValue
    {
        protected override FluidValue Get(string name) => name switch
        {
            "name" => Text(branch.Name, "branch.name", log),
            "phone" => Text(branch.Phone, "branch.phone", log),
            "email" => Text(branch.Email, "branch.email", log),
            "address" => Text(branch.Address, "branch.address", log),
            _ => NilValue.Instance,
        };
    }

    private sealed class MomentValue(MomentFacts moment, RenderLog log) : GroupValue
    {
        protected override FluidValue Get(string name) => name switch
        {
            "event" => Text(moment.Event, "moment.event", log),
            "product" => Text(moment.Product, "moment.product", log),
            "line_of_business" => Text(moment.LineOfBusiness, "moment.line_of_business", log),
            "inbound_kind" => Text(moment.InboundKind is { } kind ? EnumText.ToText(kind) : null, "moment.inbound_kind", log),
            "note" => Text(moment.InboundNote, "moment.note", log),
            "referred_name" => Text(moment.ReferredName, "moment.referred_name", log),
            "warning" => Text(moment.Warning, "moment.warning", log),
            "reward_choice" => Text(moment.RewardChoice, "moment.reward_choice", log),
            _ => NilValue.Instance,
        };
    }
}

/// <summary>A group of fields (<c>customer</c>, <c>branch</c>): true in an <c>if</c>, looked into by name.</summary>
internal abstract class GroupValue : FluidValue
{
    public override FluidValues Type => FluidValues.Dictionary;

    public override bool Equals(FluidValue other) => ReferenceEquals(this, other);

    public override bool ToBooleanValue() => true;

    public override decimal ToNumberValue() => 0;

    public override object ToObjectValue() => this;

    public override string ToStringValue() => string.Empty;

    public override ValueTask<FluidValue> GetValueAsync(string name, TemplateContext context) => new(Get(name));

    protected abstract FluidValue Get(string name);
}

/// <summary>
/// A field with no value for this customer: false and nil when tested, a problem when written.
/// </summary>
internal sealed class MissingValue(string field, RenderLog log) : BaseNilValue
{
    [Obsolete("Fluid renders through WriteToAsync; kept so that no path writes a missing field unnoticed.")]
    public override void WriteTo(TextWriter writer, TextEncoder encoder, CultureInfo cultureInfo) => log.Missing(field);

    public override ValueTask WriteToAsync(TextWriter writer, TextEncoder encoder, CultureInfo cultureInfo)
    {
        log.Missing(field);
        return default;
    }

    // A filter reads its input as text: `| upcase`, `| append:`. That text would reach the message.
    public override string ToStringValue()
    {
        log.Missing(field);
        return string.Empty;
    }
}

/// <summary>A group with no value for this customer (no account manager, no moment): false when tested.</summary>
/// <remarks>Not a nil value, so that Liquid looks into it and the problem names the field (<c>account_manager.phone</c>).</remarks>
internal sealed class MissingGroup(string field, RenderLog log) : FluidValue
{
    public override FluidValues Type => FluidValues.Nil;

    public override bool Equals(FluidValue other) => other.IsNil() || other is MissingGroup;

    public override bool ToBooleanValue() => false;

    public override decimal ToNumberValue() => 0;

    public override object ToObjectValue() => null!;

    public override string ToStringValue()
    {
        log.Missing(field);
        return string.Empty;
    }

    [Obsolete("Fluid renders through WriteToAsync; kept so that no path writes a missing field unnoticed.")]
    public override void WriteTo(TextWriter writer, TextEncoder encoder, CultureInfo cultureInfo) => log.Missing(field);

    public override ValueTask WriteToAsync(TextWriter writer, TextEncoder encoder, CultureInfo cultureInfo)
    {
        log.Missing(field);
        return default;
    }

    public override ValueTask<FluidValue> GetValueAsync(string name, TemplateContext context) =>
        new(new MissingValue(field + "." + name, log));
}

/// <summary>A day, written in English like <c>23 November 2026</c>; Liquid's <c>date</c> filter formats it otherwise.</summary>
internal sealed class DayValue(DateOnly day) : FluidValue
{
    public override FluidValues Type => FluidValues.DateTime;

    public override bool Equals(FluidValue other) => other is DayValue d && d.ToObjectValue().Equals(ToObjectValue());

    public override bool ToBooleanValue() => true;

    public override decimal ToNumberValue() => day.DayNumber;

    public override object ToObjectValue() => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public override string ToStringValue() => Written(day);

    [Obsolete("Fluid renders through WriteToAsync.")]
    public override void WriteTo(TextWriter writer, TextEncoder encoder, CultureInfo cultureInfo) => writer.Write(ToStringValue());

    public override ValueTask WriteToAsync(TextWriter writer, TextEncoder encoder, CultureInfo cultureInfo)
    {
        writer.Write(ToStringValue());
        return default;
    }

    internal static string Written(DateOnly day) => day.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
}

/// <summary>Lines of text (an address): written one per line, walked by <c>for</c>, with <c>size</c>, <c>first</c> and <c>last</c>.</summary>
internal sealed class LinesValue(string[] lines) : FluidValue
{
    private readonly FluidValue[] _values = Array.ConvertAll(lines, l => (FluidValue)new StringValue(l));

    public override FluidValues Type => FluidValues.Array;

    public override bool Equals(FluidValue other) => other is LinesValue l && l.ToStringValue() == ToStringValue();

    public override bool ToBooleanValue() => true;

    public override decimal ToNumberValue() => lines.Length;

    public override object ToObjectValue() => lines;

    public override string ToStringValue() => string.Join('\n', lines);

    [Obsolete("Fluid renders through WriteToAsync.")]
    public override void WriteTo(TextWriter writer, TextEncoder encoder, CultureInfo cultureInfo) => writer.Write(ToStringValue());

    public override ValueTask WriteToAsync(TextWriter writer, TextEncoder encoder, CultureInfo cultureInfo)
    {
        writer.Write(ToStringValue());
        return default;
    }

    public override ValueTask<FluidValue> GetValueAsync(string name, TemplateContext context) => new(name switch
    {
        "size" => NumberValue.Create(lines.Length),
        "first" => _values[0],
        "last" => _values[^1],
        _ => NilValue.Instance,
    });

    public override ValueTask<FluidValue> GetIndexAsync(FluidValue index, TemplateContext context)
    {
        var i = (int)index.ToNumberValue();
        return new(i >= 0 && i < _values.Length ? _values[i] : NilValue.Instance);
    }

    public override bool Contains(FluidValue value) => Array.IndexOf(lines, value.ToStringValue()) >= 0;

    public override IEnumerable<FluidValue> Enumerate(TemplateContext context) => _values;
}

using System.Text;
using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace Rapport.Messaging.Templates;

/// <summary>
/// Checks a parsed template against <see cref="TemplateFields"/> before it is ever rendered: every
/// name it uses must be a field or a variable the template makes itself, every filter must exist.
/// </summary>
/// <remarks>
/// Done on the syntax tree rather than while rendering, so that a misspelt field inside an
/// <c>if</c> that this customer never enters still stops the template (SPEC R7: fail closed).
/// </remarks>
internal sealed class FieldCheck : AstVisitor
{
    private readonly TemplateOptions _options;
    private readonly HashSet<string> _locals = new(StringComparer.Ordinal) { "forloop", "tablerowloop" };
    private readonly List<MemberExpression> _members = [];
    private readonly List<MemberExpression> _written = [];
    private readonly List<string> _filters = [];

    private FieldCheck(TemplateOptions options) => _options = options;

    /// <summary>The first problem in a template, or null when it uses only what exists.</summary>
    public static FieldProblem? Find(IReadOnlyList<Statement> statements, TemplateOptions options)
    {
        var check = new FieldCheck(options);
        foreach (var statement in statements)
        {
            check.Visit(statement);
        }

        return check.FirstProblem();
    }

    protected override Expression VisitMemberExpression(MemberExpression memberExpression)
    {
        _members.Add(memberExpression);
        return base.VisitMemberExpression(memberExpression);
    }

    protected override Statement VisitOutputStatement(OutputStatement outputStatement)
    {
        if (outputStatement.Expression is MemberExpression member)
        {
            _written.Add(member);
        }

        foreach (var filter in outputStatement.Filters ?? [])
        {
            _filters.Add(filter.Name);
        }

        return base.VisitOutputStatement(outputStatement);
    }

    protected override Expression VisitFilterExpression(FilterExpression filterExpression)
    {
        _filters.Add(filterExpression.Name);
        return base.VisitFilterExpression(filterExpression);
    }

    protected override Statement VisitAssignStatement(AssignStatement assignStatement)
    {
        _locals.Add(assignStatement.Identifier);
        return base.VisitAssignStatement(assignStatement);
    }

    protected override Statement VisitCaptureStatement(CaptureStatement captureStatement)
    {
        _locals.Add(captureStatement.Identifier);
        return base.VisitCaptureStatement(captureStatement);
    }

    protected override Statement VisitForStatement(ForStatement forStatement)
    {
        _locals.Add(forStatement.Identifier);
        return base.VisitForStatement(forStatement);
    }

    protected override Statement VisitTableRowStatement(TableRowStatement tableRowStatement)
    {
        _locals.Add(tableRowStatement.Identifier);
        return base.VisitTableRowStatement(tableRowStatement);
    }

    protected override Statement VisitIncrementStatement(IncrementStatement incrementStatement)
    {
        _locals.Add(incrementStatement.Identifier);
        return base.VisitIncrementStatement(incrementStatement);
    }

    protected override Statement VisitDecrementStatement(DecrementStatement decrementStatement)
    {
        _locals.Add(decrementStatement.Identifier);
        return base.VisitDecrementStatement(decrementStatement);
    }

    protected override Statement VisitMacroStatement(MacroStatement macroStatement)
    {
        _locals.Add(macroStatement.Identifier);
        foreach (var argument in macroStatement.Arguments)
        {
            _locals.Add(argument.Name);
        }

        return base.VisitMacroStatement(macroStatement);
    }

    private FieldProblem? FirstProblem()
    {
        foreach (var filter in _filters)
        {
            if (!_options.Filters.TryGetValue(filter, out _))
            {
                return new FieldProblem(filter, "| " + filter, $"filter '{filter}' does not exist");
            }
        }

        foreach (var member in _members)
        {
            if (Unknown(member) is { } name)
            {
                return new FieldProblem(name, name, $"field '{name}' does not exist");
            }
        }

        foreach (var member in _written)
        {
            if (Path(member, member.Segments.Count) is { } name && TemplateFields.ByName.TryGetValue(name, out var field) && field.Shape == FieldShape.Group)
            {
                return new FieldProblem(name, name, $"'{name}' is a group of fields: write one of them, such as {name}.name");
            }
        }

        return null;
    }

    /// <summary>The name as written up to the first part that does not exist, or null when every part exists.</summary>
    private string? Unknown(MemberExpression member)
    {
        var segments = member.Segments;
        if (segments[0] is not IdentifierSegment { Identifier: var root } || _locals.Contains(root))
        {
            return null;
        }

        var known = TemplateFields.ByName.GetValueOrDefault(root);
        if (known is null)
        {
            return Path(member, segments.Count);
        }

        for (var i = 1; i < segments.Count; i++)
        {
            var name = SegmentName(segments[i]);
            if (name is null)
            {
                // An index such as customer.address[0]: checked no further.
                return known.Shape is FieldShape.Lines or FieldShape.Text ? null : Path(member, i + 1);
            }

            if (known.Shape == FieldShape.Group && TemplateFields.ByName.TryGetValue(known.Name + "." + name, out var child))
            {
                known = child;
                continue;
            }

            // size, first and last of a text or a list; anything after them is Liquid's business.
            return known.Shape != FieldShape.Group && TemplateFields.BuiltInProperties.Contains(name) ? null : Path(member, i + 1);
        }

        return null;
    }

    private static string? SegmentName(MemberSegment segment) => segment switch
    {
        IdentifierSegment identifier => identifier.Identifier,
        IndexerSegment { Expression: LiteralExpression literal } when literal.Value is StringValue text => text.ToStringValue(),
        _ => null,
    };

    private static string? Path(MemberExpression member, int count)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var name = SegmentName(member.Segments[i]);
            if (name is null)
            {
                builder.Append("[…]");
                continue;
            }

            if (i > 0)
            {
                builder.Append('.');
            }

            builder.Append(name);
        }

        return builder.ToString();
    }
}

/// <summary>A name a template uses that does not exist.</summary>
/// <param name="Field">The field or filter as written.</param>
/// <param name="SearchText">What to look for in the source to point at it.</param>
/// <param name="Message">The problem in words.</param>
internal sealed record FieldProblem(string Field, string SearchText, string Message);

using System.Diagnostics.CodeAnalysis;

namespace Rapport.Messaging.Templates;

/// <summary>The outcome of rendering one touch: a message ready to deliver, or why there is none.</summary>
public sealed class RenderResult
{
    private RenderResult(RenderedMessage? message, RenderProblem? problem)
    {
        Message = message;
        Problem = problem;
    }

    /// <summary>The message; null when there is a problem.</summary>
    public RenderedMessage? Message { get; }

    /// <summary>Why the touch produced no message; null when it did.</summary>
    public RenderProblem? Problem { get; }

    /// <summary>Whether a message was made.</summary>
    [MemberNotNullWhen(true, nameof(Message))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool IsRendered => Message is not null;

    /// <summary>A message made.</summary>
    public static RenderResult Rendered(RenderedMessage message) => new(message ?? throw new ArgumentNullException(nameof(message)), null);

    /// <summary>No message, and why.</summary>
    public static RenderResult Failed(RenderProblem problem) => new(null, problem ?? throw new ArgumentNullException(nameof(problem)));

    /// <inheritdoc />
    public override string ToString() => IsRendered ? $"{Message.Template}: rendered" : Problem.Message;
}

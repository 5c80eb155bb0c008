using Rapport.Core.Contact;
using Rapport.Core.Touches;

namespace Rapport.Messaging.Templates;

/// <summary>A message ready to deliver: the text of one touch for one customer.</summary>
/// <param name="TouchKey">The touch's outbox key.</param>
/// <param name="CustomerId">The customer it is for.</param>
/// <param name="Kind">The kind of touch.</param>
/// <param name="Channel">The channel it goes by.</param>
/// <param name="Template">The template file it came from, such as <c>thank-you.email.young-children.liquid</c>.</param>
/// <param name="Subject">The subject line: e-mail only.</param>
/// <param name="Text">The plain text: the e-mail's text part, the letter's body, the SMS, the call script.</param>
/// <param name="Html">The HTML part: e-mail only.</param>
public sealed record RenderedMessage(string TouchKey, string CustomerId, TouchKind Kind, Channel Channel, string Template, string? Subject, string Text, string? Html);

/// <summary>Why a touch produced no message (fail closed): it goes to the needs-attention list.</summary>
/// <param name="TouchKey">The touch's outbox key.</param>
/// <param name="CustomerId">The customer it was for.</param>
/// <param name="Kind">The kind of touch.</param>
/// <param name="Channel">The channel it was to go by.</param>
/// <param name="Template">The template file, or null when no template exists for the kind and channel.</param>
/// <param name="Field">The field that was unknown or empty, or the forbidden phrase found, if that was the problem.</param>
/// <param name="Message">The problem in words, such as <c>field 'last_product' is empty for this customer</c>.</param>
public sealed record RenderProblem(string TouchKey, string CustomerId, TouchKind Kind, Channel Channel, string? Template, string? Field, string Message);

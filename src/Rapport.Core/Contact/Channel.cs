namespace Rapport.Core.Contact;

/// <summary>A way of reaching a customer.</summary>
/// <remarks>Written in files as <c>email</c>, <c>print</c>, <c>phone</c>, <c>sms</c>, <c>social</c>.</remarks>
public enum Channel
{
    /// <summary>E-mail.</summary>
    Email,

    /// <summary>A printed letter or card sent by post.</summary>
    Print,

    /// <summary>A telephone call.</summary>
    Phone,

    /// <summary>A text message.</summary>
    Sms,

    /// <summary>A message through a social network, sent by hand.</summary>
    Social,
}

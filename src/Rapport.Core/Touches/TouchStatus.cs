namespace Rapport.Core.Touches;

/// <summary>How far a touch has come.</summary>
public enum TouchStatus
{
    /// <summary>In the plan, not yet prepared.</summary>
    Planned,

    /// <summary>The message is written or the call is scheduled.</summary>
    Prepared,

    /// <summary>Handed to a channel; the outcome may follow.</summary>
    Sent,

    /// <summary>Made, with an outcome if one is known. Inbound touches are always done.</summary>
    Done,
}

namespace Rapport.Core.Touches;

/// <summary>Who made contact.</summary>
public enum TouchDirection
{
    /// <summary>The business contacted the customer.</summary>
    Out,

    /// <summary>The customer contacted the business.</summary>
    In,
}

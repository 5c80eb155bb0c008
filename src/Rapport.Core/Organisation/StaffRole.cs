namespace Rapport.Core.Organisation;

/// <summary>What a member of staff may see and do.</summary>
public enum StaffRole
{
    /// <summary>Works the customers of their own branch.</summary>
    Staff,

    /// <summary>Works their branch and sees its reports.</summary>
    Manager,

    /// <summary>Sees and manages everything.</summary>
    Admin,
}

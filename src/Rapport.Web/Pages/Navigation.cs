namespace Rapport.Web.Pages;

/// <summary>The staff pages in the main navigation, in order.</summary>
public static class Navigation
{
    public static IReadOnlyList<(string Href, string Name)> Staff { get; } =
    [
        ("/today", "Today"),
        ("/customers", "Customers"),
        ("/plan", "Plan"),
        ("/segments", "Segments"),
    ];
}

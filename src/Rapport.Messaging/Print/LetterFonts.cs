using SkiaSharp;

namespace Rapport.Messaging.Print;

/// <summary>The regular and bold typeface of one installed font family.</summary>
internal sealed class LetterFonts : IDisposable
{
    private LetterFonts(SKTypeface regular, SKTypeface bold)
    {
        Regular = regular;
        Bold = bold;
    }

    public SKTypeface Regular { get; }

    /// <summary>The bold face; the regular one when the family has no bold.</summary>
    public SKTypeface Bold { get; }

    public string Family => Regular.FamilyName;

    /// <summary>Finds a family by name (case-insensitive), or says why it cannot.</summary>
    /// <remarks>
    /// SkiaSharp's typeface lookup falls back to some default face for an unknown name; a
    /// fallback is refused here, so that a missing font is an error rather than a surprise.
    /// </remarks>
    public static (LetterFonts? Fonts, string? Error) Find(string family)
    {
        var manager = SKFontManager.Default;

        // Some font managers match names exactly: use the installed spelling of the name.
        family = manager.FontFamilies.FirstOrDefault(name => string.Equals(name, family.Trim(), StringComparison.OrdinalIgnoreCase)) ?? family;
        var regular = Match(manager, family, SKFontStyle.Normal);
        if (regular is null)
        {
            var installed = manager.FontFamilies.Order(StringComparer.OrdinalIgnoreCase).ToList();
            var listed = installed.Count == 0
                ? "no fonts are installed where SkiaSharp looks (/usr/share/fonts on Linux)"
                : $"installed: {string.Join(", ", installed.Take(12))}{(installed.Count > 12 ? ", …" : string.Empty)}";
            return (null, $"no font of the family '{family}' is installed ({listed}); install it (on Debian: fonts-dejavu-core) or choose another family");
        }

        var bold = Match(manager, family, SKFontStyle.Bold) ?? regular;
        return (new LetterFonts(regular, bold), null);
    }

    public void Dispose()
    {
        if (!ReferenceEquals(Bold, Regular))
        {
            Bold.Dispose();
        }

        Regular.Dispose();
    }

    private static SKTypeface? Match(SKFontManager manager, string family, SKFontStyle style)
    {
        var typeface = manager.MatchFamily(family, style);
        if (typeface is not null && !string.Equals(typeface.FamilyName, family, StringComparison.OrdinalIgnoreCase))
        {
            typeface.Dispose();
            return null;
        }

        return typeface;
    }
}

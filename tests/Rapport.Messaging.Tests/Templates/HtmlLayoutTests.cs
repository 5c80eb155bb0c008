using Rapport.Messaging.Templates;

namespace Rapport.Messaging.Tests.Templates;

public sealed class HtmlLayoutTests
{
    [Fact]
    public void Build_EncodesTheTextSoThatNoDataBecomesMarkup()
    {
        var html = HtmlLayout.Build("Tom & Jerry <3", "Dear <b>Tom</b> & \"Jerry\",", "en-GB");

        Assert.Contains("<title>Tom &amp; Jerry &lt;3</title>", html, StringComparison.Ordinal);
        Assert.Contains("Dear &lt;b&gt;Tom&lt;/b&gt; &amp; &quot;Jerry&quot;,", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_BlankLinesMakeParagraphsAndLineBreaksStay()
    {
        var html = HtmlLayout.Build("Hi", "One\ntwo\n\nThree", "en-GB");

        Assert.Contains(">One<br>\ntwo</p>", html, StringComparison.Ordinal);
        Assert.Contains(">Three</p>", html, StringComparison.Ordinal);
        Assert.Equal(2, html.Split("<p ").Length - 1);
    }

    [Fact]
    public void Build_WebAddressesBecomeLinksWithoutTheSentencesFullStop()
    {
        var html = HtmlLayout.Build("Hi", "See https://example.com/p?a=1&b=2. Or (http://example.org/x).", "en-GB");

        Assert.Contains("<a href=\"https://example.com/p?a=1&amp;b=2\"", html, StringComparison.Ordinal);
        Assert.Contains(">https://example.com/p?a=1&amp;b=2</a>. Or (<a href=\"http://example.org/x\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_KeepsLettersOfEveryScriptAndNamesTheLanguage()
    {
        var html = HtmlLayout.Build("Merci", "Chère Zoë, à bientôt", "fr");

        Assert.Contains("Chère Zoë, à bientôt", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"fr\">", html, StringComparison.Ordinal);
    }
}

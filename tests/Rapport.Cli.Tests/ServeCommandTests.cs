namespace Rapport.Cli.Tests;

/// <summary><c>rapport serve</c>'s options, checked before anything starts (the app itself is tested in Rapport.Web.Tests).</summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData("--urls", "ftp://127.0.0.1:5080", "'ftp://127.0.0.1:5080' is not an http(s) URL")]
    [InlineData("--public-url", "shop.example", "'shop.example' is not an absolute http(s) URL")]
    [InlineData("--trust-proxy", "10.0.0.999", "'10.0.0.999' is not an IP address (10.0.0.5) or network (10.0.0.0/24)")]
    [InlineData("--trust-proxy", "10.0.0.5;10.0.0.0/33", "'10.0.0.0/33' is not an IP address")]
    [InlineData("--trust-proxy", "proxy.internal", "'proxy.internal' is not an IP address")]
    public async Task BadOption_IsBadUsage_NamingTheOptionAndTheValue(string option, string value, string message)
    {
        var outcome = await _cli.RunAsync("serve", option, value);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($"rapport: {option}: {message}", outcome.Error, StringComparison.Ordinal);
        Assert.Empty(outcome.Out);
    }
}

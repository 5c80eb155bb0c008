using Rapport.Core.Contact;
using Rapport.Messaging.Links;
using Rapport.Storage.Database;
using Rapport.Storage.Outbox;

namespace Rapport.Cli.Tests;

/// <summary><c>rapport customers link</c>: a signed link for one customer, made with the database's key.</summary>
public sealed class CustomersLinkCommandTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Link_PrintsAPreferencePageLink_ThatTheAppWouldAcceptForThatCustomer()
    {
        await ImportSampleAsync();
        var outcome = await _cli.RunAsync("customers", "link", "C1", "--public-url", "https://shop.example/rapport");
        Assert.True(outcome.ExitCode == 0, outcome.Error);

        var url = outcome.Out.Trim();
        Assert.StartsWith("https://shop.example/rapport/p/v1.", url, StringComparison.Ordinal);
        var check = (await LinksAsync()).Check(url["https://shop.example/rapport/p/".Length..]);
        Assert.Equal(new LinkCheck.Valid("C1", LinkScope.All, LinkPurpose.Preferences, new DateOnly(2027, 2, 21)), check);
    }

    [Fact]
    public async Task Link_Unsubscribe_WithChannel_PrintsAOneClickLinkForThatChannel()
    {
        await ImportSampleAsync();
        var outcome = await _cli.RunAsync("customers", "link", "C2", "--unsubscribe", "--channel", "email", "--public-url", "https://shop.example");
        Assert.True(outcome.ExitCode == 0, outcome.Error);

        var url = outcome.Out.Trim();
        Assert.StartsWith("https://shop.example/u/v1.", url, StringComparison.Ordinal);
        var check = (await LinksAsync()).Check(url["https://shop.example/u/".Length..]);
        Assert.Equal(new LinkCheck.Valid("C2", LinkScope.For(Channel.Email), LinkPurpose.Unsubscribe, new DateOnly(2027, 12, 28)), check);
    }

    [Fact]
    public async Task Link_WithoutPublicUrl_UsesTheEnvironment_ElseTheLocalApp()
    {
        await ImportSampleAsync();
        var local = await _cli.RunAsync("customers", "link", "C1");
        Assert.True(local.ExitCode == 0, local.Error);
        Assert.StartsWith("http://127.0.0.1:5080/p/v1.", local.Out, StringComparison.Ordinal);

        _cli.SetEnvironment("RAPPORT_PUBLIC_URL", "https://crm.example.org/r");
        var configured = await _cli.RunAsync("customers", "link", "C1");
        Assert.True(configured.ExitCode == 0, configured.Error);
        Assert.StartsWith("https://crm.example.org/r/p/v1.", configured.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Link_UnknownCustomer_NamesIt_AndPrintsNoLink()
    {
        await ImportSampleAsync();
        var outcome = await _cli.RunAsync("customers", "link", "C99");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("no customer with id 'C99'", outcome.Error, StringComparison.Ordinal);
        Assert.Empty(outcome.Out);
    }

    [Theory]
    [InlineData("--channel", "fax", "--channel")] // not a channel
    [InlineData("--public-url", "shop.example", "--public-url")] // not an absolute URL
    [InlineData("--public-url", "https://shop.example/?x=1", "--public-url")] // a query would break every link
    public async Task Link_BadOption_IsBadUsage_NamingTheOption(string option, string value, string named)
    {
        await ImportSampleAsync();
        var outcome = await _cli.RunAsync("customers", "link", "C1", option, value);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(named, outcome.Error, StringComparison.Ordinal);
        Assert.Empty(outcome.Out);
    }

    private async Task<PreferenceLinks> LinksAsync()
    {
        var database = await RapportDatabase.OpenAsync(DatabaseLocation.Resolve(null, null, _cli.Folder.Path), CancellationToken.None);
        return new PreferenceLinks(await LinkKey.GetOrCreateAsync(database, CancellationToken.None), new Uri("https://shop.example"), _cli.Time);
    }

    private async Task ImportSampleAsync()
    {
        _cli.WriteSampleFiles();
        foreach (var kind in new[] { "branches", "staff", "customers" })
        {
            var imported = await _cli.RunAsync("import", kind, kind + ".csv");
            Assert.True(imported.ExitCode == 0, imported.Error);
        }
    }
}

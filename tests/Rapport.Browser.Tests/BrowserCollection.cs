namespace Rapport.Browser.Tests;

/// <summary>One served business and one browser for every browser test: starting them is the slow part.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<ServedBusiness>
{
    public const string Name = "browser";
}

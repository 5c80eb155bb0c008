using Rapport.Messaging.Links;
using Rapport.Storage.Database;
using Rapport.Storage.Outbox;

namespace Rapport.Web.CustomerPages;

/// <summary>
/// The app's <see cref="PreferenceLinks"/>: signed with the installation's link key (made on first
/// use and kept in the database's <c>secrets</c>, the key <c>rapport send</c> signs with), based at
/// <see cref="WebOptions.PublicUrl"/>, else the first address the app listens on.
/// </summary>
public sealed class CustomerLinks(RapportDatabase database, WebOptions options)
{
    private PreferenceLinks? _links;

    /// <summary>Where customers reach the app: the base of the links.</summary>
    public Uri PublicUrl { get; } = options.PublicUrl ?? FirstListenUrl(options.Urls);

    /// <summary>The links, with the key read from the database once.</summary>
    public async Task<PreferenceLinks> GetAsync(CancellationToken cancellationToken)
    {
        // Two first requests at once both read the same stored key: no lock needed.
        if (_links is { } made)
        {
            return made;
        }

        var key = await LinkKey.GetOrCreateAsync(database, cancellationToken).ConfigureAwait(false);
        return _links = new PreferenceLinks(key, PublicUrl, options.Time);
    }

    private static Uri FirstListenUrl(string urls)
    {
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "http://127.0.0.1:5080";

        // Kestrel's wildcard hosts listen everywhere but name no place a customer could reach.
        foreach (var wildcard in new[] { "://*", "://+", "://0.0.0.0", "://[::]" })
        {
            first = first.Replace(wildcard, "://127.0.0.1", StringComparison.Ordinal);
        }

        return Uri.TryCreate(first, UriKind.Absolute, out var url) ? url : new Uri("http://127.0.0.1:5080");
    }
}

/// <summary>Registers what the customer's pages need.</summary>
public static class CustomerPagesServices
{
    public static IServiceCollection AddCustomerPages(this IServiceCollection services)
    {
        services.AddSingleton<CustomerLinks>();
        services.AddSingleton<SelfService>();
        return services;
    }
}

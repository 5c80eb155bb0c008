using Rapport.Messaging.Templates;
using Rapport.Storage.Database;
using Rapport.Storage.Policy;

namespace Rapport.Web;

/// <summary>What the web app runs on: the same database, policy and templates as the command line.</summary>
/// <param name="Database">The database (SQLite or PostgreSQL).</param>
/// <param name="Policy">The contact policy.</param>
/// <param name="Templates">The message templates (the shipped ones with the user's overrides).</param>
/// <param name="Urls">Where to listen, such as <c>http://127.0.0.1:5080</c>; several separated by <c>;</c>.</param>
/// <param name="PublicUrl">Where customers reach the app (the base of signed links); null: the first of <paramref name="Urls"/>.</param>
/// <param name="Time">The clock.</param>
public sealed record WebOptions(RapportDatabase Database, LoadedPolicy Policy, TemplateLibrary Templates, string Urls, Uri? PublicUrl, TimeProvider Time)
{
    /// <summary>
    /// The reverse proxies (addresses or networks) whose <c>X-Forwarded-For</c> and
    /// <c>X-Forwarded-Proto</c> are believed: the client's address then goes into the evidence of a
    /// consent change instead of the proxy's, and a request that reached the proxy over HTTPS gets
    /// Secure cookies. Empty: the headers are ignored, whoever sends them.
    /// </summary>
    public IReadOnlyList<System.Net.IPNetwork> TrustedProxies { get; init; } = [];
}

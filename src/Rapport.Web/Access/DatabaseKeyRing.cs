using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Rapport.Storage.Database;
using Rapport.Storage.Outbox;

namespace Rapport.Web.Access;

/// <summary>
/// Keeps ASP.NET Core's data-protection keys (which sign the sign-in and anti-forgery cookies) in
/// Rapport's own database, in <c>secrets</c>, so that people stay signed in when the app restarts
/// and every copy of the app on one PostgreSQL database accepts the same cookies.
/// </summary>
internal sealed class DatabaseKeyRing(RapportDatabase database) : IXmlRepository
{
    private const string Prefix = "data-protection:";

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var context = database.CreateContext();
        return context.Secrets.AsNoTracking()
            .Where(s => s.Name.StartsWith(Prefix))
            .AsEnumerable()
            .Select(s => XElement.Parse(s.Value))
            .ToArray();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var context = database.CreateContext();
        context.Secrets.Add(new SecretRow { Name = Prefix + friendlyName, Value = element.ToString(SaveOptions.DisableFormatting) });
        context.SaveChanges();
    }
}

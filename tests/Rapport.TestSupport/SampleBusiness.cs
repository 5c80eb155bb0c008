using System.Text;

namespace Rapport.TestSupport;

/// <summary>
/// A small business in the files of SPEC section 7, written the way real exports are: a
/// byte-order mark, CRLF line ends, accents, quotes and commas inside names, columns out of order.
/// </summary>
public static class SampleBusiness
{
    public const string Branches =
        "branch_id,name,latitude,longitude,time_zone,phone,email,address\n" +
        "B1,\"Zürich, Altstadt\",47.3717,8.5423,Europe/Zurich,+41 44 555 01 01,altstadt@example.ch,\"Rennweg 1, 8001 Zürich\"\n" +
        "B2,Genève Rive,46.2044,6.1432,Europe/Zurich,+41 22 555 02 02,rive@example.ch,\n";

    public const string Staff =
        "staff_id,name,branch_id,role,phone,email,calls_per_day,working_days\n" +
        "S1,Anna Müller,B1,manager,+41 44 555 11 11,anna@example.ch,20,Mon;Tue;Wed;Thu;Fri\n" +
        "S2,\"Luc \"\"Lucky\"\" Favre\",B2,staff,,luc@example.ch,35,Mon;Wed;Fri\n";

    // Columns out of order; a company with a comma and a quote; a note-like street with a line break.
    public const string Customers =
        "customer_id,last_name,first_name,company,email,phone,street,city,postcode,country,latitude,longitude,time_zone,language,birth_date,anniversary_date,tags,account_manager_id,home_branch_id,acquisition_source,referred_by,preferred_channels,preferred_frequency,social_handles,created_at\n" +
        "C1,Dupré,Zoë,,zoe@example.ch;zoe.work@example.com,+41 79 555 00 01,\"Rue du Lac 3\nAppartement 2\",Genève,1204,CH,46.2,6.15,Europe/Zurich,fr-CH,1984-02-29,2010-06-12,young-children;keen-gardener,S2,B2,walk-in,,email;phone,monthly,instagram:@zoe,2016-03-01T10:00:00Z\n" +
        "C2,O'Brien,Seán,\"Smith, Jones & \"\"Partners\"\"\",sean@example.com,,,Zürich,8001,CH,,,,en,,,b2b,S1,B1,friend,C1,phone;email,quarterly,,2019-07-15T08:30:00+02:00\n" +
        "C3,Nguyễn,Thị,,thi@example.com,+41 78 555 00 03,,,,,,,,vi,1990-12-01,,,,,friend,C4,print,yearly,,2021-01-04\n" +
        "C4,Björk,Åsa,,,,,,,,47.37,8.54,Europe/Zurich,sv,,,,,,google,,,,,2015-05-05T00:00:00Z\n";

    public const string Consents =
        "customer_id,channel,status,at,source,evidence\n" +
        "C1,email,granted,2016-03-01T10:00:00Z,web-form,\"form 12, ip 203.0.113.7\"\n" +
        "C1,phone,granted,2016-03-01T10:00:00Z,web-form,form 12\n" +
        "C1,email,withdrawn,2024-05-01T09:00:00Z,unsubscribe-link,message 881\n" +
        "C2,phone,granted,2019-07-15T06:30:00Z,in-store,paper form 7\n" +
        "C2,email,granted,2019-07-15T06:30:00Z,in-store,paper form 7\n" +
        "C3,print,granted,2021-01-04T00:00:00Z,phone,call recording R-1\n";

    public const string Purchases =
        "purchase_id,customer_id,at,amount,currency,product,category,line_of_business,branch_id\n" +
        "P1,C1,2016-03-01T10:05:00Z,120.50,CHF,\"Rose, climbing\",plants,garden,B2\n" +
        "P2,C1,2023-04-02T11:00:00+02:00,35,CHF,Secateurs,tools,garden,B2\n" +
        "P3,C2,2019-07-15T09:00:00Z,1999.9999,CHF,Oak table,tables,furniture,B1\n" +
        "P4,C3,2021-01-04T12:00:00Z,0,,Catalogue,,,\n";

    public const string Touches =
        "touch_id,customer_id,at,channel,direction,kind,outcome,staff_id,note\n" +
        "T1,C1,2016-03-03T09:00:00Z,email,out,thank-you,opened,S2,\n" +
        "T2,C1,2024-05-02T14:00:00Z,email,in,complaint,,S2,\"Late delivery, \"\"again\"\"\"\n" +
        "T3,C2,2020-01-10T15:00:00Z,phone,out,care-call,answered,S1,Happy with the table\n";

    /// <summary>Writes a file as an export from a spreadsheet would: a BOM and CRLF line ends.</summary>
    public static string WriteFile(TempFolder folder, string name, string content)
    {
        var path = folder.File(name);
        var crlf = content.Replace("\n", "\r\n", StringComparison.Ordinal);
        File.WriteAllText(path, crlf, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        return path;
    }

    /// <summary>Every file, in import order, with the kind's name as the command line spells it.</summary>
    public static IReadOnlyList<(string Kind, string Name, string Content)> Files { get; } =
    [
        ("branches", "branches.csv", Branches),
        ("staff", "staff.csv", Staff),
        ("customers", "customers.csv", Customers),
        ("consents", "consents.csv", Consents),
        ("purchases", "purchases.csv", Purchases),
        ("touches", "touches.csv", Touches),
    ];
}

namespace Rapport.Storage.Demo;

/// <summary>A store of the demo retailer.</summary>
/// <remarks>
/// <c>KmPerDegreeLongitude</c> is 111.32 km × cos(latitude), written out so no platform
/// trigonometry is involved. <c>UtcOffsetHours</c> is the zone's standard offset, used to put
/// purchases in local opening hours (daylight saving is ignored). The first of the
/// <c>AreaCodes</c> is the store's own. <c>Weight</c> is the store's relative share of customers.
/// </remarks>
internal sealed record DemoBranch(
    string Id,
    string Name,
    double Latitude,
    double Longitude,
    double KmPerDegreeLongitude,
    string TimeZone,
    int UtcOffsetHours,
    string[] AreaCodes,
    string Email,
    string Address,
    int Weight,
    DemoPlace[] Places);

/// <summary>A town near a store, with one of its real ZIP codes.</summary>
internal sealed record DemoPlace(string City, string Postcode);

/// <summary>A name as written, and the ASCII form used to build e-mail addresses and handles.</summary>
internal sealed record DemoName(string Text, string Folded);

/// <summary>Something the retailer sells, at its list price.</summary>
internal sealed record DemoProduct(string Name, string Category, int PriceCents);

/// <summary>A line of business with its products, cheapest first.</summary>
internal sealed record DemoLine(string Name, int Weight, DemoProduct[] Products);

/// <summary>Where people come from, which decides the names they carry and the languages they speak.</summary>
internal sealed record DemoOrigin(int Weight, DemoName[] FirstNames, DemoName[] LastNames, string[] Languages, int[] LanguageWeights);

/// <summary>
/// The fixed world of the demo business: Greenleaf Home &amp; Garden, a US home-and-garden
/// retailer with ten stores in five time zones. Coordinates are the real neighbourhoods';
/// street addresses are invented.
/// </summary>
internal static class DemoCatalogue
{
    public const string Country = "US";
    public const string Currency = "USD";

    public static readonly DemoBranch[] Branches =
    [
        new("B01", "Seattle Ballard (head office)", 47.66810, -122.38460, 75.0, "America/Los_Angeles", -8, ["206", "425", "253"], "ballard@example.com",
            "5200 Leary Ave NW, Seattle, WA 98107", 14,
            [new("Seattle", "98107"), new("Seattle", "98103"), new("Seattle", "98117"), new("Seattle", "98115"), new("Shoreline", "98155"), new("Bellevue", "98004"), new("Kirkland", "98033")]),
        new("B02", "Portland Sellwood", 45.46450, -122.65360, 78.1, "America/Los_Angeles", -8, ["503", "971"], "sellwood@example.com",
            "7800 SE 13th Ave, Portland, OR 97202", 9,
            [new("Portland", "97202"), new("Portland", "97214"), new("Portland", "97219"), new("Milwaukie", "97222"), new("Lake Oswego", "97034"), new("Beaverton", "97005")]),
        new("B03", "Denver Highlands", 39.76170, -105.01100, 85.6, "America/Denver", -7, ["303", "720"], "highlands@example.com",
            "3300 W 32nd Ave, Denver, CO 80211", 10,
            [new("Denver", "80211"), new("Denver", "80206"), new("Denver", "80210"), new("Lakewood", "80226"), new("Wheat Ridge", "80033"), new("Arvada", "80002")]),
        new("B04", "Phoenix Arcadia", 33.49440, -111.98640, 92.8, "America/Phoenix", -7, ["602", "480"], "arcadia@example.com",
            "4400 E Camelback Rd, Phoenix, AZ 85018", 11,
            [new("Phoenix", "85018"), new("Phoenix", "85016"), new("Phoenix", "85008"), new("Scottsdale", "85251"), new("Tempe", "85281"), new("Paradise Valley", "85253")]),
        new("B05", "Austin South Lamar", 30.25350, -97.76490, 96.2, "America/Chicago", -6, ["512", "737"], "southlamar@example.com",
            "1600 S Lamar Blvd, Austin, TX 78704", 10,
            [new("Austin", "78704"), new("Austin", "78745"), new("Austin", "78703"), new("Austin", "78757"), new("Sunset Valley", "78745"), new("West Lake Hills", "78746")]),
        new("B06", "Minneapolis Linden Hills", 44.92480, -93.31490, 78.8, "America/Chicago", -6, ["612", "952"], "lindenhills@example.com",
            "4300 Upton Ave S, Minneapolis, MN 55410", 8,
            [new("Minneapolis", "55410"), new("Minneapolis", "55419"), new("Minneapolis", "55408"), new("Edina", "55424"), new("St. Louis Park", "55416"), new("Richfield", "55423")]),
        new("B07", "Chicago Lincoln Square", 41.97530, -87.68920, 82.8, "America/Chicago", -6, ["773", "312", "847"], "lincolnsquare@example.com",
            "4700 N Lincoln Ave, Chicago, IL 60625", 13,
            [new("Chicago", "60625"), new("Chicago", "60618"), new("Chicago", "60640"), new("Chicago", "60659"), new("Evanston", "60201"), new("Skokie", "60076"), new("Lincolnwood", "60712")]),
        new("B08", "Atlanta Decatur", 33.77480, -84.29630, 92.5, "America/New_York", -5, ["404", "678"], "decatur@example.com",
            "250 E Ponce de Leon Ave, Decatur, GA 30030", 10,
            [new("Decatur", "30030"), new("Atlanta", "30306"), new("Atlanta", "30307"), new("Atlanta", "30317"), new("Avondale Estates", "30002"), new("Tucker", "30084")]),
        new("B09", "Boston Jamaica Plain", 42.30980, -71.11500, 82.3, "America/New_York", -5, ["617", "857"], "jp@example.com",
            "600 Centre St, Boston, MA 02130", 8,
            [new("Boston", "02130"), new("Boston", "02131"), new("Brookline", "02446"), new("Roslindale", "02131"), new("Newton", "02458"), new("Dedham", "02026")]),
        new("B10", "Raleigh Five Points", 35.80470, -78.64490, 90.3, "America/New_York", -5, ["919", "984"], "fivepoints@example.com",
            "1900 Glenwood Ave, Raleigh, NC 27608", 7,
            [new("Raleigh", "27608"), new("Raleigh", "27605"), new("Raleigh", "27609"), new("Cary", "27511"), new("Garner", "27529"), new("Durham", "27701")]),
    ];

    /// <summary>
    /// The regions, west, central and east, each led by the branch listed first, which the
    /// others in the region report to; the central and eastern leads report to the head office
    /// (B01), which leads the west. Fixed, like the branches: every seed has the same hierarchy.
    /// </summary>
    public static readonly string[][] Regions = [["B01", "B02", "B03", "B04"], ["B07", "B05", "B06"], ["B08", "B09", "B10"]];

    /// <summary>The branch a branch reports to; null for the head office.</summary>
    public static string? ReportsTo(string branchId)
    {
        var region = Regions.Single(r => r.Contains(branchId, StringComparer.Ordinal));
        return string.Equals(region[0], branchId, StringComparison.Ordinal)
            ? (ReferenceEquals(region, Regions[0]) ? null : Regions[0][0])
            : region[0];
    }

    public static readonly DemoOrigin[] Origins =
    [
        new(70,
            Names("James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
                "William", "Susan", "Richard", "Jessica", "Thomas", "Sarah", "Christopher", "Karen", "Daniel", "Nancy",
                "Matthew", "Lisa", "Anthony", "Betty", "Mark", "Sandra", "Steven", "Ashley", "Andrew", "Emily",
                "Joshua", "Michelle", "Kevin", "Amanda", "Brian", "Melissa", "Declan", "Niamh", "Ingrid", "Mary-Kate",
                "Zoë|zoe", "Renée|renee", "Chloé|chloe", "Noël|noel", "Siobhán|siobhan", "Seán|sean", "Björn|bjorn",
                "François|francois", "Hélène|helene", "Jürgen|jurgen", "Åsa|asa"),
            Names("Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
                "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis",
                "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Green", "Baker", "Adams",
                "Nelson", "Hill", "Campbell", "Mitchell", "Roberts", "O'Brien", "O'Connor", "D'Angelo", "McAllister",
                "MacLeod", "St. Clair", "Van der Berg", "Kowalski", "Dubois", "Müller|muller", "Schröder|schroder",
                "Brontë|bronte", "Østergaard|ostergaard", "Lefèvre|lefevre", "Łukasiewicz|lukasiewicz"),
            ["en", "en-US"], [85, 15]),
        new(20,
            Names("José|jose", "María|maria", "Juan", "Ana", "Luis", "Carmen", "Jesús|jesus", "Lucía|lucia", "Sofía|sofia",
                "Martín|martin", "Raúl|raul", "Ramón|ramon", "Inés|ines", "Andrés|andres", "Alejandro", "Gabriela",
                "Diego", "Valentina", "Héctor|hector", "Mónica|monica"),
            Names("García|garcia", "Martínez|martinez", "Rodríguez|rodriguez", "Hernández|hernandez", "López|lopez",
                "González|gonzalez", "Pérez|perez", "Sánchez|sanchez", "Ramírez|ramirez", "Torres", "Flores", "Rivera",
                "Gómez|gomez", "Díaz|diaz", "Núñez|nunez", "Muñoz|munoz", "Ortiz", "Peña|pena", "Ibáñez|ibanez", "Castro"),
            ["en", "en-US", "es", "es-US"], [35, 10, 35, 20]),
        new(4,
            Names("Minh", "Anh", "Thảo|thao", "Lan", "Tuấn|tuan", "Hùng|hung", "Linh", "Phương|phuong", "Huy", "Mai",
                "Đức|duc", "Trâm|tram"),
            Names("Nguyễn|nguyen", "Trần|tran", "Lê|le", "Phạm|pham", "Hoàng|hoang", "Võ|vo", "Đặng|dang", "Bùi|bui",
                "Đỗ|do", "Huỳnh|huynh"),
            ["en", "vi"], [60, 40]),
        new(6,
            Names("Wei", "Mei", "Jun", "Li", "Xiu", "Hao", "Yan", "Ming", "Jing", "Lei", "Xin", "Yu"),
            Names("Chen", "Wang", "Li", "Zhang", "Liu", "Huang", "Lin", "Wu", "Zhou", "Xu", "Zhao", "Yang"),
            ["en", "zh"], [60, 40]),
    ];

    public static readonly int[] OriginWeights = [.. Origins.Select(o => o.Weight)];

    public static readonly int[] BranchWeights = [.. Branches.Select(b => b.Weight)];

    // Business accounts: {0} is a surname. Some names carry commas and quotes on purpose, to exercise CSV quoting.
    public static readonly string[] CompanyPatterns =
    [
        "{0} Landscaping", "{0} & Sons Builders", "{0}, {1} & Co.", "{0} Property Management, Inc.",
        "{0} Contracting LLC", "{0} Family Dental", "{0}'s Café", "{0} Design Studio", "{0} Tree Care",
    ];

    public static readonly string[] CompanyNames =
    [
        "The \"Green Thumb\" Cooperative", "\"Fresh Start\" Catering", "Smith, Jones & Co.", "Blue Heron Bistro",
        "Northside Community Garden", "Evergreen Daycare", "Café Olé", "Hill & Dale Realty", "Riverbend HOA",
        "Sunrise Senior Living", "The Potting Shed B&B", "Maple Street Elementary PTA",
    ];

    public static readonly string[] Streets =
    [
        "Maple", "Oak", "Pine", "Cedar", "Elm", "Birch", "Willow", "Cherry", "Walnut", "Spruce", "Lake", "Hill",
        "Park", "Main", "Washington", "Lincoln", "Jefferson", "Madison", "Highland", "Sunset", "Ridge", "River",
        "Meadow", "Forest", "Church", "Mill", "Spring", "Valley", "2nd", "3rd", "5th", "Magnolia", "Dogwood",
    ];

    public static readonly string[] StreetSuffixes = ["St", "Ave", "Rd", "Dr", "Ln", "Ct", "Way", "Blvd", "Pl"];

    public static readonly DemoLine[] Lines =
    [
        new("garden", 40,
        [
            new("Seed packet, heirloom tomato", "seeds", 349),
            new("Potting mix 40 qt", "soil", 1299),
            new("Perennial, 1 gal pot", "plants", 1499),
            new("Pruning shears", "tools", 2499),
            new("Garden hose 50 ft", "watering", 3999),
            new("Hydrangea shrub", "plants", 4499),
            new("Raised bed kit 4 x 8 ft", "structures", 12900),
            new("Japanese maple, 5 gal", "trees", 18900),
            new("Electric lawn mower", "power-equipment", 34900),
            new("Greenhouse 8 x 10 ft", "structures", 129900),
        ]),
        new("kitchen", 25,
        [
            new("Tea towels, set of 3", "linen", 999),
            new("Herb scissors", "utensils", 1499),
            new("Cast-iron skillet 12\"", "cookware", 4499),
            new("Chef's knife 8\"", "cutlery", 5999),
            new("Dinnerware set, 16 pieces", "tableware", 8999),
            new("Dutch oven 6 qt", "cookware", 11900),
            new("Stand mixer", "small-appliances", 37900),
            new("Espresso machine", "small-appliances", 64900),
            new("Range hood 30\"", "appliances", 89900),
        ]),
        new("furniture", 15,
        [
            new("Outdoor cushion", "textiles", 2999),
            new("Side table", "indoor", 7900),
            new("Adirondack chair", "outdoor", 14900),
            new("Hammock with stand", "outdoor", 21900),
            new("Bookcase, oak", "indoor", 39900),
            new("Teak bench 5 ft", "outdoor", 44900),
            new("Patio dining set, 7 pieces", "outdoor", 149900),
            new("Sectional sofa", "indoor", 249900),
        ]),
        new("workshop", 20,
        [
            new("Wood screws #8 x 1-1/4\", 100 pack", "fasteners", 899),
            new("Tape measure 25 ft", "hand-tools", 1499),
            new("Claw hammer 16 oz", "hand-tools", 1999),
            new("Socket set, 40 pieces", "hand-tools", 6900),
            new("Cordless drill 20V", "power-tools", 12900),
            new("Circular saw 7-1/4\"", "power-tools", 15900),
            new("Workbench, maple top", "storage", 39900),
            new("Table saw 10\"", "power-tools", 69900),
        ]),
    ];

    public static readonly int[] LineWeights = [.. Lines.Select(l => l.Weight)];

    public static readonly string[] AcquisitionSources =
        ["walk-in", "friend", "google", "facebook", "newspaper", "event", "radio", "mailing"];

    public static readonly int[] AcquisitionWeights = [26, 20, 20, 10, 9, 6, 4, 5];

    public const int Friend = 1;
    public const int Google = 2;
    public const int Facebook = 3;
    public const int WalkIn = 0;

    public static readonly string[] EmailDomains = ["example.com", "example.com", "example.org", "example.net"];

    public static readonly string[] FullTimeWeeks = ["Mon;Tue;Wed;Thu;Fri", "Tue;Wed;Thu;Fri;Sat", "Mon;Tue;Wed;Thu;Sat", "Wed;Thu;Fri;Sat;Sun"];

    public static readonly string[] PartTimeWeeks = ["Mon;Wed;Fri", "Tue;Thu;Sat", "Sat;Sun", "Thu;Fri;Sat"];

    public static readonly string[] ComplaintNotes =
    [
        "Delivery arrived two days late", "Mower stopped after a week; replaced under warranty",
        "Said the \"easy assembly\" bench took three hours", "Plants wilted within days, asked for a refund",
        "Charged twice for one order", "Long wait at the checkout on Saturday, no one at the garden desk",
    ];

    public static readonly string[] ComplimentNotes =
    [
        "Loved the hydrangeas, thanks to the nursery team", "Great advice on soil, will be back in spring",
        "Thank-you card for the help loading the car", "Said the knife-sharpening day was \"brilliant\"",
        "Praised the delivery crew, careful and on time",
    ];

    public static readonly string[] SuggestionNotes =
    [
        "Asked for longer opening hours on Sundays", "Would like a loyalty card, not an app",
        "Suggested a workshop on pruning fruit trees", "More native plants, please", "Asked for a bike rack at the entrance",
    ];

    public static readonly string[] CorrespondenceNotes =
    [
        "Asked about the spring catalogue", "Change of address, moving in June", "Question about an invoice, resolved",
        "Asked whether we stock \"Bee Happy\" seed mix", "Wanted to know when the kitchen showroom reopens",
    ];

    public static readonly string[] AnsweredNotes =
    [
        "Happy with the new grill, asked about covers", "All good, call again in spring",
        "Asked for a quote on a raised-bed kit", "Chatted about the tomatoes, best crop yet",
    ];

    public static readonly string[] PositiveNotes =
    [
        "Booked a kitchen consultation", "Will bring the family to the harvest fair",
        "Ordered mulch for delivery, 3 yards", "Thanked us for remembering, \"made my day\"",
    ];

    public static readonly string[] NegativeNotes =
    [
        "Not interested at the moment", "Moving away, will shop online", "Unhappy about the price rise on soil",
    ];

    public static readonly string[] CardNotes = ["Handwritten card", "Card signed by the store team", "Card with a seed packet"];

    private static DemoName[] Names(params string[] entries)
    {
        var names = new DemoName[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var bar = entries[i].IndexOf('|', StringComparison.Ordinal);
            names[i] = bar >= 0
                ? new DemoName(entries[i][..bar], entries[i][(bar + 1)..])
                : new DemoName(entries[i], FoldAscii(entries[i]));
        }

        return names;
    }

    // Names written in ASCII fold by dropping what is not a letter (O'Brien → obrien); others carry
    // their folded form in the table, so no Unicode normalisation (which may vary by platform) is needed.
    private static string FoldAscii(string name)
    {
        var chars = new char[name.Length];
        var length = 0;
        foreach (var c in name)
        {
            if (!char.IsAscii(c))
            {
                throw new InvalidOperationException($"The demo name '{name}' needs an explicit ASCII form.");
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                chars[length++] = char.ToLowerInvariant(c);
            }
        }

        return new string(chars, 0, length);
    }
}

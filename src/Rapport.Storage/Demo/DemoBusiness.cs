using System.Globalization;
using Rapport.Core.Common;
using Rapport.Storage.Csv;

namespace Rapport.Storage.Demo;

/// <summary>What demo business to make.</summary>
/// <param name="Customers">How many customers, from 1 to <see cref="MaxCustomers"/>.</param>
/// <param name="Seed">Any number; the same seed and <paramref name="AsOf"/> give byte-identical files.</param>
/// <param name="AsOf">The day the history runs up to: every date and time lies before midnight UTC at its start.</param>
public sealed record DemoOptions(int Customers, int Seed, DateOnly AsOf)
{
    public const int MaxCustomers = 2_000_000;

    public int Customers { get; } = Customers is >= 1 and <= MaxCustomers
        ? Customers
        : throw new ArgumentOutOfRangeException(nameof(Customers), Customers, $"A demo business has 1 to {MaxCustomers:N0} customers.");

    // Ten years of history and customers up to 85 years old must fit in the calendar.
    public DateOnly AsOf { get; } = AsOf.Year is >= 1900 and <= 9000
        ? AsOf
        : throw new ArgumentOutOfRangeException(nameof(AsOf), AsOf, "The as-of date must lie between the years 1900 and 9000.");
}

/// <summary>The six files of a demo business (full paths) and how many records each holds.</summary>
public sealed record DemoFiles(string Directory, string Branches, string Staff, string Customers, string Consents, string Purchases, string Touches, DemoCounts Counts);

/// <summary>How many records were written to each file, not counting the header.</summary>
public sealed record DemoCounts(int Branches, int Staff, int Customers, long Consents, long Purchases, long Touches);

/// <summary>
/// Writes a synthetic but realistic business in Rapport's import format (SPEC section 7), for
/// demonstrations, tests and benchmarks: Greenleaf Home &amp; Garden, a US retailer with ten
/// stores in five time zones and three regions, its staff, and customers with ten years of
/// purchases, consents and contact history.
/// </summary>
/// <remarks>
/// <para>Customers join evenly over the ten years before <see cref="DemoOptions.AsOf"/> and appear
/// in customers.csv in the order they joined. Purchases follow a BG/NBD-like process (gamma
/// purchase rates, a chance of dropping out after each purchase; about ten purchases per
/// customer) and log-normal spend, so the top fifth of customers bring about three quarters of
/// revenue. Every row passes the importer's checks.</para>
/// <para>The same seed and as-of date give byte-identical files on any machine: every customer
/// draws from its own random stream keyed by (seed, position), and no platform floating-point
/// function, clock or hash order is involved.</para>
/// <para>Rows stream straight to disk, so memory stays flat; a million customers make about ten
/// million purchases and a gigabyte of CSV. If the run is cancelled, the files are left incomplete.</para>
/// </remarks>
public static class DemoBusiness
{
    /// <summary>Writes branches.csv, staff.csv, customers.csv, consents.csv, purchases.csv and touches.csv.</summary>
    /// <param name="directory">Where to write; created if missing. Existing files of the same names are replaced.</param>
    /// <param name="options">What to make.</param>
    /// <param name="progress">Receives the number of customers written so far.</param>
    /// <param name="cancellationToken">Stops the run between customers.</param>
    public static DemoFiles Write(string directory, DemoOptions options, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();

        var full = Directory.CreateDirectory(directory).FullName;
        var branchesPath = Path.Combine(full, "branches.csv");
        var staffPath = Path.Combine(full, "staff.csv");
        var customersPath = Path.Combine(full, "customers.csv");
        var consentsPath = Path.Combine(full, "consents.csv");
        var purchasesPath = Path.Combine(full, "purchases.csv");
        var touchesPath = Path.Combine(full, "touches.csv");

        WriteBranches(branchesPath);
        var staff = DemoStaffMember.Hire(options.Seed);
        WriteStaff(staffPath, staff);

        DemoCounts counts;
        using (var customers = new DemoCustomers(options, staff, customersPath, consentsPath, purchasesPath, touchesPath))
        {
            customers.WriteAll(progress, cancellationToken);
            counts = new DemoCounts(DemoCatalogue.Branches.Length, staff.Count, options.Customers, customers.Consents, customers.Purchases, customers.Touches);
        }

        return new DemoFiles(full, branchesPath, staffPath, customersPath, consentsPath, purchasesPath, touchesPath, counts);
    }

    private static void WriteBranches(string path)
    {
        using var csv = CsvWriter.Create(path);
        csv.Record("branch_id", "name", "latitude", "longitude", "time_zone", "phone", "email", "address", "reports_to");
        foreach (var branch in DemoCatalogue.Branches)
        {
            csv.Field(branch.Id);
            csv.Field(branch.Name);
            csv.Field(DemoText.Coordinate(branch.Latitude));
            csv.Field(DemoText.Coordinate(branch.Longitude));
            csv.Field(branch.TimeZone);
            csv.Field(DemoText.Phone(branch.AreaCodes[0], 100));
            csv.Field(branch.Email);
            csv.Field(branch.Address);
            csv.Field(DemoCatalogue.ReportsTo(branch.Id));
            csv.EndRecord();
        }
    }

    private static void WriteStaff(string path, IReadOnlyList<DemoStaffMember> staff)
    {
        using var csv = CsvWriter.Create(path);
        csv.Record("staff_id", "name", "branch_id", "role", "phone", "email", "calls_per_day", "working_days");
        foreach (var member in staff)
        {
            csv.Field(member.Id);
            csv.Field(member.Name);
            csv.Field(DemoCatalogue.Branches[member.Branch].Id);
            csv.Field(EnumText.ToText(member.Role));
            csv.Field(member.Phone);
            csv.Field(member.Email);
            csv.Field(member.CallsPerDay.ToString(CultureInfo.InvariantCulture));
            csv.Field(member.WorkingDays);
            csv.EndRecord();
        }
    }
}

using System.Globalization;
using Rapport.Core.Common;

namespace Rapport.Core.Geography;

/// <summary>A place on Earth in WGS 84 degrees.</summary>
/// <remarks>
/// Latitude lies in [-90, 90] and longitude in [-180, 180], both bounds inclusive.
/// Distances are great-circle distances on a sphere of radius 6,371.0088 km (the mean
/// Earth radius), accurate to about 0.5% — enough to find the nearest branch (SPEC R12).
/// </remarks>
public readonly record struct GeoPoint
{
    private const double EarthRadiusKm = 6371.0088;

    /// <summary>Creates a point.</summary>
    /// <param name="latitude">Degrees north, from -90 to 90 inclusive.</param>
    /// <param name="longitude">Degrees east, from -180 to 180 inclusive.</param>
    /// <exception cref="ArgumentOutOfRangeException">A coordinate is out of range or not a number.</exception>
    public GeoPoint(double latitude, double longitude)
    {
        if (!IsLatitude(latitude))
        {
            throw new ArgumentOutOfRangeException(nameof(latitude), latitude, "Latitude must lie between -90 and 90 degrees.");
        }

        if (!IsLongitude(longitude))
        {
            throw new ArgumentOutOfRangeException(nameof(longitude), longitude, "Longitude must lie between -180 and 180 degrees.");
        }

        Latitude = latitude;
        Longitude = longitude;
    }

    /// <summary>Degrees north, from -90 to 90 inclusive.</summary>
    public double Latitude { get; }

    /// <summary>Degrees east, from -180 to 180 inclusive.</summary>
    public double Longitude { get; }

    /// <summary>Whether a number is a valid latitude.</summary>
    public static bool IsLatitude(double value) => value is >= -90 and <= 90;

    /// <summary>Whether a number is a valid longitude.</summary>
    public static bool IsLongitude(double value) => value is >= -180 and <= 180;

    /// <summary>Reads a latitude in decimal degrees (<c>47.6062</c>).</summary>
    public static ParseResult<double> ParseLatitude(string text) => ParseCoordinate(text, 90, "latitude");

    /// <summary>Reads a longitude in decimal degrees (<c>-122.3321</c>).</summary>
    public static ParseResult<double> ParseLongitude(string text) => ParseCoordinate(text, 180, "longitude");

    /// <summary>The great-circle distance to another point, in kilometres.</summary>
    public double DistanceKmTo(GeoPoint other)
    {
        var lat1 = double.DegreesToRadians(Latitude);
        var lat2 = double.DegreesToRadians(other.Latitude);
        var dLat = lat2 - lat1;
        var dLon = double.DegreesToRadians(other.Longitude - Longitude);
        var h = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) +
                (Math.Cos(lat1) * Math.Cos(lat2) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Latitude}, {Longitude}");

    private static ParseResult<double> ParseCoordinate(string text, double limit, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!double.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return ParseResult<double>.ForError($"'{text}' is not a number");
        }

        return Math.Abs(value) <= limit
            ? ParseResult<double>.ForValue(value)
            : ParseResult<double>.ForError($"'{text}' is not a {what} (must lie between -{limit} and {limit})");
    }
}

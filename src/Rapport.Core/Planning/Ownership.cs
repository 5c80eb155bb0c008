using Rapport.Core.Geography;
using Rapport.Core.Organisation;

namespace Rapport.Core.Planning;

/// <summary>Which branch owns a customer, and why (SPEC R12).</summary>
/// <param name="BranchId">The owning branch; <see langword="null"/> when no branch can be chosen.</param>
/// <param name="Reason">Why this branch, in words.</param>
public sealed record BranchOwner(string? BranchId, string Reason);

/// <summary>
/// One owner per customer (R12): the home branch when the customer has one, else the nearest
/// branch by great-circle distance, so that competing branches never contact the same customer
/// and nobody is invited to a branch far from home when one is near (S2).
/// </summary>
public sealed class Ownership
{
    private readonly Branch[] _located;
    private readonly HashSet<string> _known;
    private readonly (double X, double Y, double Z)[] _vectors;

    /// <summary>Prepares the choice among these branches.</summary>
    public Ownership(IEnumerable<Branch> branches)
    {
        ArgumentNullException.ThrowIfNull(branches);
        var all = branches.OrderBy(b => b.Id, StringComparer.Ordinal).ToArray();
        _known = all.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        _located = all.Where(b => b.Location is not null).ToArray();
        _vectors = _located.Select(b => UnitVector(b.Location!.Value)).ToArray();
    }

    /// <summary>The nearest branch to a place, without the reason: the planner's fast path.</summary>
    /// <returns>The branch id; <see langword="null"/> when no branch has a location.</returns>
    /// <remarks>The nearest branch by great-circle distance is the one whose unit vector from the
    /// earth's centre has the largest dot product with the customer's: no trigonometry per branch.</remarks>
    public string? NearestTo(GeoPoint location)
    {
        if (_located.Length == 0)
        {
            return null;
        }

        var (x, y, z) = UnitVector(location);
        var nearest = 0;
        var best = double.NegativeInfinity;
        for (var i = 0; i < _vectors.Length; i++)
        {
            var (bx, by, bz) = _vectors[i];
            var dot = (x * bx) + (y * by) + (z * bz);
            if (dot > best)
            {
                (nearest, best) = (i, dot);
            }
        }

        return _located[nearest].Id;
    }

    private static (double X, double Y, double Z) UnitVector(GeoPoint point)
    {
        var latitude = double.DegreesToRadians(point.Latitude);
        var longitude = double.DegreesToRadians(point.Longitude);
        var (sinLat, cosLat) = Math.SinCos(latitude);
        var (sinLon, cosLon) = Math.SinCos(longitude);
        return (cosLat * cosLon, cosLat * sinLon, sinLat);
    }

    /// <summary>The owner of a customer.</summary>
    /// <param name="homeBranchId">The customer's home branch, if the business set one.</param>
    /// <param name="location">Where the customer lives, if known.</param>
    public BranchOwner OwnerOf(string? homeBranchId, GeoPoint? location)
    {
        if (homeBranchId is not null && _known.Contains(homeBranchId))
        {
            return new BranchOwner(homeBranchId, "home branch");
        }

        if (location is not { } home)
        {
            return _located.Length == 0 && _known.Count == 1
                ? new BranchOwner(_known.First(), "the only branch")
                : new BranchOwner(null, "no home branch and no location to find the nearest branch");
        }

        if (NearestTo(home) is not { } nearest)
        {
            return new BranchOwner(null, "no branch has a location to measure the distance to");
        }

        var distance = home.DistanceKmTo(_located.First(b => b.Id == nearest).Location!.Value);
        return new BranchOwner(nearest, $"nearest branch, {Math.Round(distance):0} km away");
    }
}

namespace ControlPlane.Generation;

/// <summary>The planted sales, how many cases they make and how many cases found no place.</summary>
internal sealed record FraudPlacement(IReadOnlyList<PlantedSale> Sales, long Cases, int Unplaced)
{
    public static readonly FraudPlacement None = new([], 0, 0);
}

namespace ControlPlane.Generation;

/// <summary>A sale of a planted fraud case: one card paying one amount at one store, ≥ 3 times within 7 days.</summary>
internal sealed record PlantedSale(int Source, int Store, int Day, long LocalTicks, int Card, long AmountCents, long FraudCase, int RepeatIndex);

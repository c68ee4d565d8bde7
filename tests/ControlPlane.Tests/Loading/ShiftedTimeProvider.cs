namespace ControlPlane.Tests.Loading;

/// <summary>The system clock moved by a fixed offset, with real timers: "a later process", without waiting for it.</summary>
public sealed class ShiftedTimeProvider(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}

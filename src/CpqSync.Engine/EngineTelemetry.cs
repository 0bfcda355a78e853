using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CpqSync.Engine;

/// <summary>
/// The names under which the engine publishes OpenTelemetry traces and metrics; the host subscribes to them
/// (<c>AddSource(EngineTelemetry.Name)</c>, <c>AddMeter(EngineTelemetry.Name)</c>) and exports them.
/// </summary>
public static class EngineTelemetry
{
    public const string Name = "CpqSync";

    /// <summary>One span per sync of a record, with child spans per step (read, plan, apply, write back).</summary>
    public static ActivitySource ActivitySource { get; } = new(Name);

    /// <summary>Instruments are created by the components that record them, from this meter.</summary>
    public static Meter Meter { get; } = new(Name);
}

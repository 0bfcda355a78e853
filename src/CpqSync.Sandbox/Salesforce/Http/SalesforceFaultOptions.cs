using System.ComponentModel.DataAnnotations;

namespace CpqSync.Sandbox.Salesforce;

/// <summary>Faults the sandbox injects into REST API calls from the start; <see cref="SalesforceFaults"/> changes them later.</summary>
public sealed class SalesforceFaultOptions
{
    /// <summary>Delay added before every REST API call is answered.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Share of REST API calls (0 to 1) answered with a 500 or 503 error.</summary>
    [Range(0.0, 1.0)]
    public double ErrorRate { get; init; }

    /// <summary>Share of REST API calls (0 to 1) whose connection is dropped without an answer.</summary>
    [Range(0.0, 1.0)]
    public double DropRate { get; init; }
}

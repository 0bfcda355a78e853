using System.Text.RegularExpressions;

namespace CpqSync.Cli;

/// <summary>How one demo order should end: synced, failed with a catalogue code, or left alone (a draft).</summary>
/// <param name="ErrorCode">The catalogue code the sync must fail with, or <see langword="null"/> when it must succeed.</param>
public sealed record DemoExpectation(bool Synced, string? ErrorCode)
{
    public static DemoExpectation Success { get; } = new(true, null);

    public static DemoExpectation NotSynced { get; } = new(false, null);

    public static DemoExpectation Fails(string code) => new(true, code);

    public string Describe() => (Synced, ErrorCode) switch
    {
        (false, _) => "not synced",
        (true, null) => "synced",
        (true, { } code) => $"error {code}",
    };
}

/// <summary>
/// What the demo seed's orders are meant to show. The seed names each deliberately bad order after the error it
/// raises (<c>Invalid (QUANTITY_NOT_INTEGER): …</c>); drafts are not activated, so a backfill leaves them alone.
/// </summary>
public static partial class DemoExpectations
{
    /// <summary>Bad orders whose description names the case rather than the code.</summary>
    private static readonly Dictionary<string, string> CodeByCase = new(StringComparer.Ordinal)
    {
        // An amendment may not change its contract's currency.
        ["currency"] = "MIXED_CURRENCIES",
    };

    public static DemoExpectation For(string? description, string? status)
    {
        if (!string.Equals(status, "Activated", StringComparison.Ordinal))
        {
            return DemoExpectation.NotSynced;
        }

        if (description is not null && InvalidCase().Match(description) is { Success: true } match)
        {
            var named = match.Groups["case"].Value;
            return DemoExpectation.Fails(CodeByCase.GetValueOrDefault(named, named));
        }

        return DemoExpectation.Success;
    }

    [GeneratedRegex(@"^Invalid \((?<case>[A-Za-z_]+)\)")]
    private static partial Regex InvalidCase();
}

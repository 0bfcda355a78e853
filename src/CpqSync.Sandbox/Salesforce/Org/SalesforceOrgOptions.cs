using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Org;

/// <summary>How to build an emulated org. Every setting is optional.</summary>
public sealed class SalesforceOrgOptions
{
    /// <summary>
    /// <c>empty</c> (only the standard price book and the API user), <c>demo</c>, or <c>scale:N</c> (N orders), each
    /// multi-currency; with <c>-single-currency</c> appended (<c>demo-single-currency</c>) the org has multi-currency off.
    /// </summary>
    public string Seed { get; init; } = "empty";

    /// <summary>Whether <paramref name="seed"/> is a seed <see cref="Seed"/> accepts.</summary>
    public static bool IsSeed(string? seed)
    {
        try
        {
            _ = CpqSync.Sandbox.Salesforce.Seed.SeedSpec.Parse(seed);
            return seed is not null;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Keeps the org across restarts (<c>--data DIR</c>): loaded on start, saved after changes.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Extra objects and fields (<c>--schema DIR</c>), one JSON file per object.</summary>
    public string? SchemaDirectory { get; init; }

    /// <summary>Fragments merged over the built-in objects (CpqSync's own package metadata).</summary>
    public IReadOnlyList<SObjectSchema> ExtraSchema { get; init; } = [];
}

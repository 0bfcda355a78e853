using CpqSync.Sandbox.Salesforce.Org;

namespace CpqSync.Sandbox.Salesforce.Seed;

/// <summary>Writes seed records through the org's DML (so every rule holds) from plain CLR values.</summary>
internal sealed class SeedWriter(DmlEngine dml)
{
    public DmlEngine Dml => dml;

    public OrgInfo Info => dml.Info();

    /// <summary>The day (UTC) the org is seeded.</summary>
    public DateOnly Today => DateOnly.FromDateTime(dml.Now.UtcDateTime);

    /// <summary>The first day of the month the org is seeded in: demo dates are relative to it.</summary>
    public DateOnly Anchor => new(Today.Year, Today.Month, 1);

    public string Insert(string objectName, params (string Field, object? Value)[] fields) =>
        dml.Insert(objectName, TypedJson.From(fields), systemMode: true);

    public void Update(string objectName, string id, params (string Field, object? Value)[] fields) =>
        dml.Update(objectName, id, TypedJson.From(fields), systemMode: true);
}

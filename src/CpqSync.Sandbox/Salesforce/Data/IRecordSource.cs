namespace CpqSync.Sandbox.Salesforce.Data;

/// <summary>Read access to the org's records, as the SOQL engine needs it.</summary>
public interface IRecordSource
{
    /// <summary>All records of one sObject type, in insertion order; deleted ones only when asked for.</summary>
    IEnumerable<SObjectRecord> Records(string objectName, bool includeDeleted);

    /// <summary>The record with this 15- or 18-character id, or null (deleted records are returned too).</summary>
    SObjectRecord? Find(string id);

    /// <summary>Records of <paramref name="childObject"/> whose <paramref name="field"/> holds <paramref name="parentId"/>.</summary>
    IEnumerable<SObjectRecord> Children(string childObject, string field, string parentId, bool includeDeleted);
}

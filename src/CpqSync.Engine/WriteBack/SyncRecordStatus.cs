namespace CpqSync.Engine.WriteBack;

/// <summary>The values of <c>Stripe_Sync_Record__c.Resolution_Status__c</c> that CpqSync writes (a restricted picklist).</summary>
public static class SyncRecordStatus
{
    public const string Success = "Success";

    public const string Error = "Error";

    /// <summary>An earlier error on a record that a later sync of the same primary record got past.</summary>
    public const string Resolved = "Resolved";

    /// <summary>The order synced, but the plan noted a soft condition on this record (a line dropped for a negative price).</summary>
    public const string Warning = "Warning";
}

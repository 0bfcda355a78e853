using CpqSync.Sandbox.Salesforce.Data;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Org;

/// <summary>Validation rules an org admin would add; checked on insert and update.</summary>
internal static class Validations
{
    public static void Check(SObjectSchema schema, SObjectRecord record)
    {
        _ = schema;
        _ = record;
    }
}

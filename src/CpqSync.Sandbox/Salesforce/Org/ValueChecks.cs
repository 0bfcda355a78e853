using System.Text.Json.Nodes;
using CpqSync.Sandbox.Salesforce.Data;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Org;

/// <summary>Checks written values against their fields: references, lengths, restricted picklists, unique values.</summary>
internal sealed class ValueChecks(OrgSchema schema, RecordStore store)
{
    private readonly OrgSchema _schema = schema;
    private readonly RecordStore _store = store;

    /// <summary>
    /// A lookup given as its parent's external id (<c>"Account": {"Stripe_ID__c": "cus_1"}</c>) becomes the parent's id.
    /// </summary>
    public string ResolveParent(FieldSchema lookup, JsonObject parentKey)
    {
        var keys = parentKey.Where(p => !string.Equals(p.Key, "attributes", StringComparison.OrdinalIgnoreCase)).ToList();
        var targetName = parentKey["attributes"]?["type"]?.GetValue<string>() ?? lookup.ReferenceTo.FirstOrDefault();
        var target = targetName is null ? null : _schema.FindObject(targetName);
        if (keys.Count != 1 || target is null)
        {
            throw OrgErrors.InvalidField(lookup.RelationshipName!, lookup.Name);
        }

        var (keyName, keyNode) = keys[0];
        var keyField = target.FindField(keyName);
        if (keyField is null || !(keyField.ExternalId || keyField.Type == FieldType.Id))
        {
            throw new SalesforceErrorException(400, "INVALID_FIELD", $"Field {keyName} is not an external id field on {target.Name}");
        }

        var value = keyNode?.ToString() ?? "";
        var match = keyField.Type == FieldType.Id
            ? _store.Find(SalesforceId.Normalize(value) ?? "")
            : _store.All(target.Name).FirstOrDefault(r => !r.IsDeleted && SameValue(r[keyField.Name], value));
        return match is { IsDeleted: false }
            ? match.Id
            : throw new SalesforceErrorException(
                400, "INVALID_FIELD", $"Foreign key external ID: {value} not found for field {keyField.Name} in entity {target.Name}");
    }

    public void CheckValues(SObjectRecord record, IEnumerable<FieldSchema> written)
    {
        foreach (var field in written)
        {
            var value = record[field.Name];
            switch (field.Type)
            {
                case FieldType.Reference:
                    CheckReference(field, value as string, record);
                    break;
                case FieldType.Picklist when field.RestrictedPicklist:
                    CheckPicklist(field, value as string);
                    break;
                case FieldType.String or FieldType.TextArea or FieldType.Url or FieldType.Email or FieldType.Phone
                    or FieldType.Picklist or FieldType.MultiPicklist or FieldType.Combobox or FieldType.EncryptedString:
                    if (value is string text && field.Length > 0 && text.Length > field.Length)
                    {
                        throw OrgErrors.StringTooLong(field.Name, field.Label, text, field.Length);
                    }

                    break;
            }
        }
    }

    private static void CheckPicklist(FieldSchema field, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (!field.PicklistValues.Any(p => p.Active && string.Equals(p.Value, value, StringComparison.Ordinal)))
        {
            throw OrgErrors.BadPicklistValue(field.Name, field.Label, value);
        }
    }

    private void CheckReference(FieldSchema field, string? value, SObjectRecord record)
    {
        if (value is null)
        {
            return;
        }

        var id18 = SalesforceId.Normalize(value) ?? throw OrgErrors.MalformedId(field.Name, field.Label, value);
        record[field.Name] = id18;
        var known = field.ReferenceTo.Select(_schema.FindObject).Where(o => o is not null).ToList();
        if (known.Count == 0)
        {
            return; // A lookup to an object this org does not emulate (e.g. Campaign): only the id format is checked.
        }

        var target = _store.Find(id18);
        if (target is null || target.IsDeleted || !known.Any(o => string.Equals(o!.Name, target.ObjectName, StringComparison.Ordinal)))
        {
            throw OrgErrors.InvalidCrossReference(field.Name);
        }
    }

    public void CheckUnique(SObjectSchema schema, SObjectRecord record, IEnumerable<FieldSchema> written)
    {
        foreach (var field in written.Where(f => f.Unique && record[f.Name] is not null))
        {
            var value = record[field.Name];
            // Two writes of one value run one after the other, so the second sees the first.
            _store.LockValue(schema.Name, field.Name, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
            var clash = _store.All(schema.Name).FirstOrDefault(r =>
                !r.IsDeleted && r.Id != record.Id && SameValue(r[field.Name], value));
            if (clash is not null)
            {
                throw OrgErrors.Duplicate(field.Name, clash.Id);
            }
        }
    }

    /// <summary>External ids and unique text compare case-insensitively, as Salesforce's do by default.</summary>
    public static bool SameValue(object? a, object? b) => a is string x && b is string y
        ? string.Equals(x, y, StringComparison.OrdinalIgnoreCase)
        : Equals(a, b);
}

using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.PubSub;

/// <summary>
/// The objects the org publishes change events for (those selected on Setup's Change Data Capture page) and their
/// schemas, by object, topic and schema id; plus the standard channel <c>/data/ChangeEvents</c> carrying them all.
/// </summary>
internal sealed class ChangeEventCatalog
{
    public const string AllChangesTopic = "/data/ChangeEvents";

    /// <summary>What the sandbox org has selected: what CpqSync syncs, and the CPQ records around an order.</summary>
    public static readonly IReadOnlyList<string> SelectedObjects =
        ["Account", "Order", "OrderItem", "Product2", "PricebookEntry", "Contract", "SBQQ__Quote__c", "SBQQ__Subscription__c"];

    private readonly Dictionary<string, ChangeEventSchema> _byObject = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ChangeEventSchema> _byTopic = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ChangeEventSchema> _byId = new(StringComparer.Ordinal);

    public ChangeEventCatalog(OrgSchema schema)
    {
        foreach (var name in SelectedObjects)
        {
            if (schema.FindObject(name) is not { } entity)
            {
                continue;
            }

            var events = ChangeEventSchema.Build(entity);
            _byObject[entity.Name] = events;
            _byTopic[events.Topic] = events;
            _byId[events.Id] = events;
        }
    }

    public IEnumerable<ChangeEventSchema> All => _byObject.Values;

    public ChangeEventSchema? Find(string objectName) => _byObject.GetValueOrDefault(objectName);

    /// <summary>The schema of a single-object topic; null for <see cref="AllChangesTopic"/> and unknown topics.</summary>
    public ChangeEventSchema? FindTopic(string topic) => _byTopic.GetValueOrDefault(topic);

    public bool IsTopic(string topic) => topic == AllChangesTopic || _byTopic.ContainsKey(topic);

    public ChangeEventSchema? FindSchema(string schemaId) => _byId.GetValueOrDefault(schemaId);
}

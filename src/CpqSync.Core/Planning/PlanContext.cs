using System.Globalization;
using System.Text;
using CpqSync.Core.Configuration;
using CpqSync.Core.Errors;
using CpqSync.Core.Mapping;
using CpqSync.Core.Records;
using CpqSync.Core.Salesforce;
using CpqSync.Core.Stripe;

namespace CpqSync.Core.Planning;

/// <summary>The plan being built for one order: operations, write-backs, warnings and errors, in order.</summary>
internal sealed class PlanContext
{
    private readonly List<StripeOperation> _operations = [];
    private readonly Dictionary<string, StripeOperation> _operationsById = new(StringComparer.Ordinal);
    private readonly List<(string Type, string? Id, SalesforceWriteKind Kind, List<KeyValuePair<string, ParamValue>> Fields)> _writes = [];
    private readonly List<PlanWarning> _warnings = [];
    private readonly List<SyncError> _errors = [];
    private readonly HashSet<string> _done = new(StringComparer.Ordinal);

    public PlanContext(SyncInput input)
    {
        Input = input;
        _order = input.Records.Find(input.OrderId) is { Type: "Order" } order
            ? order
            : throw new ArgumentException($"The snapshot holds no Order {input.OrderId}.", nameof(input));
        _subject = _order.Id;
        _instanceUrl = input.Configuration.Settings.InstanceUrl.TrimEnd('/') + "/";
    }

    /// <summary>A context for records synced on their own (products, a price book, an account): there is no order.</summary>
    /// <param name="subject">The record the plan is named after (<see cref="SyncPlan.OrderId"/>).</param>
    public PlanContext(RecordSyncInput input, string subject)
    {
        Input = new SyncInput(input.Records, subject, input.Stripe, input.Configuration, input.Now);
        _subject = subject;
        _instanceUrl = input.Configuration.Settings.InstanceUrl.TrimEnd('/') + "/";
    }

    private readonly string _instanceUrl;
    private readonly SfRecord? _order;
    private readonly string _subject;

    public SyncInput Input { get; }

    /// <summary>The order planned; only order plans have one (record syncs never reach the order planners).</summary>
    public SfRecord Order => _order ?? throw new InvalidOperationException("This plan syncs records on their own and has no order.");

    public RecordSet Records => Input.Records;

    public SyncSettings Settings => Input.Configuration.Settings;

    public StripeState Stripe => Input.Stripe;

    public IReadOnlyList<StripeOperation> Operations => _operations;

    public bool HasOperation(string id) => _operationsById.ContainsKey(id);

    /// <summary>The operation planned under <paramref name="id"/>; it must exist.</summary>
    public StripeOperation Operation(string id) => _operationsById[id];

    /// <summary>True the first time a key is seen: keeps per-record work (coupon copies) from repeating per phase.</summary>
    public bool Once(string key) => _done.Add(key);

    public void Fail(SyncErrorCode code, SfRecord? record, string? field, params object?[] args) =>
        _errors.Add(SyncError.Of(code, record?.Type, record?.Id, field, args));

    /// <summary>Stops planning when any error was recorded, reporting all of them.</summary>
    public void ThrowIfFailed()
    {
        if (_errors.Count > 0)
        {
            throw new PlanningFailedException(_errors.ToList());
        }
    }

    public PlanningFailedException Failure(SyncErrorCode code, SfRecord? record, string? field, params object?[] args)
    {
        Fail(code, record, field, args);
        return new PlanningFailedException(_errors.ToList());
    }

    public void Warn(string code, string message, string? recordId) => _warnings.Add(new(code, message, recordId));

    /// <param name="keyScope">
    /// Set for requests that repeat with the same parameters from the same record but must each create their own object
    /// (a price cloned again for another phase, or by a later amendment after the first clone was archived): it goes
    /// into the idempotency key, or Stripe would answer with the earlier object.
    /// </param>
    public ParamValue AddOperation(string id, StripeOperationKind kind, string path, ParamValue? target, StripeParams parameters, SfRecord source,
        string? keyScope = null)
    {
        if (_operationsById.ContainsKey(id))
        {
            throw new InvalidOperationException($"Operation {id} planned twice.");
        }

        var flat = parameters.Flatten();
        var key = IdempotencyKey(source.Id, kind, path, target, flat, keyScope);
        // Stripe cancels subscriptions with DELETE; every other call here is a POST.
        var method = kind == StripeOperationKind.CancelSubscription ? "DELETE" : "POST";
        var operation = new StripeOperation(id, kind, method, path, target, flat, key, source.Id);
        _operations.Add(operation);
        _operationsById.Add(id, operation);
        return ParamValue.Reference(id);
    }

    /// <summary>Adds a field to the update of one record, merging updates of the same record into one write.</summary>
    public void WriteBack(SfRecord record, string field, ParamValue value)
    {
        foreach (var write in _writes)
        {
            if (write.Kind == SalesforceWriteKind.Update && write.Id == record.Id)
            {
                var at = IndexOf(write.Fields, field);
                if (at >= 0)
                {
                    write.Fields.RemoveAt(at);
                }

                write.Fields.Add(new(field, value));
                return;
            }
        }

        _writes.Add((record.Type, record.Id, SalesforceWriteKind.Update, [new(field, value)]));
    }

    private static int IndexOf(List<KeyValuePair<string, ParamValue>> fields, string field)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i].Key == field)
            {
                return i;
            }
        }

        return -1;
    }

    public void CreateRecord(string type, List<KeyValuePair<string, ParamValue>> fields) =>
        _writes.Add((type, null, SalesforceWriteKind.Create, fields));

    /// <summary>Stripe id, and the Dashboard link where CpqSync's package has a field for it, written back to a record.</summary>
    public void WriteBackId(SfRecord record, ParamValue stripeId, string dashboardSegment)
    {
        WriteBack(record, PackageFields.StripeId, stripeId);
        if (LinkField(record.Type, dashboardSegment) is { } linkField)
        {
            WriteBack(record, linkField, DashboardLink(stripeId, dashboardSegment));
        }
    }

    /// <summary>
    /// The package's link field on each object (<c>docs/salesforce-package.md</c>): the customer link on accounts,
    /// the invoice or subscription link on orders. Other objects carry only their Stripe id.
    /// </summary>
    private static string? LinkField(string sObjectType, string dashboardSegment) => sObjectType switch
    {
        "Account" => PackageFields.CustomerLink,
        "Order" when dashboardSegment == "invoices" => PackageFields.InvoicePaymentLink,
        "Order" => PackageFields.SubscriptionPaymentLink,
        _ => null,
    };

    public ParamValue DashboardLink(ParamValue stripeId, string segment)
    {
        var format = DashboardFormats.GetOrAdd((Settings.StripeTestMode, segment),
            static key => StripeDashboard.Url(key.Segment, "{id}", key.TestMode));
        return stripeId.IsReference
            ? ParamValue.Reference(stripeId.Ref!, format)
            : ParamValue.Literal(format.Replace("{id}", stripeId.Text, StringComparison.Ordinal));
    }

    /// <summary><c>{prefix}{object}_id</c> and <c>{prefix}{object}_link</c> for a Salesforce record (docs/behaviour.md §1).</summary>
    public StripeParams Metadata(SfRecord record)
    {
        var metadata = new StripeParams();
        AddRecordMetadata(metadata, record);
        return metadata;
    }

    public void AddRecordMetadata(StripeParams metadata, SfRecord record)
    {
        var keys = MetadataKeys.GetOrAdd((Settings.MetadataPrefix, record.Type),
            static key => ($"{key.Prefix}{ObjectNames.ForMetadata(key.Type)}_id", $"{key.Prefix}{ObjectNames.ForMetadata(key.Type)}_link"));
        metadata.Set(keys.Id, record.Id);
        metadata.Set(keys.Link, string.Concat(_instanceUrl, record.Id));
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Prefix, string Type), (string Id, string Link)> MetadataKeys = new();

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(bool TestMode, string Segment), string> DashboardFormats = new();

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Prefix, string Marker), string> MarkerKeys = new();

    public string MarkerKey(string marker) =>
        MarkerKeys.GetOrAdd((Settings.MetadataPrefix, marker), static key => key.Prefix + key.Marker);

    public long Timestamp(DateOnly date) => Dates.ToTimestamp(date, Settings.TimeZone);

    /// <remarks>The plan takes over this context's lists: a context builds one plan and is then dropped.</remarks>
    public SyncPlan Build(PlanShape shape)
    {
        var writes = new List<SalesforceWrite>(_writes.Count);
        foreach (var (type, id, kind, fields) in _writes)
        {
            writes.Add(new SalesforceWrite(kind, type, id, fields));
        }

        return new(_subject, shape, _operations, writes, _warnings);
    }

    /// <summary>
    /// Parameters naming the parent Stripe object. Their value is a reference in the plan that creates the parent and a
    /// literal id in a plan that finds it (a later or concurrent order of the same account or product, or the same order
    /// recovering after a crash), so hashing it would give the same Salesforce record two keys and two Stripe objects.
    /// The parent is already fixed by the record. A price clone's original price (<c>{prefix}original_stripe_price_id</c>
    /// in its metadata) is such a parent: the clone is fixed by its line, phase and order (docs/behaviour.md §3.11).
    /// </summary>
    private static bool IsParentParameter(string name) =>
        name is "product" or "customer"
        || (name.StartsWith("metadata[", StringComparison.Ordinal) && name.EndsWith(OriginalPriceMarker + "]", StringComparison.Ordinal));

    /// <summary>The metadata marker naming the price a clone copies (<see cref="PhaseBuilder"/>).</summary>
    internal const string OriginalPriceMarker = "original_stripe_price_id";

    /// <remarks>
    /// FNV-1a (64-bit) over the canonical request: stable across processes and platforms, and cheap. It needs no
    /// cryptographic strength: the key only has to change when the request does, and it already carries the
    /// record id and operation.
    /// </remarks>
    private static string IdempotencyKey(string recordId, StripeOperationKind kind, string path, ParamValue? target,
        List<KeyValuePair<string, ParamValue>> parameters, string? scope)
    {
        var hash = new Fnv1a();
        hash.Add(KindNames[(int)kind]);
        hash.Add(path);
        if (scope is not null)
        {
            hash.Add(scope);
        }

        if (target is { } t)
        {
            hash.Add(t);
        }

        foreach (var (name, value) in parameters)
        {
            hash.Add(name);
            if (!IsParentParameter(name))
            {
                hash.Add(value);
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"cpqsync-{recordId}-{SnakeCase(kind)}-{hash.Value:x16}");
    }

    private struct Fnv1a
    {
        private const ulong Prime = 1099511628211;

        public Fnv1a() => Value = 14695981039346656037;

        public ulong Value { get; private set; }

        public void Add(ParamValue value)
        {
            Add(value.Text ?? "");
            Add(value.Ref ?? "");
            Add(value.Format ?? "");
        }

        public void Add(string text)
        {
            var value = Value;
            foreach (var c in text)
            {
                value = (value ^ c) * Prime;
            }

            // A separator keeps ("ab", "c") and ("a", "bc") apart.
            Value = (value ^ 0xFFFF) * Prime;
        }
    }

    private static readonly string[] KindNames = Enum.GetValues<StripeOperationKind>().Select(static k => k.ToString()).ToArray();

    private static readonly string[] SnakeNames = Enum.GetValues<StripeOperationKind>().Select(SnakeCaseOf).ToArray();

    internal static string SnakeCase(StripeOperationKind kind) => SnakeNames[(int)kind];

    private static string SnakeCaseOf(StripeOperationKind kind)
    {
        var name = kind.ToString();
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}

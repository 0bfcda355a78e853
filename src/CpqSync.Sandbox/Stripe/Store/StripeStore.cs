using System.Text.Json;
using System.Text.Json.Nodes;
using CpqSync.Sandbox.Stripe.Http;

namespace CpqSync.Sandbox.Stripe.Store;

/// <summary>
/// Every object of the emulated account, by kind (the <c>object</c> field) in creation order, with indexes on the
/// fields that link objects (an item's subscription, an invoice's customer…) so no request scans a whole kind to
/// find its relatives. <see cref="Gate"/> lets reads run side by side while a write runs alone: a single writer
/// keeps multi-object operations (a schedule creating a subscription and its items) atomic like Stripe's, and each
/// write is short because nothing it does is proportional to the account's size.
/// </summary>
internal sealed class StripeStore
{
    private const string FileName = "stripe-sandbox.json";

    /// <summary>The fields each kind is indexed on: what requests look objects up by besides their id.</summary>
    private static readonly Dictionary<string, string[]> IndexedFields = new(StringComparer.Ordinal)
    {
        ["customer"] = ["test_clock"],
        ["price"] = ["product", "lookup_key"],
        ["subscription"] = ["customer"],
        ["subscription_item"] = ["subscription"],
        ["subscription_schedule"] = ["customer"],
        ["invoice"] = ["customer"],
        ["invoiceitem"] = ["invoice", "customer", "_phase"],
    };

    private readonly Dictionary<string, Collection> _kinds = new(StringComparer.Ordinal);
    private readonly string? _dataDirectory;

    public StripeStore(string? dataDirectory)
    {
        _dataDirectory = dataDirectory;
        Load();
    }

    private Journal? _journal;

    /// <summary>Reads hold it shared, writes (and time moving objects along) exclusively.</summary>
    public ReaderWriterLockSlim Gate { get; } = new(LockRecursionPolicy.NoRecursion);

    /// <summary>Called after a write with every object it read or created, still stored, so derived state can follow.</summary>
    public Action<IReadOnlyCollection<JsonObject>>? Touched { get; set; }

    /// <summary>Whether the account is kept in a data directory.</summary>
    public bool Persistent => _dataDirectory is not null;

    public JsonObject? Find(string kind, string id) => Track(Of(kind).Find(id));

    /// <summary>The object, or a 404 <c>resource_missing</c> naming <paramref name="noun"/> and <paramref name="param"/>.</summary>
    public JsonObject Get(string kind, string id, string noun, string? param = "id") =>
        Find(kind, id) ?? throw StripeErrorException.NoSuch(noun, id, param);

    public JsonObject? FindAny(string id) => StripeIds.KindOf(id) is { } kind ? Find(kind, id) : Find("coupon", id);

    public void Add(JsonObject value)
    {
        var kind = Kind(value);
        Of(kind).Add(value);
        _journal?.Added.Add((kind, value["id"]!.GetValue<string>()));
    }

    public void Remove(string kind, string id)
    {
        if (Of(kind).Remove(id) is { } removed)
        {
            _journal?.Removed.Add((kind, removed.Index, removed.Value));
        }
    }

    /// <summary>Objects of one kind, newest first, as Stripe's list endpoints order them.</summary>
    public IEnumerable<JsonObject> NewestFirst(string kind) => Of(kind).NewestFirst().Select(item => Track(item)!);

    /// <summary>
    /// Objects of one kind whose <paramref name="field"/> holds <paramref name="value"/>, newest first; through the
    /// field's index when the kind has one.
    /// </summary>
    public IEnumerable<JsonObject> NewestFirst(string kind, string field, string value)
    {
        if (_journal is { } journal)
        {
            // This request may have changed objects in place since they were filed: file them again first.
            foreach (var item in journal.Originals.Keys.Concat(journal.Added.Where(added => added.Kind == kind).Select(added => Find(kind, added.Id))))
            {
                if (item is not null && Kind(item) == kind && Of(kind).Find(item["id"]!.GetValue<string>()) == item)
                {
                    Of(kind).Reindex(item);
                }
            }
        }

        return Of(kind).NewestFirst(field, value).Select(item => Track(item)!);
    }

    /// <summary>
    /// Starts recording what a request reads and changes, so a request that fails half-way can be undone: Stripe's
    /// requests are atomic, and the handlers change objects in place as they go.
    /// </summary>
    public void Begin() => _journal = new Journal();

    /// <summary>Ends the request's journal: re-indexes what it touched and tells <see cref="Touched"/>.</summary>
    public void Commit()
    {
        var journal = _journal;
        _journal = null;
        if (journal is null)
        {
            return;
        }

        var touched = new List<JsonObject>(journal.Originals.Count + journal.Added.Count);
        foreach (var item in journal.Originals.Keys.Concat(journal.Added.Select(added => Find(added.Kind, added.Id)).OfType<JsonObject>()))
        {
            if (Find(Kind(item), item["id"]!.GetValue<string>()) == item)
            {
                Of(Kind(item)).Reindex(item);
                touched.Add(item);
            }
        }

        Touched?.Invoke(touched);
    }

    /// <summary>Puts every object the failed request read back as it was, and undoes its additions and removals.</summary>
    public void Rollback()
    {
        var journal = _journal;
        _journal = null;
        if (journal is null)
        {
            return;
        }

        foreach (var (kind, id) in Enumerable.Reverse(journal.Added))
        {
            Of(kind).Remove(id);
        }

        foreach (var (kind, index, value) in Enumerable.Reverse(journal.Removed))
        {
            Of(kind).Insert(index, value);
        }

        foreach (var (item, original) in journal.Originals)
        {
            item.Clear();
            foreach (var (name, node) in original.ToList())
            {
                original.Remove(name);
                item[name] = node;
            }

            if (Find(Kind(item), item["id"]!.GetValue<string>()) == item)
            {
                Of(Kind(item)).Reindex(item);
            }
        }

        Touched?.Invoke([.. journal.Originals.Keys]);
    }

    private JsonObject? Track(JsonObject? item)
    {
        if (_journal is { } journal && item is not null && !journal.Originals.ContainsKey(item))
        {
            journal.Originals[item] = item.DeepClone().AsObject();
        }

        return item;
    }

    /// <summary>Writes the account to <c>DataDirectory</c>, when one is set, after every change.</summary>
    public void Save()
    {
        if (_dataDirectory is null)
        {
            return;
        }

        var snapshot = new JsonObject();
        foreach (var (kind, collection) in _kinds)
        {
            snapshot[kind] = new JsonArray([.. collection.InCreationOrder().Select(item => item.DeepClone())]);
        }

        Directory.CreateDirectory(_dataDirectory);
        var path = Path.Combine(_dataDirectory, FileName);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, snapshot.ToJsonString());
        File.Move(temporary, path, overwrite: true);
    }

    private void Load()
    {
        var path = _dataDirectory is null ? null : Path.Combine(_dataDirectory, FileName);
        if (path is null || !File.Exists(path))
        {
            return;
        }

        var snapshot = JsonNode.Parse(File.ReadAllText(path))?.AsObject()
            ?? throw new JsonException($"{path} does not hold a Stripe sandbox snapshot.");
        foreach (var (_, items) in snapshot)
        {
            foreach (var item in items!.AsArray())
            {
                Add(item!.AsObject().DeepClone().AsObject());
            }
        }
    }

    private static string Kind(JsonObject value) => value["object"]!.GetValue<string>();

    private Collection Of(string kind)
    {
        if (!_kinds.TryGetValue(kind, out var collection))
        {
            collection = new Collection(IndexedFields.GetValueOrDefault(kind) ?? []);
            _kinds[kind] = collection;
        }

        return collection;
    }

    private sealed class Journal
    {
        public Dictionary<JsonObject, JsonObject> Originals { get; } = new(ReferenceEqualityComparer.Instance);

        public List<(string Kind, string Id)> Added { get; } = [];

        public List<(string Kind, int Index, JsonObject Value)> Removed { get; } = [];
    }

    private sealed class Collection(string[] indexedFields)
    {
        private readonly List<JsonObject> _items = [];
        private readonly Dictionary<string, JsonObject> _byId = new(StringComparer.Ordinal);

        /// <summary>Creation order of every object ever added, to keep index buckets in the list order.</summary>
        private readonly Dictionary<JsonObject, long> _sequence = new(ReferenceEqualityComparer.Instance);

        /// <summary>Per indexed field: value → objects holding it (oldest first), and object → the value it is filed under.</summary>
        private readonly Index[] _indexes = [.. indexedFields.Select(field => new Index(field))];
        private long _nextSequence;

        public JsonObject? Find(string id) => _byId.GetValueOrDefault(id);

        public void Add(JsonObject value)
        {
            var id = value["id"]!.GetValue<string>();
            if (!_byId.TryAdd(id, value))
            {
                throw StripeErrorException.Invalid($"An object with ID {id} already exists.", "id", "resource_already_exists");
            }

            _sequence.TryAdd(value, _nextSequence++);
            _items.Add(value);
            Reindex(value);
        }

        public (int Index, JsonObject Value)? Remove(string id)
        {
            if (!_byId.Remove(id, out var value))
            {
                return null;
            }

            var index = _items.LastIndexOf(value);
            _items.RemoveAt(index);
            foreach (var fieldIndex in _indexes)
            {
                fieldIndex.Remove(value);
            }

            return (index, value);
        }

        public void Insert(int index, JsonObject value)
        {
            _byId[value["id"]!.GetValue<string>()] = value;
            _items.Insert(Math.Min(index, _items.Count), value);
            _sequence.TryAdd(value, _nextSequence++);
            Reindex(value);
        }

        /// <summary>Files a stored object under its indexed fields' current values (after it changed in place).</summary>
        public void Reindex(JsonObject value)
        {
            foreach (var fieldIndex in _indexes)
            {
                fieldIndex.Put(value, _sequence);
            }
        }

        public IEnumerable<JsonObject> NewestFirst()
        {
            for (var i = _items.Count - 1; i >= 0; i--)
            {
                yield return _items[i];
            }
        }

        public IEnumerable<JsonObject> NewestFirst(string field, string value)
        {
            if (Array.Find(_indexes, index => index.Field == field) is { } fieldIndex)
            {
                // A copy: callers may remove what they find while they go.
                var bucket = fieldIndex.Bucket(value).ToArray();
                for (var i = bucket.Length - 1; i >= 0; i--)
                {
                    yield return bucket[i];
                }

                yield break;
            }

            foreach (var item in NewestFirst().Where(item => ValueOf(item, field) == value))
            {
                yield return item;
            }
        }

        public IEnumerable<JsonObject> InCreationOrder() => _items;

        private static string? ValueOf(JsonObject item, string field) =>
            item[field] is JsonValue node && node.TryGetValue<string>(out var text) ? text : null;

        private sealed class Index(string indexed)
        {
            private readonly string _field = indexed;
            private readonly Dictionary<string, List<JsonObject>> _buckets = new(StringComparer.Ordinal);
            private readonly Dictionary<JsonObject, string> _filedUnder = new(ReferenceEqualityComparer.Instance);

            public string Field => _field;

            public IReadOnlyList<JsonObject> Bucket(string value) => _buckets.TryGetValue(value, out var bucket) ? bucket : [];

            public void Put(JsonObject item, Dictionary<JsonObject, long> sequence)
            {
                var value = ValueOf(item, _field);
                if (_filedUnder.TryGetValue(item, out var filed))
                {
                    if (filed == value)
                    {
                        return;
                    }

                    Remove(item);
                }

                if (value is null)
                {
                    return;
                }

                if (!_buckets.TryGetValue(value, out var bucket))
                {
                    bucket = [];
                    _buckets[value] = bucket;
                }

                // Buckets keep creation order: an object re-filed under a new value goes where its age puts it.
                var position = bucket.Count;
                while (position > 0 && sequence[bucket[position - 1]] > sequence[item])
                {
                    position--;
                }

                bucket.Insert(position, item);
                _filedUnder[item] = value;
            }

            public void Remove(JsonObject item)
            {
                if (_filedUnder.Remove(item, out var filed) && _buckets.TryGetValue(filed, out var bucket))
                {
                    bucket.Remove(item);
                    if (bucket.Count == 0)
                    {
                        _buckets.Remove(filed);
                    }
                }
            }
        }
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using CpqSync.Sandbox.Locking;
using CpqSync.Sandbox.Stripe.Http;

namespace CpqSync.Sandbox.Stripe.Store;

/// <summary>
/// Every object of the emulated account, by kind (the <c>object</c> field) in creation order, with indexes on the
/// fields that link objects (an item's subscription, an invoice's customer…) so no request scans a whole kind to
/// find its relatives. Requests run side by side: each runs as a transaction (<see cref="Begin"/>) that locks the
/// objects it reads or changes in <see cref="Locks"/> (per object, so requests on different customers, prices or
/// schedules never wait for each other, and requests on the same object are serialised), and is undone if it fails
/// or runs into another request's object. The store's own dictionaries and lists are guarded by a short lock held
/// only while one is looked up or changed.
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

    /// <summary>The request this thread is running (handlers are synchronous, so one request stays on one thread).</summary>
    [ThreadStatic]
    private static Journal? _journal;

    private readonly Dictionary<string, Collection> _kinds = new(StringComparer.Ordinal);
    private readonly Lock _structure = new();
    private readonly string? _dataDirectory;

    public StripeStore(string? dataDirectory)
    {
        _dataDirectory = dataDirectory;
        Load();
    }

    /// <summary>The per-object locks requests hold until they end.</summary>
    public ObjectLocks Locks { get; } = new();

    /// <summary>Whether the account is kept in a data directory.</summary>
    public bool Persistent => _dataDirectory is not null;

    private Journal? Current => _journal is { } journal && journal.Store == this ? journal : null;

    public JsonObject? Find(string kind, string id)
    {
        JsonObject? item;
        lock (_structure)
        {
            item = Of(kind).Find(id);
        }

        return item is null ? null : Track(kind, id, item);
    }

    /// <summary>The object, or a 404 <c>resource_missing</c> naming <paramref name="noun"/> and <paramref name="param"/>.</summary>
    public JsonObject Get(string kind, string id, string noun, string? param = "id") =>
        Find(kind, id) ?? throw StripeErrorException.NoSuch(noun, id, param);

    public JsonObject? FindAny(string id) => StripeIds.KindOf(id) is { } kind ? Find(kind, id) : Find("coupon", id);

    public void Add(JsonObject value)
    {
        var kind = Kind(value);
        var id = value["id"]!.GetValue<string>();
        var journal = Current;
        if (journal is not null)
        {
            // Locked before anyone can see it: others finding it wait until this request ends.
            Locks.Acquire(journal.Owner, kind, id, exclusive: true);
        }

        lock (_structure)
        {
            if (journal is not null && journal.Removed.Remove((kind, id)) && Of(kind).Remove(id) is { } replaced)
            {
                // Deleted and added again under its id (a deleted customer's stub): the old one goes now.
                journal.Replaced.Add((kind, replaced.Index, replaced.Value));
            }

            Of(kind).Add(value);
        }

        journal?.Added.Add((kind, id));
    }

    /// <summary>Removes an object; within a request, when the request ends well (until then others see it, locked).</summary>
    public void Remove(string kind, string id)
    {
        if (Current is { } journal)
        {
            Locks.Acquire(journal.Owner, kind, id, exclusive: true);
            journal.Removed.Add((kind, id));
            return;
        }

        lock (_structure)
        {
            Of(kind).Remove(id);
        }
    }

    /// <summary>Objects of one kind, newest first, as Stripe's list endpoints order them.</summary>
    public IEnumerable<JsonObject> NewestFirst(string kind)
    {
        (string Id, JsonObject Value)[] items;
        lock (_structure)
        {
            var collection = Of(kind);
            items = [.. collection.NewestFirst().Select(item => (collection.IdOf(item), item))];
        }

        foreach (var (id, item) in items)
        {
            if (Track(kind, id, item) is { } tracked)
            {
                yield return tracked;
            }
        }
    }

    /// <summary>
    /// Objects of one kind whose <paramref name="field"/> holds <paramref name="value"/>, newest first; through the
    /// field's index when the kind has one.
    /// </summary>
    public IEnumerable<JsonObject> NewestFirst(string kind, string field, string value)
    {
        (string Id, JsonObject Value)[] items;
        lock (_structure)
        {
            var collection = Of(kind);
            if (Current is { } journal)
            {
                // This request may have changed objects in place since they were filed: file them again first.
                foreach (var item in journal.Originals.Keys.Concat(journal.Added.Where(added => added.Kind == kind).Select(added => Of(kind).Find(added.Id))))
                {
                    if (item is not null && Kind(item) == kind && Of(kind).Find(item["id"]!.GetValue<string>()) == item)
                    {
                        Of(kind).Reindex(item);
                    }
                }
            }

            items = [.. collection.Candidates(field, value).Select(item => (collection.IdOf(item), item))];
        }

        foreach (var (id, item) in items)
        {
            // Looked at once locked: another request may have changed it in between (or the field is not indexed).
            if (Track(kind, id, item) is { } tracked && Collection.ValueOf(tracked, field) == value)
            {
                yield return tracked;
            }
        }
    }

    /// <summary>
    /// Starts a request's transaction on this thread: what it reads is locked shared, what a write may change is
    /// locked exclusively (except objects of <paramref name="readOnlyKinds"/>, which a write only reads and which are
    /// checked unchanged when it commits), and every object a write reads is recorded so a failure can be undone:
    /// Stripe's requests are atomic, and the handlers change objects in place as they go.
    /// </summary>
    public void Begin(bool write, IReadOnlySet<string>? readOnlyKinds = null) =>
        _journal = new Journal(this, write, readOnlyKinds ?? new HashSet<string>());

    /// <summary>
    /// Every stored object the current write read, changed or created so far (what time may have to move on).
    /// </summary>
    public List<JsonObject> Touched()
    {
        var journal = Current ?? throw new InvalidOperationException("No request is running.");
        lock (_structure)
        {
            return [.. journal.Originals.Keys.Concat(journal.Added.Select(added => Of(added.Kind).Find(added.Id)).OfType<JsonObject>())
                .Where(item => Of(Kind(item)).Find(item["id"]!.GetValue<string>()) == item
                    && !journal.Removed.Contains((Kind(item), item["id"]!.GetValue<string>())))];
        }
    }

    /// <summary>Makes the request's changes final: removes what it deleted and re-indexes what it touched. The locks stay until <see cref="Release"/>.</summary>
    public void Commit()
    {
        if (Current is not { Write: true } journal)
        {
            return;
        }

        foreach (var (item, original) in journal.Originals)
        {
            if (journal.ReadOnlyKinds.Contains(Kind(item)) && !journal.Added.Contains((Kind(item), item["id"]!.GetValue<string>()))
                && !JsonNode.DeepEquals(item, original))
            {
                throw new InvalidOperationException(
                    $"A write changed the {Kind(item)} {item["id"]} it only held shared; its route must lock {Kind(item)} objects exclusively.");
            }
        }

        lock (_structure)
        {
            foreach (var (kind, id) in journal.Removed)
            {
                Of(kind).Remove(id);
            }

            foreach (var item in journal.Originals.Keys.Concat(journal.Added.Select(added => Of(added.Kind).Find(added.Id)).OfType<JsonObject>()))
            {
                ReindexIfStored(item);
            }
        }

        journal.Clear();
    }

    /// <summary>Puts every object the failed request read back as it was, and undoes its additions and removals.</summary>
    public void Rollback()
    {
        if (Current is not { Write: true } journal)
        {
            return;
        }

        lock (_structure)
        {
            foreach (var (kind, id) in Enumerable.Reverse(journal.Added))
            {
                Of(kind).Remove(id);
            }

            foreach (var (kind, index, value) in Enumerable.Reverse(journal.Replaced))
            {
                Of(kind).Insert(index, value);
            }

            foreach (var (item, original) in journal.Originals)
            {
                if (journal.ReadOnlyKinds.Contains(Kind(item)) && JsonNode.DeepEquals(item, original))
                {
                    // Only read (others may be reading it too): nothing to put back.
                    continue;
                }

                item.Clear();
                foreach (var (name, node) in original.ToList())
                {
                    original.Remove(name);
                    item[name] = node;
                }

                ReindexIfStored(item);
            }
        }

        journal.Clear();
    }

    /// <summary>Ends the request on this thread: releases its locks (after <see cref="Commit"/> or <see cref="Rollback"/>).</summary>
    public void Release()
    {
        if (Current is { } journal)
        {
            _journal = null;
            Locks.ReleaseAll(journal.Owner);
        }
    }

    /// <summary>Re-indexes an object the request touched, unless it is no longer the one stored under its id. Called under <c>_structure</c>.</summary>
    private void ReindexIfStored(JsonObject item)
    {
        var collection = Of(Kind(item));
        if (collection.Find(item["id"]!.GetValue<string>()) == item)
        {
            collection.Reindex(item);
        }
    }

    /// <summary>
    /// Locks a stored object for the running request and, for a write, keeps a copy to undo its changes; null when
    /// another request removed it before the lock was taken (or this one did).
    /// </summary>
    private JsonObject? Track(string kind, string id, JsonObject item)
    {
        if (Current is not { } journal || journal.Originals.ContainsKey(item))
        {
            return item;
        }

        // Nothing of the object is read before it is locked: another request may be changing it.
        Locks.Acquire(journal.Owner, kind, id, exclusive: journal.Write && !journal.ReadOnlyKinds.Contains(kind));
        lock (_structure)
        {
            if (Of(kind).Find(id) != item)
            {
                return null;
            }
        }

        if (journal.Removed.Contains((kind, id)))
        {
            return null;
        }

        if (journal.Write)
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
        lock (_structure)
        {
            foreach (var (kind, collection) in _kinds)
            {
                snapshot[kind] = new JsonArray([.. collection.InCreationOrder().Select(item => item.DeepClone())]);
            }
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

    private sealed class Journal(StripeStore store, bool write, IReadOnlySet<string> readOnlyKinds)
    {
        public StripeStore Store { get; } = store;

        public bool Write { get; } = write;

        public IReadOnlySet<string> ReadOnlyKinds { get; } = readOnlyKinds;

        public LockOwner Owner { get; } = new();

        /// <summary>Every object a write read, as it was before, to undo its changes (reads keep none).</summary>
        public Dictionary<JsonObject, JsonObject> Originals { get; } = new(ReferenceEqualityComparer.Instance);

        public List<(string Kind, string Id)> Added { get; } = [];

        /// <summary>What the request deleted: removed from the store when it commits.</summary>
        public HashSet<(string Kind, string Id)> Removed { get; } = [];

        /// <summary>Objects removed at once because the request added another under their id, to put back on rollback.</summary>
        public List<(string Kind, int Index, JsonObject Value)> Replaced { get; } = [];

        /// <summary>Forgets what the request did once it is committed or rolled back (its locks stay until released).</summary>
        public void Clear()
        {
            Originals.Clear();
            Added.Clear();
            Removed.Clear();
            Replaced.Clear();
        }
    }

    private sealed class Collection(string[] indexedFields)
    {
        private readonly List<JsonObject> _items = [];
        private readonly Dictionary<string, JsonObject> _byId = new(StringComparer.Ordinal);
        private readonly Dictionary<JsonObject, string> _ids = new(ReferenceEqualityComparer.Instance);

        /// <summary>Creation order of every object ever added, to keep index buckets in the list order.</summary>
        private readonly Dictionary<JsonObject, long> _sequence = new(ReferenceEqualityComparer.Instance);

        /// <summary>Per indexed field: value → objects holding it (oldest first), and object → the value it is filed under.</summary>
        private readonly Index[] _indexes = [.. indexedFields.Select(field => new Index(field))];
        private long _nextSequence;

        public JsonObject? Find(string id) => _byId.GetValueOrDefault(id);

        /// <summary>The id an object was added under (read without looking into the object, which may be changing).</summary>
        public string IdOf(JsonObject value) => _ids[value];

        public void Add(JsonObject value)
        {
            var id = value["id"]!.GetValue<string>();
            if (!_byId.TryAdd(id, value))
            {
                throw StripeErrorException.Invalid($"An object with ID {id} already exists.", "id", "resource_already_exists");
            }

            _ids[value] = id;
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
            _ids.Remove(value);
            foreach (var fieldIndex in _indexes)
            {
                fieldIndex.Remove(value);
            }

            return (index, value);
        }

        public void Insert(int index, JsonObject value)
        {
            var id = value["id"]!.GetValue<string>();
            _byId[id] = value;
            _ids[value] = id;
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

        /// <summary>
        /// The objects that may hold <paramref name="value"/> in <paramref name="field"/>, newest first: its index
        /// bucket (a copy: callers may remove what they find while they go), or every object when the field has no
        /// index (the caller checks the value once it holds the object's lock).
        /// </summary>
        public IEnumerable<JsonObject> Candidates(string field, string value)
        {
            if (Array.Find(_indexes, index => index.Field == field) is { } fieldIndex)
            {
                var bucket = fieldIndex.Bucket(value);
                for (var i = bucket.Count - 1; i >= 0; i--)
                {
                    yield return bucket[i];
                }

                yield break;
            }

            foreach (var item in NewestFirst())
            {
                yield return item;
            }
        }

        public IEnumerable<JsonObject> InCreationOrder() => _items;

        public static string? ValueOf(JsonObject item, string field) =>
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

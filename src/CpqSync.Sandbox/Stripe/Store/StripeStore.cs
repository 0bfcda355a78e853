using System.Text.Json;
using System.Text.Json.Nodes;
using CpqSync.Sandbox.Stripe.Http;

namespace CpqSync.Sandbox.Stripe.Store;

/// <summary>
/// Every object of the emulated account, by kind (the <c>object</c> field) in creation order. One lock guards it all:
/// requests are short and in memory, and a single writer keeps multi-object operations (a schedule creating a
/// subscription and its items) atomic like Stripe's.
/// </summary>
internal sealed class StripeStore
{
    private const string FileName = "stripe-sandbox.json";
    private readonly Dictionary<string, Collection> _kinds = new(StringComparer.Ordinal);
    private readonly string? _dataDirectory;

    public StripeStore(string? dataDirectory)
    {
        _dataDirectory = dataDirectory;
        Load();
    }

    private Journal? _journal;

    public Lock Sync { get; } = new();

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
    /// Starts recording what a request reads and changes, so a request that fails half-way can be undone: Stripe's
    /// requests are atomic, and the handlers change objects in place as they go.
    /// </summary>
    public void Begin() => _journal = new Journal();

    public void Commit() => _journal = null;

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
        }
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
            collection = new Collection();
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

    private sealed class Collection
    {
        private readonly List<JsonObject> _items = [];
        private readonly Dictionary<string, JsonObject> _byId = new(StringComparer.Ordinal);

        public JsonObject? Find(string id) => _byId.GetValueOrDefault(id);

        public void Add(JsonObject value)
        {
            var id = value["id"]!.GetValue<string>();
            if (!_byId.TryAdd(id, value))
            {
                throw StripeErrorException.Invalid($"An object with ID {id} already exists.", "id", "resource_already_exists");
            }

            _items.Add(value);
        }

        public (int Index, JsonObject Value)? Remove(string id)
        {
            if (!_byId.Remove(id, out var value))
            {
                return null;
            }

            var index = _items.IndexOf(value);
            _items.RemoveAt(index);
            return (index, value);
        }

        public void Insert(int index, JsonObject value)
        {
            _byId[value["id"]!.GetValue<string>()] = value;
            _items.Insert(Math.Min(index, _items.Count), value);
        }

        public IEnumerable<JsonObject> NewestFirst()
        {
            for (var i = _items.Count - 1; i >= 0; i--)
            {
                yield return _items[i];
            }
        }

        public IEnumerable<JsonObject> InCreationOrder() => _items;
    }
}

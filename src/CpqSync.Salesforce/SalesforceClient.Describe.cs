using System.Text.Json;

namespace CpqSync.Salesforce;

/// <remarks>
/// Describe results are cached for the life of the client (schemas change with deployments, not between calls);
/// a failed describe is not cached. <see cref="ClearDescribeCache"/> forgets them.
/// </remarks>
public sealed partial class SalesforceClient
{
    /// <summary>Every object the user can see (<c>GET /sobjects</c>), cached.</summary>
    public Task<GlobalDescribe> DescribeGlobalAsync(CancellationToken cancellationToken = default)
    {
        _ = _options; // New credentials drop the old org's describes first.
        var cached = Volatile.Read(ref _globalDescribe);
        if (cached is null || IsFaulted(cached))
        {
            var fresh = new Lazy<Task<GlobalDescribe>>(() => LoadAsync<GlobalDescribe>(DataPath + "sobjects", "describe", CancellationToken.None));
            var seen = Interlocked.CompareExchange(ref _globalDescribe, fresh, cached);
            cached = ReferenceEquals(seen, cached) ? fresh : seen!;
        }

        return cached.Value.WaitAsync(cancellationToken);
    }

    /// <summary>One object's fields, relationships and properties (<c>GET /sobjects/{type}/describe</c>), cached per object.</summary>
    public Task<SObjectDescribe> DescribeAsync(string sObjectType, CancellationToken cancellationToken = default)
    {
        var type = SoqlIdentifier.RequireName(sObjectType, nameof(sObjectType));
        _ = _options; // New credentials drop the old org's describes first.
        var entry = _describes.GetOrAdd(type, t => new Lazy<Task<SObjectDescribe>>(() => LoadDescribeAsync(t)));
        if (IsFaulted(entry))
        {
            _describes.TryRemove(new KeyValuePair<string, Lazy<Task<SObjectDescribe>>>(type, entry));
            entry = _describes.GetOrAdd(type, t => new Lazy<Task<SObjectDescribe>>(() => LoadDescribeAsync(t)));
        }

        return entry.Value.WaitAsync(cancellationToken);
    }

    /// <summary>Forgets cached describe results, for example after a deployment changed the schema.</summary>
    public void ClearDescribeCache()
    {
        _describes.Clear();
        Volatile.Write(ref _globalDescribe, null);
    }

    private async Task<SObjectDescribe> LoadDescribeAsync(string type)
    {
        var describe = await LoadAsync<SObjectDescribe>($"{DataPath}sobjects/{type}/describe", "describe", CancellationToken.None)
            .ConfigureAwait(false);
        return describe;
    }

    // A shared load is not tied to the first caller's token: one caller giving up must not fail the others,
    // who each stop waiting through WaitAsync(their token) instead.
    private async Task<T> LoadAsync<T>(string path, string what, CancellationToken cancellationToken)
        where T : class
    {
        var node = await SendForJsonAsync(HttpMethod.Get, path, null, null, cancellationToken).ConfigureAwait(false);
        var value = Deserialize<T>(node, what);
        if (value is SObjectDescribe describe && node is not null)
        {
            describe.Raw = JsonSerializer.SerializeToElement(node, JsonOptions);
        }

        return value;
    }

    private static bool IsFaulted<T>(Lazy<Task<T>> entry) => entry.IsValueCreated && entry.Value.IsFaulted;
}

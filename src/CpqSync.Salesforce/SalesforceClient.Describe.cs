using System.Net;
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

    /// <summary>
    /// Several objects' describes, the ones not cached yet fetched together in one composite call per 25 objects and
    /// cached like <see cref="DescribeAsync"/>'s: callers racing for the same objects share one fetch. An object the
    /// org lacks comes back null (and is asked again next time, as a failed describe is not cached).
    /// </summary>
    public Task<DescribedObjects> DescribeManyAsync(IEnumerable<string> sObjectTypes, CancellationToken cancellationToken = default) =>
        DescribeManyAsync(sObjectTypes, [], cancellationToken);

    /// <summary>
    /// As <see cref="DescribeManyAsync(IEnumerable{string}, CancellationToken)"/>, with <paramref name="alongside"/> (reads
    /// of the same moment, such as the org's facts) sent in the first of the same composite calls, or alone in one when
    /// every describe is cached: <see cref="DescribedObjects.Alongside"/> holds their answers, in order.
    /// </summary>
    public async Task<DescribedObjects> DescribeManyAsync(
        IEnumerable<string> sObjectTypes, IReadOnlyList<CompositeSubrequest> alongside, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sObjectTypes);
        ArgumentNullException.ThrowIfNull(alongside);
        if (alongside.Count >= CompositeMaxSubrequests)
        {
            throw new ArgumentException($"At most {CompositeMaxSubrequests - 1} subrequests ride with the describes.", nameof(alongside));
        }

        var types = sObjectTypes.Select(t => SoqlIdentifier.RequireName(t, nameof(sObjectTypes))).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        _ = _options; // New credentials drop the old org's describes first.
        var owned = new List<(string Type, TaskCompletionSource<SObjectDescribe> Result)>();
        var entries = new Dictionary<string, Lazy<Task<SObjectDescribe>>>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in types)
        {
            var result = new TaskCompletionSource<SObjectDescribe>(TaskCreationOptions.RunContinuationsAsynchronously);
            var mine = new Lazy<Task<SObjectDescribe>>(result.Task);
            var entry = _describes.GetOrAdd(type, mine);
            if (!ReferenceEquals(entry, mine) && IsFaulted(entry) && _describes.TryUpdate(type, mine, entry))
            {
                entry = mine;
            }

            if (ReferenceEquals(entry, mine))
            {
                owned.Add((type, result));
            }

            entries[type] = entry;
        }

        var calls = 0;
        IReadOnlyList<CompositeSubresponse> answered = [];
        if (alongside.Count > 0)
        {
            calls++;
            var first = owned.Take(CompositeMaxSubrequests - alongside.Count).ToArray();
            try
            {
                answered = await FetchDescribesAsync(first, alongside, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception failed)
            {
                // Callers waiting for the describes this call owns must not wait forever.
                foreach (var (_, result) in owned.Skip(first.Length))
                {
                    result.TrySetException(failed);
                }

                throw;
            }

            owned = owned.Skip(first.Length).ToList();
        }

        foreach (var chunk in owned.Chunk(CompositeMaxSubrequests))
        {
            calls++;
            await FetchDescribesAsync(chunk, [], CancellationToken.None).ConfigureAwait(false);
        }

        var described = new Dictionary<string, SObjectDescribe?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (type, entry) in entries)
        {
            try
            {
                described[type] = await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SalesforceApiException missing) when (missing.StatusCode == HttpStatusCode.NotFound)
            {
                described[type] = null;
            }
        }

        return new DescribedObjects(described, calls) { Alongside = answered };
    }

    // Like a single describe, a shared fetch is not tied to one caller's token (only the call carrying that caller's own
    // subrequests is).
    private async Task<IReadOnlyList<CompositeSubresponse>> FetchDescribesAsync(
        (string Type, TaskCompletionSource<SObjectDescribe> Result)[] chunk, IReadOnlyList<CompositeSubrequest> alongside,
        CancellationToken cancellationToken)
    {
        try
        {
            var requests = alongside.Concat(chunk.Select((o, i) => new CompositeSubrequest(HttpMethod.Get, $"sobjects/{o.Type}/describe", "d" + i)))
                .ToList();
            var responses = await CompositeAsync(requests, allOrNone: false, cancellationToken).ConfigureAwait(false);
            foreach (var ((_, result), response) in chunk.Zip(responses.Skip(alongside.Count)))
            {
                if (response is { IsSuccess: true, Body: { } body })
                {
                    var describe = Deserialize<SObjectDescribe>(body, "describe");
                    describe.Raw = JsonSerializer.SerializeToElement(body, JsonOptions);
                    result.SetResult(describe);
                }
                else
                {
                    result.SetException(response.Error ?? Unexpected("describe"));
                }
            }

            return responses.Take(alongside.Count).ToList();
        }
        catch (Exception failed)
        {
            foreach (var (_, result) in chunk)
            {
                result.TrySetException(failed);
            }

            if (alongside.Count > 0)
            {
                throw;
            }

            return [];
        }
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

/// <summary>What <see cref="SalesforceClient.DescribeManyAsync"/> found: each object's describe (null when the org lacks it), and the calls this caller sent for it (0 when all were cached or fetched by another caller).</summary>
public sealed record DescribedObjects(IReadOnlyDictionary<string, SObjectDescribe?> Objects, int CallsSent)
{
    /// <summary>The answers to the subrequests sent alongside the describes, in order.</summary>
    public IReadOnlyList<CompositeSubresponse> Alongside { get; init; } = [];
}

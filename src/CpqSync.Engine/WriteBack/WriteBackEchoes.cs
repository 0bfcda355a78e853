using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CpqSync.Core.Configuration;
using CpqSync.Engine.Snapshots;
using CpqSync.Salesforce;

namespace CpqSync.Engine.WriteBack;

/// <summary>
/// How each order and order line read right after CpqSync's own write-back to it, in the write-back's call: its
/// <c>SystemModstamp</c>, and who last modified it and what its planner fields held (<see cref="Fields"/>). Change
/// polling drops a row that still reads exactly so before reading anything: it is the echo of the write-back, not a
/// user's change.
/// </summary>
/// <remarks>
/// <para>
/// The stamp alone cannot tell: Salesforce stamps to the second, so an edit made in the second of the write-back
/// carries the echo's stamp. That edit changes <c>LastModifiedById</c> (another user) or a planner field, so the row no
/// longer matches and is synced. Only an edit by CpqSync's own user, in that same second, of a field read only for some
/// configurations (a custom price field, a mapped field, the currency, an optional field) still reads as the echo.
/// </para>
/// <para>
/// Bounded in time and in size, so a long backfill (every order and line it writes back) does not grow the process:
/// about <see cref="DefaultCapacity"/> echoes (a stamp and a 64-character fingerprint, about 300 bytes each, so about
/// 7 MB; the count is checked every eighth of it). At a backfill's pace of up to ~30 orders a second with a few lines
/// each (about 120 echoes a second) that still covers the last three minutes, more than change polling's default
/// interval plus overlap (30 s + 2 min); in a 100,000-order backfill with a cap of 100,000 (about four stamps per
/// order), the live heap grew from 47 to 52 MB between 14,000 and 21,800 orders and the peak resident size passed
/// 300 MB (bench/CpqSync.EndToEnd/README.md). An echo forgotten early only costs the poll one read of that row (it is
/// then synced as unchanged), never a missed change.
/// </para>
/// </remarks>
public sealed class WriteBackEchoes
{
    /// <summary>Echoes kept at most by default.</summary>
    public const int DefaultCapacity = 25_000;

    /// <summary>How long a stamp is kept: longer than change polling's overlap re-reads a row.</summary>
    private static readonly TimeSpan Horizon = TimeSpan.FromHours(1);

    private const string Modstamp = "SystemModstamp";

    /// <summary>The fields compared besides the stamp: who modified the row last, and the planner's own fields of the object.</summary>
    private static readonly Dictionary<string, string[]> Compared = new(StringComparer.OrdinalIgnoreCase)
    {
        [PlannerFields.Order] = ComparedFields(PlannerFields.Order),
        [PlannerFields.OrderItem] = ComparedFields(PlannerFields.OrderItem),
    };

    private readonly ConcurrentDictionary<string, Echo> _echoes = new(StringComparer.Ordinal);
    private readonly Lock _trimming = new();
    private readonly int _capacity;
    private long _newest;
    private long _added;

    public WriteBackEchoes()
        : this(DefaultCapacity)
    {
    }

    /// <param name="capacity">Echoes kept at most; past that the oldest quarter is forgotten.</param>
    public WriteBackEchoes(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 4);
        _capacity = capacity;
    }

    /// <summary>Echoes held now.</summary>
    public int Count => _echoes.Count;

    /// <summary>The fields a row of <paramref name="sObject"/> (<c>Order</c> or <c>OrderItem</c>) is read with, after a write-back and by polling, to be told from its echo.</summary>
    public static IReadOnlyList<string> Fields(string sObject) => ["Id", Modstamp, .. Compared[sObject]];

    /// <summary>
    /// Remembers how a row of <paramref name="sObject"/> read after a write-back, and forgets echoes older than an hour
    /// before the newest, and the oldest ones past the capacity.
    /// </summary>
    /// <param name="row">The row, read with <see cref="Fields"/>; one without its id or stamp is not remembered (its echo is synced, which changes nothing).</param>
    public void Remember(string sObject, JsonObject row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row["Id"]?.GetValue<string>() is not { } id || row[Modstamp]?.GetValue<string>() is not { } stamp)
        {
            return;
        }

        Remember(id, SalesforceDateTimes.Parse(stamp), Fingerprint(sObject, row));
    }

    /// <summary>True when the row (read with <see cref="Fields"/>) is CpqSync's own write-back, unchanged since.</summary>
    public bool IsEcho(string sObject, JsonObject row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row["Id"]?.GetValue<string>() is { } id
            && row[Modstamp]?.GetValue<string>() is { } stamp
            && _echoes.TryGetValue(id, out var echo)
            && echo.Modstamp == SalesforceDateTimes.Parse(stamp)
            && echo.Fingerprint == Fingerprint(sObject, row);
    }

    private void Remember(string id, DateTimeOffset modstamp, string fingerprint)
    {
        _echoes[id] = new Echo(modstamp, fingerprint);
        var newest = Math.Max(Interlocked.Read(ref _newest), modstamp.UtcTicks);
        Interlocked.Exchange(ref _newest, newest);
        var added = Interlocked.Increment(ref _added);
        if (added % 1_000 == 0)
        {
            var before = new DateTimeOffset(newest, TimeSpan.Zero) - Horizon;
            Forget(_echoes.Where(e => e.Value.Modstamp < before).ToList());
        }

        // Count is read only every capacity/8 additions: it takes every lock of the dictionary.
        if (added % Math.Max(1, _capacity / 8) == 0 && _echoes.Count > _capacity && _trimming.TryEnter())
        {
            try
            {
                var excess = _echoes.Count - (_capacity - (_capacity / 4));
                Forget(excess > 0 ? [.. _echoes.OrderBy(static e => e.Value.Modstamp).Take(excess)] : []);
            }
            finally
            {
                _trimming.Exit();
            }
        }
    }

    private void Forget(List<KeyValuePair<string, Echo>> echoes)
    {
        foreach (var echo in echoes)
        {
            // Only this echo: a newer write-back of the same record since the scan stays.
            _echoes.TryRemove(echo);
        }
    }

    /// <summary><c>LastModifiedById</c> and the planner's required fields of the object itself (no parent's, none the org may lack).</summary>
    private static string[] ComparedFields(string sObject) =>
    [
        "LastModifiedById",
        .. PlannerFields.For(sObject, SyncConfiguration.Default)
            .Where(static f => !f.Optional && !f.Name.Contains('.', StringComparison.Ordinal)
                && f.Name is not ("Id" or Modstamp))
            .Select(static f => f.Name),
    ];

    private static string Fingerprint(string sObject, JsonObject row)
    {
        var text = new StringBuilder();
        foreach (var field in Compared[sObject])
        {
            text.Append(field).Append('=').Append(row[field]?.ToJsonString() ?? "null").Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private sealed record Echo(DateTimeOffset Modstamp, string Fingerprint);
}

using System.Diagnostics;
using System.Globalization;
using CpqSync.Storage;
using CpqSync.Storage.Sqlite;
using Microsoft.Data.Sqlite;

// The store part of the web app's list pages, timed over a SQLite store filled with N outcomes (default 100,000) of
// N/5 orders: the dashboard's outcomes table (first, deep and previous pages, filtered) and the order list's join of a
// page of 50 orders to their last outcomes and queue, and its Stripe id search. Each query runs 50 times after a warm-up;
// the median and the slowest are printed as a markdown table (target: under 200 ms).
// Arguments: [outcomes, default 100000].
var outcomes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var orders = Math.Max(1, outcomes / 5);
var time = TimeProvider.System;
var directory = Directory.CreateTempSubdirectory("cpqsync-lists-");
var file = Path.Combine(directory.FullName, "cpqsync.db");
var options = new StorageOptions { ConnectionString = $"Data Source={file}", EncryptionKeyFile = Path.Combine(directory.FullName, "cpqsync.key") };
try
{
    await using var backend = SqliteStorage.Open(options, time);
    await backend.Migrator.MigrateAsync(CancellationToken.None);
    var connection = await backend.Store.CreateConnectionAsync(new NewSyncConnection("bench", null, null), CancellationToken.None);
    var fill = Stopwatch.StartNew();
    await FillAsync(file, connection.Id, outcomes, orders, time.GetUtcNow());
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Filled {outcomes:N0} outcomes of {orders:N0} orders in {fill.Elapsed.TotalSeconds:F1} s."));

    var monitor = backend.Monitor;
    var id = connection.Id;
    var newest = (await monitor.GetRecentOutcomesAsync(new OutcomeQuery(id, Limit: 1), CancellationToken.None))[0].Id;
    var pageIds = Enumerable.Range(orders / 2, 50).Select(OrderId).ToList();
    var now = time.GetUtcNow();
    var cases = new (string Name, Func<Task> Run)[]
    {
        ("Outcomes: first page", () => monitor.GetRecentOutcomesAsync(new OutcomeQuery(id, Limit: 51), CancellationToken.None)),
        ("Outcomes: page 1,000 (keyset)", () => monitor.GetRecentOutcomesAsync(new OutcomeQuery(id, Limit: 51, BeforeId: Math.Max(52, newest - (51 * 1000))), CancellationToken.None)),
        ("Outcomes: previous page", () => monitor.GetRecentOutcomesAsync(new OutcomeQuery(id, Limit: 51, AfterId: newest / 2), CancellationToken.None)),
        ("Outcomes: status Error", () => monitor.GetRecentOutcomesAsync(new OutcomeQuery(id, Status: SyncStatus.Error, Limit: 51), CancellationToken.None)),
        ("Outcomes: Account, Error", () => monitor.GetRecentOutcomesAsync(new OutcomeQuery(id, ObjectType: "Account", Status: SyncStatus.Error, Limit: 51), CancellationToken.None)),
        ("Outcomes: one day, 10 days ago", () => monitor.GetRecentOutcomesAsync(new OutcomeQuery(id, From: now.AddDays(-10), To: now.AddDays(-9), Limit: 51), CancellationToken.None)),
        ("Order list: last outcomes of 50 orders", () => monitor.GetLastOutcomesAsync(id, "Order", pageIds, CancellationToken.None)),
        ("Order list: queue of 50 orders", () => monitor.GetQueuedRecordsAsync(id, "Order", pageIds, CancellationToken.None)),
        ("Order list: search by Stripe id", () => monitor.FindMappingsByStripeIdAsync(id, StripeId(orders / 3), CancellationToken.None)),
    };

    Console.WriteLine();
    Console.WriteLine("| query | median (ms) | slowest (ms) |");
    Console.WriteLine("| --- | ---: | ---: |");
    foreach (var (name, run) in cases)
    {
        await run(); // warm-up: opens the pooled connection and the page cache
        var samples = new List<double>();
        for (var i = 0; i < 50; i++)
        {
            var watch = Stopwatch.StartNew();
            await run();
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }

        samples.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {samples[samples.Count / 2]:F2} | {samples[^1]:F2} |"));
    }
}
finally
{
    SqliteConnection.ClearAllPools();
    directory.Delete(recursive: true);
}

static string OrderId(int n) => "801" + n.ToString("D15", CultureInfo.InvariantCulture);

static string StripeId(int n) => "sub_sched_bench" + n.ToString("D8", CultureInfo.InvariantCulture);

// Rows as the engine writes them, in one transaction (recording 100,000 outcomes one by one would take minutes):
// five attempts per order over the last 30 days, 1 in 10 an error (most resolved later), 1 in 20 skipped, a tenth of
// them accounts and products; an id map row per order and per account; 200 parked orders and 200 waiting behind them.
static async Task FillAsync(string file, Guid connectionId, int outcomes, int orders, DateTimeOffset now)
{
    await using var db = new SqliteConnection($"Data Source={file}");
    await db.OpenAsync();
    await using var tx = (SqliteTransaction)await db.BeginTransactionAsync();
    var connection = connectionId.ToString("D");
    var start = now.AddDays(-30).ToUnixTimeMilliseconds();
    var step = (now.ToUnixTimeMilliseconds() - start) / outcomes;

    await using (var insert = db.CreateCommand())
    {
        insert.Transaction = tx;
        insert.CommandText = """
            INSERT INTO sync_outcomes (connection_id, object_type, record_id, status, error_code, message, stripe_ids, started_at, finished_at,
                                       work_item_id, attempt, salesforce_sync_record_id, awaiting_write_back)
            VALUES ($c, $type, $record, $status, $code, $message, $stripe, $started, $finished, NULL, 1, NULL, 0)
            """;
        var p = new[] { "$c", "$type", "$record", "$status", "$code", "$message", "$stripe", "$started", "$finished" }
            .Select(name => insert.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();
        p[0].Value = connection;
        for (var i = 0; i < outcomes; i++)
        {
            var order = i % orders;
            var type = (i % 10) switch { 8 => "Account", 9 => "Product2", _ => "Order" };
            var status = (i % 20) switch { 3 => "Error", 4 => "Resolved", 7 => "Skipped", _ => "Success" };
            var finished = start + (i * step);
            p[1].Value = type;
            p[2].Value = type == "Order" ? OrderId(order) : (type == "Account" ? "001" : "01t") + order.ToString("D15", CultureInfo.InvariantCulture);
            p[3].Value = status;
            p[4].Value = status is "Error" or "Resolved" ? "STRIPE_RATE_LIMITED" : DBNull.Value;
            p[5].Value = status is "Error" or "Resolved" ? "Stripe answered 429 Too Many Requests." : DBNull.Value;
            p[6].Value = status == "Success" && type == "Order" ? $"[\"{StripeId(order)}\"]" : "[]";
            p[7].Value = finished - 800;
            p[8].Value = finished;
            await insert.ExecuteNonQueryAsync();
        }
    }

    await using (var map = db.CreateCommand())
    {
        map.Transaction = tx;
        map.CommandText = """
            INSERT INTO id_map (connection_id, salesforce_object, salesforce_id, stripe_object, stripe_id, content_hash, synced_at)
            VALUES ($c, 'Order', $sf, 'subscription_schedule', $stripe, NULL, $at)
            """;
        map.Parameters.AddWithValue("$c", connection);
        var sf = map.Parameters.Add(new SqliteParameter { ParameterName = "$sf" });
        var stripe = map.Parameters.Add(new SqliteParameter { ParameterName = "$stripe" });
        map.Parameters.AddWithValue("$at", now.ToUnixTimeMilliseconds());
        for (var order = 0; order < orders; order++)
        {
            sf.Value = OrderId(order);
            stripe.Value = StripeId(order);
            await map.ExecuteNonQueryAsync();
        }
    }

    await using (var queue = db.CreateCommand())
    {
        queue.Transaction = tx;
        queue.CommandText = """
            INSERT INTO work_items (connection_id, kind, object_name, record_id, ordering_key, payload, state, visible_at, attempts, enqueued_at, parked_at)
            VALUES ($c, 'sync', 'Order', $record, $key, NULL, $state, $at, 1, $at, $parked)
            """;
        queue.Parameters.AddWithValue("$c", connection);
        var record = queue.Parameters.Add(new SqliteParameter { ParameterName = "$record" });
        var key = queue.Parameters.Add(new SqliteParameter { ParameterName = "$key" });
        var state = queue.Parameters.Add(new SqliteParameter { ParameterName = "$state" });
        var parked = queue.Parameters.Add(new SqliteParameter { ParameterName = "$parked" });
        queue.Parameters.AddWithValue("$at", now.ToUnixTimeMilliseconds());
        for (var n = 0; n < 400; n++)
        {
            var order = (orders / 2) + (n * 7 % Math.Max(1, orders / 2));
            record.Value = OrderId(order);
            key.Value = "800" + (n / 2).ToString("D15", CultureInfo.InvariantCulture);
            state.Value = n % 2 == 0 ? "parked" : "pending";
            parked.Value = n % 2 == 0 ? now.ToUnixTimeMilliseconds() : DBNull.Value;
            await queue.ExecuteNonQueryAsync();
        }
    }

    await tx.CommitAsync();
}

using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CpqSync.Core.Planning;
using CpqSync.Engine.Records;
using CpqSync.Engine.Sync;
using CpqSync.Engine.Tests.Support;
using CpqSync.Engine.Tests.WriteBack;
using CpqSync.Engine.WriteBack;
using CpqSync.Sandbox.Stripe;
using CpqSync.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Engine.Tests.Sync;

/// <summary>
/// The pipeline's record stage owns every Sync Record and the one transience verdict: a failure before planning still
/// shows in Salesforce, a parked order shows what its attempts could not, and order and record syncs judge a refused
/// write-back alike.
/// </summary>
public sealed class PipelineRecordTests
{
    private const string Stark = "Stark: platform (valid initial order)";

    [Fact]
    public async Task An_order_whose_stripe_state_cannot_be_read_gets_an_error_sync_record()
    {
        await using var org = await SyncOrg.StartAsync(new StripeFaultOptions { FailNextRequests = 1, ShouldRetry = false });
        var orderId = (await org.ActivatedOrdersAsync())[Stark];

        var result = await org.Syncer.SyncAsync(org.Connection, orderId, SyncTrigger.Manual, TestCancellation.Token);

        Assert.Equal(OrderSyncStatus.StripeFailed, result.Status);
        Assert.Equal("STRIPE_API_ERROR", result.ErrorCode);
        Assert.False(result.IsTransient);
        var record = Assert.Single(await org.SyncRecordsAsync(orderId));
        Assert.Equal(SyncRecordStatus.Error, record.Text("Resolution_Status__c"));
        Assert.Equal("STRIPE_API_ERROR", record.Text("Error_Code__c"));
        Assert.Equal(0, await org.CountStripeAsync("subscription_schedules"));
    }

    [Fact]
    public async Task An_order_parked_while_stripe_and_its_sync_records_were_failing_shows_the_stripe_error_once_salesforce_takes_it()
    {
        // Every attempt's Sync Record is refused (one request each: the writer's query); the write after parking lands.
        var refusal = new RefuseSyncRecords { Remaining = 2 };
        await using var org = await SyncOrg.StartAsync(
            new StripeFaultOptions { ServerErrorRate = 1 },
            configureWorker: o => o.MaxAttempts = 2,
            configureServices: services => services.AddHttpClient("CpqSync.Salesforce").AddHttpMessageHandler(() => refusal));
        var orderId = (await org.ActivatedOrdersAsync())[Stark];
        await org.Store.EnqueueAsync(SyncWork.Order(org.Connection.Id, orderId, null, SyncTrigger.Live), TestCancellation.Token);

        var parked = await Eventually.ValueAsync(async () =>
        {
            await org.Worker.RunOnceAsync(org.Connection, TestCancellation.Token);
            var items = await org.Storage.Monitor.GetParkedItemsAsync(org.Connection.Id, 10, TestCancellation.Token);
            return items.Count > 0 ? items : null;
        }, "the order to be parked");

        Assert.Equal(orderId, Assert.Single(parked).RecordId);
        Assert.Equal(0, refusal.Remaining);
        var record = Assert.Single(await org.SyncRecordsAsync(orderId));
        Assert.Equal(SyncRecordStatus.Error, record.Text("Resolution_Status__c"));
        Assert.Equal("STRIPE_API_ERROR", record.Text("Error_Code__c"));
    }

    [Fact]
    public async Task A_record_syncs_write_back_salesforce_refuses_for_a_lock_is_transient_as_for_an_order()
    {
        var locked = new LockAccountWriteBacks();
        await using var org = await SyncOrg.StartAsync(
            configureServices: services => services.AddHttpClient("CpqSync.Salesforce").AddHttpMessageHandler(() => locked));
        var accountId = (await org.Client.RetrieveAsync("Order", (await org.ActivatedOrdersAsync())[Stark], ["AccountId"], TestCancellation.Token))
            ["AccountId"]!.GetValue<string>();

        var result = await org.Services.GetRequiredService<RecordSyncer>()
            .SyncAsync(org.Connection, RecordSyncTarget.Account(accountId), TestCancellation.Token);

        var item = Assert.Single(result.Items);
        Assert.Equal(RecordSyncItemStatus.WriteBackFailed, item.ItemStatus());
        Assert.Equal("SALESFORCE_API_ERROR", item.ErrorCode);
        Assert.True(item.IsTransient);
        Assert.Contains("UNABLE_TO_LOCK_ROW", item.Message, StringComparison.Ordinal);
    }

    /// <summary>Salesforce refuses the next <see cref="Remaining"/> requests touching Sync Records (a permission missing for a while).</summary>
    private sealed class RefuseSyncRecords : DelegatingHandler
    {
        private int _remaining;

        public int Remaining
        {
            get => Volatile.Read(ref _remaining);
            init => _remaining = value;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            var touches = (Uri.UnescapeDataString(request.RequestUri!.ToString()) + body).Contains("Stripe_Sync_Record__c", StringComparison.Ordinal);
            if (touches && Interlocked.Decrement(ref _remaining) >= 0)
            {
                return new HttpResponseMessage(HttpStatusCode.BadRequest)
                {
                    Content = new StringContent(
                        """[{"errorCode":"INSUFFICIENT_ACCESS_OR_READONLY","message":"insufficient access rights on object"}]""",
                        Encoding.UTF8, "application/json"),
                };
            }

            if (touches)
            {
                Interlocked.Exchange(ref _remaining, 0);
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>
    /// Salesforce refuses every Account write-back with a record lock, as while another process edits the account: the
    /// write-back's collections travel in a composite request, so each Account record in them gets the lock error in
    /// its collection's subresponse, and the rest of the request reaches the org.
    /// </summary>
    private sealed class LockAccountWriteBacks : DelegatingHandler
    {
        private static readonly JsonObject Lock = new()
        {
            ["success"] = false,
            ["errors"] = new JsonArray(new JsonObject
            {
                ["statusCode"] = "UNABLE_TO_LOCK_ROW",
                ["message"] = "unable to obtain exclusive access to this record",
                ["fields"] = new JsonArray(),
            }),
        };

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method != HttpMethod.Post || !request.RequestUri!.AbsolutePath.EndsWith("/composite", StringComparison.Ordinal)
                || request.Content is null)
            {
                return await base.SendAsync(request, cancellationToken);
            }

            var body = JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
            // Per collection (by reference id): for each record, null when refused, else its index in what is forwarded.
            var refused = new Dictionary<string, List<int?>>(StringComparer.Ordinal);
            var forwarded = new JsonArray();
            foreach (var sub in body["compositeRequest"]!.AsArray().OfType<JsonObject>())
            {
                var isCollectionWrite = sub["method"]!.GetValue<string>() is "PATCH" or "POST"
                    && sub["url"]!.GetValue<string>().EndsWith("/composite/sobjects", StringComparison.Ordinal);
                if (isCollectionWrite && sub["body"]!["records"]!.AsArray().OfType<JsonObject>().ToList() is var records
                    && records.Any(IsAccount))
                {
                    var kept = records.Where(static r => !IsAccount(r)).Select(static r => r.DeepClone()).ToArray();
                    var index = 0;
                    refused[sub["referenceId"]!.GetValue<string>()] = [.. records.Select(r => IsAccount(r) ? (int?)null : index++)];
                    if (kept.Length > 0)
                    {
                        var copy = sub.DeepClone().AsObject();
                        copy["body"]!["records"] = new JsonArray(kept);
                        forwarded.Add(copy);
                    }

                    continue;
                }

                forwarded.Add(sub.DeepClone());
            }

            if (refused.Count == 0)
            {
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
                return await base.SendAsync(request, cancellationToken);
            }

            var answers = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            if (forwarded.Count > 0)
            {
                request.Content = new StringContent(
                    new JsonObject { ["allOrNone"] = body["allOrNone"]?.DeepClone(), ["compositeRequest"] = forwarded }.ToJsonString(),
                    Encoding.UTF8, "application/json");
                using var response = await base.SendAsync(request, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"The org refused the composite request: {response.StatusCode}.");
                }

                var node = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
                foreach (var answer in node["compositeResponse"]!.AsArray().OfType<JsonObject>())
                {
                    answers[answer["referenceId"]!.GetValue<string>()] = answer;
                }
            }

            var responses = new JsonArray();
            foreach (var sub in body["compositeRequest"]!.AsArray().OfType<JsonObject>())
            {
                var referenceId = sub["referenceId"]!.GetValue<string>();
                if (!refused.TryGetValue(referenceId, out var positions))
                {
                    responses.Add(answers[referenceId].DeepClone());
                    continue;
                }

                var saved = answers.TryGetValue(referenceId, out var answer) ? answer["body"]!.AsArray() : [];
                responses.Add(new JsonObject
                {
                    ["body"] = new JsonArray([.. positions.Select(p => p is { } i ? saved[i]!.DeepClone() : Lock.DeepClone())]),
                    ["httpHeaders"] = new JsonObject(),
                    ["httpStatusCode"] = 200,
                    ["referenceId"] = referenceId,
                });
            }

            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(new JsonObject { ["compositeResponse"] = responses }.ToJsonString(), Encoding.UTF8, "application/json"),
            };
        }

        private static bool IsAccount(JsonObject record) => record["attributes"]?["type"]?.GetValue<string>() == "Account";
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using CpqSync.Core.Planning;
using CpqSync.Stripe.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stripe;

namespace CpqSync.Stripe;

/// <summary>
/// Runs a <see cref="SyncPlan"/>'s Stripe operations in order through Stripe.net, feeding each created object's id
/// into the operations and write-backs that refer to it.
/// </summary>
/// <remarks>
/// Every POST carries the plan's deterministic idempotency key, so applying the same plan again (after a crash, or
/// a failure half-way) creates nothing twice: Stripe replays what it already did and the run continues from there.
/// Stripe's refusals come back as a <see cref="StripeApplyFailure"/>; exceptions mean a bug (a plan referring to an
/// operation that has not run) or the caller's cancellation.
/// </remarks>
public sealed class StripePlanApplier(
    IHttpClientFactory httpClientFactory, IOptions<StripeOptions> options, ILogger<StripePlanApplier> logger, StripePriceCache? prices = null,
    StripeCreates? creates = null)
{
    private const string ConnectionErrorType = "api_connection_error";

    /// <summary>Requests in flight by idempotency key (see <see cref="SendOnceAsync"/>).</summary>
    /// <remarks>Once Stripe answered a create, <see cref="_creates"/> holds its answer for the syncs that come after.</remarks>
    private readonly ConcurrentDictionary<string, Task<StripeResponse>> _inFlight = new(StringComparer.Ordinal);

    private readonly StripeCreates _creates = creates ?? new StripeCreates();

    /// <summary>Runs the plan's operations in order, stopping at the first one Stripe refuses.</summary>
    /// <returns>The Stripe ids produced, the resolved write-backs, and the failure if the run stopped early.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; re-apply the plan to finish.</exception>
    /// <exception cref="InvalidOperationException">The plan refers to an operation that does not run before it (a planner bug).</exception>
    public Task<StripeApplyResult> ApplyAsync(SyncPlan plan, CancellationToken cancellationToken) =>
        ApplyAsync(plan, new Dictionary<string, string>(), cancellationToken);

    /// <summary>
    /// Runs the plan's operations in order, except those <paramref name="existing"/> names: objects Stripe already holds
    /// (an invoice created before a crash), which count as done with that id — reported as replayed, fed to the
    /// operations and write-backs that refer to them, and not sent.
    /// </summary>
    /// <param name="existing">Operation id → the Stripe id of the object it would create, already in Stripe.</param>
    public async Task<StripeApplyResult> ApplyAsync(
        SyncPlan plan, IReadOnlyDictionary<string, string> existing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(existing);
        var client = StripeClients.Create(httpClientFactory, options.Value);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var applied = new List<AppliedStripeOperation>(plan.Operations.Count);
        var leading = plan.Operations.TakeWhile(static o => Independent.Contains(o.Kind)).Count();
        if (leading > 1)
        {
            var (done, failed) = await ApplyInParallelAsync(client, plan.Operations.Take(leading).ToList(), existing, cancellationToken).ConfigureAwait(false);
            foreach (var one in done)
            {
                ids[one.OperationId] = one.StripeId;
                applied.Add(one);
            }

            if (failed is not null)
            {
                logger.OperationFailed(failed.OperationId, failed.SourceRecordId, failed.ErrorType, failed.Code, failed.Param,
                    failed.Message, failed.HttpStatus, failed.RequestId, failed.IsTransient);
                var ran = done.Select(static d => d.OperationId).ToHashSet(StringComparer.Ordinal);
                var unfinished = plan.Operations.Where(o => !ran.Contains(o.Id)).Select(static o => o.SourceRecordId).ToHashSet(StringComparer.Ordinal);
                return new StripeApplyResult(applied, WriteBacks.Resolve(plan.WriteBacks, ids, skipUnresolved: true, unfinished), failed);
            }
        }
        else
        {
            leading = 0;
        }

        for (var i = leading; i < plan.Operations.Count; i++)
        {
            var operation = plan.Operations[i];
            if (existing.TryGetValue(operation.Id, out var held))
            {
                ids[operation.Id] = held;
                applied.Add(new AppliedStripeOperation(operation.Id, operation.Kind, held, Replayed: true, RequestId: null));
                continue;
            }

            var (done, failure) = await SendAsync(client, operation, ids, cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                logger.OperationFailed(failure.OperationId, failure.SourceRecordId, failure.ErrorType, failure.Code, failure.Param,
                    failure.Message, failure.HttpStatus, failure.RequestId, failure.IsTransient);
                // Only ids of objects that exist go back, and nothing to a record whose own Stripe change did not happen
                // (an amendment whose schedule update failed must not look applied).
                var unfinished = plan.Operations.Skip(i).Select(static o => o.SourceRecordId).ToHashSet(StringComparer.Ordinal);
                return new StripeApplyResult(applied, WriteBacks.Resolve(plan.WriteBacks, ids, skipUnresolved: true, unfinished), failure);
            }

            ids[operation.Id] = done!.StripeId;
            applied.Add(done);
        }

        logger.PlanApplied(applied.Count, plan.OrderId, applied.Count(static a => a.Replayed));
        return new StripeApplyResult(applied, WriteBacks.Resolve(plan.WriteBacks, ids, skipUnresolved: false), null);
    }

    /// <summary>
    /// Operations on objects nothing else in the plan changes (the customer, products, prices, coupons): those leading a
    /// plan run side by side, each once the operations it refers to have run, within the shared rate limit.
    /// </summary>
    private static readonly HashSet<StripeOperationKind> Independent =
    [
        StripeOperationKind.CreateTestClock, StripeOperationKind.CreateCustomer, StripeOperationKind.UpdateCustomer,
        StripeOperationKind.CreateProduct, StripeOperationKind.UpdateProduct, StripeOperationKind.CreateBillingMeter,
        StripeOperationKind.CreatePrice, StripeOperationKind.CreateCoupon,
    ];

    /// <summary>Requests of one plan in flight at once.</summary>
    private const int MaxParallelOperations = 4;

    /// <summary>
    /// Runs independent operations side by side, each after those it refers to; after a refusal no further one starts.
    /// </summary>
    /// <returns>The operations that ran, in plan order, and the first refusal in plan order.</returns>
    private async Task<(List<AppliedStripeOperation> Done, StripeApplyFailure? Failure)> ApplyInParallelAsync(
        StripeClient client, IReadOnlyList<StripeOperation> operations, IReadOnlyDictionary<string, string> existing,
        CancellationToken cancellationToken)
    {
        var ids = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var results = new (AppliedStripeOperation? Done, StripeApplyFailure? Failure)[operations.Count];
        var tasks = new Dictionary<string, Task<bool>>(StringComparer.Ordinal);
        using var slots = new SemaphoreSlim(MaxParallelOperations);
        var refused = 0;

        async Task<bool> RunAsync(int index, IReadOnlyList<Task<bool>> before)
        {
            var operation = operations[index];
            if (!(await Task.WhenAll(before).ConfigureAwait(false)).All(static ok => ok))
            {
                return false;
            }

            if (existing.TryGetValue(operation.Id, out var held))
            {
                ids[operation.Id] = held;
                results[index] = (new AppliedStripeOperation(operation.Id, operation.Kind, held, Replayed: true, RequestId: null), null);
                return true;
            }

            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (Volatile.Read(ref refused) > 0)
                {
                    return false;
                }

                var known = new Dictionary<string, string>(ids, StringComparer.Ordinal);
                results[index] = await SendAsync(client, operation, known, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }

            if (results[index].Done is { } done)
            {
                ids[operation.Id] = done.StripeId;
                return true;
            }

            Interlocked.Increment(ref refused);
            return false;
        }

        for (var i = 0; i < operations.Count; i++)
        {
            var before = References(operations[i]).Where(tasks.ContainsKey).Select(r => tasks[r]).ToList();
            if (i > 0)
            {
                // The first request goes alone: a refused key or an outage then costs one call, not one per operation.
                before.Add(tasks[operations[0].Id]);
            }

            tasks[operations[i].Id] = RunAsync(i, before);
        }

        await Task.WhenAll(tasks.Values).ConfigureAwait(false);
        return (results.Select(static r => r.Done).OfType<AppliedStripeOperation>().ToList(),
            results.Select(static r => r.Failure).FirstOrDefault(static f => f is not null));
    }

    /// <summary>The operations of the plan whose ids an operation's target or parameters refer to.</summary>
    private static IEnumerable<string> References(StripeOperation operation) =>
        operation.Params.Select(static p => p.Value).Prepend(operation.Target ?? default)
            .Where(static v => v.IsReference).Select(static v => v.Ref!).Distinct(StringComparer.Ordinal);

    private async Task<(AppliedStripeOperation? Done, StripeApplyFailure? Failure)> SendAsync(
        StripeClient client, StripeOperation operation, IReadOnlyDictionary<string, string> ids, CancellationToken cancellationToken)
    {
        var request = StripeRequestLine.Build(operation, ids);
        try
        {
            if (operation.Kind == StripeOperationKind.CreateBillingMeter
                && await BillingMeters.FindActiveAsync(client, operation, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                // An earlier sync of the product created the meter: it counts as already done, like a replay.
                logger.OperationApplied("GET", "/v1/billing/meters", operation.Id, existing.Id, replayed: true, existing.RequestId);
                return (new AppliedStripeOperation(operation.Id, operation.Kind, existing.Id, Replayed: true, existing.RequestId), null);
            }

            var creating = operation.Kind.IsCreate();
            var (response, joined) = await SendOnceAsync(client, request, creating, cancellationToken).ConfigureAwait(false);
            var stripeId = ReadId(response.Content) ?? request.Target;
            if (stripeId is null)
            {
                return (null, Failure(operation, (int)response.StatusCode, "invalid_response", null, null,
                    "Stripe's answer names no object id.", response.RequestId, isTransient: false));
            }

            if (operation.Kind == StripeOperationKind.CreatePrice)
            {
                // The next order reusing the price need not read it (prices never change).
                prices?.AddCreated(response.Content);
            }

            var replayed = joined || (response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Contains("true"));
            logger.OperationApplied(operation.Method, request.Path, operation.Id, stripeId, replayed, response.RequestId);
            return (new AppliedStripeOperation(operation.Id, operation.Kind, stripeId, replayed, response.RequestId), null);
        }
        catch (StripeException refused)
        {
            var error = refused.StripeError;
            var transient = StripeRetryPolicy.IsTransient(refused.HttpStatusCode,
                StripeRetryPolicy.StripeSaysRetry(refused.StripeResponse?.Headers));
            return (null, Failure(operation, (int)refused.HttpStatusCode, error?.Type ?? "api_error", error?.Code, error?.Param,
                error?.Message ?? refused.Message, refused.StripeResponse?.RequestId, transient));
        }
        catch (Exception unreachable) when (StripeRetryPolicy.IsConnectionFailure(unreachable) && !cancellationToken.IsCancellationRequested)
        {
            return (null, Failure(operation, null, ConnectionErrorType, null, null,
                $"Stripe could not be reached: {unreachable.Message}", null, isTransient: true));
        }
    }

    /// <summary>
    /// Sends a request, or joins the same request (same idempotency key) another sync of this process has in flight or,
    /// for a create, already had answered: orders running side by side that create one product or price send it once,
    /// whichever of them gets there first and however their syncs interleave, and the others take its answer as Stripe
    /// would replay it.
    /// </summary>
    /// <returns>Stripe's answer, and whether it was another sync's request.</returns>
    private async Task<(StripeResponse Response, bool Joined)> SendOnceAsync(
        StripeClient client, StripeRequestLine request, bool creating, CancellationToken cancellationToken)
    {
        if (request.IdempotencyKey is not { } key)
        {
            return (await RequestAsync(client, request, cancellationToken).ConfigureAwait(false), false);
        }

        var mine = new TaskCompletionSource<StripeResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        var sending = _inFlight.GetOrAdd(key, mine.Task);
        if (sending == mine.Task && creating && _creates.TryReplay(request, out var answered))
        {
            // Answered before this sync got here (checked once in flight, so an answer is never missed between the two).
            _inFlight.TryRemove(new KeyValuePair<string, Task<StripeResponse>>(key, mine.Task));
            mine.SetResult(answered);
            return (answered, true);
        }

        if (sending != mine.Task)
        {
            try
            {
                return (await sending.WaitAsync(cancellationToken).ConfigureAwait(false), true);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The sync that sent it was cancelled, not this one: send it ourselves.
                return (await RequestAsync(client, request, cancellationToken).ConfigureAwait(false), false);
            }
        }

        try
        {
            var response = await RequestAsync(client, request, cancellationToken).ConfigureAwait(false);
            if (creating && ReadId(response.Content) is { } made)
            {
                // Before the key leaves _inFlight: a sync coming after finds the answer in one place or the other.
                _creates.Remember(request, response, made);
            }

            mine.SetResult(response);
            return (response, false);
        }
        catch (Exception failed)
        {
            mine.SetException(failed);
            _ = mine.Task.Exception; // Observed: the joiners (if any) rethrow it.
            throw;
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<string, Task<StripeResponse>>(key, mine.Task));
        }
    }

    private static Task<StripeResponse> RequestAsync(StripeClient client, StripeRequestLine request, CancellationToken cancellationToken) =>
        client.RawRequestAsync(request.Method, request.Path, request.Content,
            new RawRequestOptions { IdempotencyKey = request.IdempotencyKey }, cancellationToken);

    private static StripeApplyFailure Failure(StripeOperation operation, int? status, string type, string? code, string? param,
        string message, string? requestId, bool isTransient) =>
        new(operation.Id, operation.Kind, operation.SourceRecordId, status, type, code, param, message, requestId, isTransient);

    private static string? ReadId(string content)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

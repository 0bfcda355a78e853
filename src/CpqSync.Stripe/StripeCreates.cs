using System.Collections.Concurrent;
using Stripe;

namespace CpqSync.Stripe;

/// <summary>
/// The creates this engine sent and Stripe answered, by idempotency key: orders syncing side by side that plan the same
/// new product or price (each read before the other wrote its id back) send it once. The later one takes the earlier
/// answer as Stripe would replay it, instead of sending the same request for Stripe to replay.
/// </summary>
/// <remarks>
/// One instance per engine, shared by the applier and the resolver (which trusts a product this engine made without
/// reading it). A remembered answer is used only for the same request (path and parameters) and only within the 24 hours
/// Stripe replays a key for; past <see cref="MaxAnswers"/> the memory starts again.
/// </remarks>
public sealed class StripeCreates(TimeProvider? time = null)
{
    /// <summary>Answers kept at most.</summary>
    private const int MaxAnswers = 50_000;

    /// <summary>How long Stripe replays an idempotency key.</summary>
    private static readonly TimeSpan ReplayWindow = TimeSpan.FromHours(24);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, Answer> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _made = new(StringComparer.Ordinal);

    /// <summary>Whether this engine created the object (Stripe answered its create).</summary>
    public bool Made(string stripeId) => _made.ContainsKey(stripeId);

    /// <summary>Stripe's answer to the same create sent earlier by this engine, while Stripe would still replay it.</summary>
    internal bool TryReplay(StripeRequestLine request, out StripeResponse response)
    {
        response = null!;
        if (request.IdempotencyKey is not { } key || !_answers.TryGetValue(key, out var answer))
        {
            return false;
        }

        if (answer.Request != request || _time.GetUtcNow() - answer.At >= ReplayWindow)
        {
            return false;
        }

        response = answer.Response;
        return true;
    }

    /// <summary>Remembers Stripe's answer to a create, and the object it made.</summary>
    internal void Remember(StripeRequestLine request, StripeResponse response, string stripeId)
    {
        if (request.IdempotencyKey is not { } key)
        {
            return;
        }

        if (_answers.Count >= MaxAnswers)
        {
            _answers.Clear();
            _made.Clear();
        }

        _answers[key] = new Answer(request, response, _time.GetUtcNow());
        _made[stripeId] = 0;
    }

    private sealed record Answer(StripeRequestLine Request, StripeResponse Response, DateTimeOffset At);
}

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
/// Stripe replays a key for. Bounded so a long backfill's memory stays flat whatever its size and pace: an answer (the
/// request and Stripe's whole response, a few kilobytes) is kept for at most <see cref="AnswerHorizon"/> and only the
/// newest <see cref="MaxAnswers"/> are kept, enough for the orders syncing side by side and the page read ahead; the ids
/// made (a few dozen bytes each) are kept up to <see cref="MaxMade"/>, oldest forgotten first. A forgotten answer or id
/// costs one Stripe call (Stripe replays the create, or the product is read), never a second object.
/// </remarks>
public sealed class StripeCreates(TimeProvider? time = null)
{
    /// <summary>Answers kept at most (the oldest forgotten first).</summary>
    internal const int MaxAnswers = 1_024;

    /// <summary>Ids made kept at most (the oldest forgotten first).</summary>
    internal const int MaxMade = 50_000;

    /// <summary>How long an answer is kept: far longer than orders syncing side by side take, far shorter than Stripe's replay window.</summary>
    internal static readonly TimeSpan AnswerHorizon = TimeSpan.FromHours(1);

    /// <summary>How long Stripe replays an idempotency key.</summary>
    private static readonly TimeSpan ReplayWindow = TimeSpan.FromHours(24);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, Answer> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _made = new(StringComparer.Ordinal);
    private readonly Lock _remembering = new();

    /// <summary>The answers and ids made in the order they were remembered, to forget the oldest first.</summary>
    private readonly Queue<(string Key, Answer Answer)> _answerOrder = new();
    private readonly Queue<string> _madeOrder = new();

    /// <summary>Answers held now.</summary>
    internal int AnswerCount => _answers.Count;

    /// <summary>Ids made held now.</summary>
    internal int MadeCount => _made.Count;

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

        var age = _time.GetUtcNow() - answer.At;
        if (answer.Request != request || age >= ReplayWindow || age >= AnswerHorizon)
        {
            return false;
        }

        response = answer.Response;
        return true;
    }

    /// <summary>Remembers Stripe's answer to a create, and the object it made; forgets the oldest past the bounds.</summary>
    internal void Remember(StripeRequestLine request, StripeResponse response, string stripeId)
    {
        if (request.IdempotencyKey is not { } key)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var answer = new Answer(request, response, now);
        lock (_remembering)
        {
            _answers[key] = answer;
            _answerOrder.Enqueue((key, answer));
            while (_answerOrder.TryPeek(out var oldest) && (_answerOrder.Count > MaxAnswers || now - oldest.Answer.At >= AnswerHorizon))
            {
                _answerOrder.Dequeue();
                // Only that answer: a newer one under the same key stays.
                _answers.TryRemove(new KeyValuePair<string, Answer>(oldest.Key, oldest.Answer));
            }

            if (_made.TryAdd(stripeId, 0))
            {
                _madeOrder.Enqueue(stripeId);
                while (_madeOrder.Count > MaxMade)
                {
                    _made.TryRemove(_madeOrder.Dequeue(), out _);
                }
            }
        }
    }

    private sealed record Answer(StripeRequestLine Request, StripeResponse Response, DateTimeOffset At);
}

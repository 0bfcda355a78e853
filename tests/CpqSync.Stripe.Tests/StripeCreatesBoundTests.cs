using System.Globalization;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using Stripe;

namespace CpqSync.Stripe.Tests;

/// <summary>
/// The memory of creates a long backfill sends stays bounded by count and by age: the oldest answers and ids made are
/// forgotten first, the newest are still replayed.
/// </summary>
public sealed class StripeCreatesBoundTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 8, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Past_its_count_it_forgets_the_oldest_answers_and_replays_the_newest()
    {
        var creates = new StripeCreates(new FakeTimeProvider(Start));
        var total = StripeCreates.MaxAnswers + 500;
        for (var i = 0; i < total; i++)
        {
            creates.Remember(Request(i), Response(i), $"prod_{i:D8}");
        }

        Assert.Equal(StripeCreates.MaxAnswers, creates.AnswerCount);
        Assert.False(creates.TryReplay(Request(0), out _));
        Assert.False(creates.TryReplay(Request(499), out _));
        Assert.True(creates.TryReplay(Request(500), out var oldestKept));
        Assert.Equal(Response(500).Content, oldestKept.Content);
        Assert.True(creates.TryReplay(Request(total - 1), out _));
        // Ids are far smaller than answers: all of these are still known as made by this engine.
        Assert.Equal(total, creates.MadeCount);
        Assert.True(creates.Made("prod_00000000"));
    }

    [Fact]
    public void Past_its_count_it_forgets_the_oldest_ids_made()
    {
        var creates = new StripeCreates(new FakeTimeProvider(Start));
        var total = StripeCreates.MaxMade + 10;
        for (var i = 0; i < total; i++)
        {
            creates.Remember(Request(i), Response(i), $"prod_{i:D8}");
        }

        Assert.Equal(StripeCreates.MaxMade, creates.MadeCount);
        Assert.False(creates.Made("prod_00000009"));
        Assert.True(creates.Made("prod_00000010"));
        Assert.True(creates.Made($"prod_{total - 1:D8}"));
        Assert.Equal(StripeCreates.MaxAnswers, creates.AnswerCount);
    }

    [Fact]
    public void An_answer_older_than_the_horizon_is_neither_replayed_nor_kept()
    {
        var time = new FakeTimeProvider(Start);
        var creates = new StripeCreates(time);
        for (var i = 0; i < 10; i++)
        {
            creates.Remember(Request(i), Response(i), $"prod_{i:D8}");
        }

        time.Advance(StripeCreates.AnswerHorizon);
        Assert.False(creates.TryReplay(Request(0), out _));
        creates.Remember(Request(10), Response(10), "prod_00000010");

        Assert.Equal(1, creates.AnswerCount);
        Assert.True(creates.TryReplay(Request(10), out _));
        Assert.True(creates.Made("prod_00000000"));
    }

    [Fact]
    public void A_key_remembered_again_keeps_its_newest_answer_when_the_older_one_is_forgotten()
    {
        var time = new FakeTimeProvider(Start);
        var creates = new StripeCreates(time);
        creates.Remember(Request(0), Response(0), "prod_00000000");
        time.Advance(StripeCreates.AnswerHorizon / 2);
        creates.Remember(Request(0), Response(1), "prod_00000000");
        time.Advance(StripeCreates.AnswerHorizon / 2);
        // Forgets the first answer (now an hour old), not the second under the same key.
        creates.Remember(Request(2), Response(2), "prod_00000002");

        Assert.Equal(2, creates.AnswerCount);
        Assert.True(creates.TryReplay(Request(0), out var replayed));
        Assert.Equal(Response(1).Content, replayed.Content);
    }

    private static StripeRequestLine Request(int i) => new(
        HttpMethod.Post, "/v1/products", string.Create(CultureInfo.InvariantCulture, $"name=Product+{i}"), $"cpqsync-product-{i}", null);

    private static StripeResponse Response(int i)
    {
        using var message = new HttpResponseMessage(HttpStatusCode.OK);
        return new StripeResponse(HttpStatusCode.OK, message.Headers,
            string.Create(CultureInfo.InvariantCulture, $$"""{"id":"prod_{{i:D8}}","object":"product"}"""));
    }
}

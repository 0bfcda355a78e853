using System.Globalization;
using System.Text.Json.Nodes;
using CpqSync.Engine.Snapshots;
using CpqSync.Engine.WriteBack;

namespace CpqSync.Engine.Tests.WriteBack;

/// <summary>The echo memory of a long backfill stays bounded: past its capacity it forgets the oldest stamps, never the newest.</summary>
public sealed class WriteBackEchoesBoundTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Past_its_capacity_it_forgets_the_oldest_stamps_and_keeps_the_newest()
    {
        var echoes = new WriteBackEchoes(capacity: 8);
        for (var i = 0; i < 100; i++)
        {
            echoes.Remember(PlannerFields.Order, Row($"801000000000{i:D3}AAA", Start.AddSeconds(i)));
        }

        Assert.InRange(echoes.Count, 6, 9);
        Assert.True(echoes.IsEcho(PlannerFields.Order, Row("801000000000099AAA", Start.AddSeconds(99))));
        Assert.True(echoes.IsEcho(PlannerFields.Order, Row("801000000000097AAA", Start.AddSeconds(97))));
        Assert.False(echoes.IsEcho(PlannerFields.Order, Row("801000000000000AAA", Start)));
        Assert.False(echoes.IsEcho(PlannerFields.Order, Row("801000000000050AAA", Start.AddSeconds(50))));
    }

    [Fact]
    public void The_default_capacity_holds_every_stamp_of_a_few_thousand_orders()
    {
        var echoes = new WriteBackEchoes();
        for (var i = 0; i < 20_000; i++)
        {
            echoes.Remember(PlannerFields.Order, Row($"802{i:D15}", Start.AddMilliseconds(i)));
        }

        Assert.Equal(20_000, echoes.Count);
        Assert.True(echoes.IsEcho(PlannerFields.Order, Row("802000000000000000", Start)));
    }

    /// <summary>An order row as the write-back's read and polling see it (its other compared fields empty).</summary>
    private static JsonObject Row(string id, DateTimeOffset stamp) => new()
    {
        ["Id"] = id,
        ["SystemModstamp"] = stamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture),
    };
}

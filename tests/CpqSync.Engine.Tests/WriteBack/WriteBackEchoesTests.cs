using System.Text.Json.Nodes;
using CpqSync.Engine.WriteBack;

namespace CpqSync.Engine.Tests.WriteBack;

/// <summary>
/// A row reads as the echo of CpqSync's write-back only while it reads exactly as the write-back left it: Salesforce
/// stamps to the second, so the stamp alone would take a user's edit in that second for the echo.
/// </summary>
public sealed class WriteBackEchoesTests
{
    private const string Line = "OrderItem";
    private const string LineId = "802000000000001AAA";
    private const string Integration = "005000000000001AAA";
    private const string WriteBackSecond = "2026-12-07T21:00:05.000+0000";

    [Fact]
    public void A_line_reads_as_its_echo_with_the_write_backs_stamp_user_and_fields()
    {
        var echoes = new WriteBackEchoes();
        echoes.Remember(Line, LineRow(WriteBackSecond, Integration, quantity: 3));

        Assert.True(echoes.IsEcho(Line, LineRow(WriteBackSecond, Integration, quantity: 3)));
    }

    [Fact]
    public void An_edit_in_the_second_of_the_write_back_is_not_its_echo()
    {
        var echoes = new WriteBackEchoes();
        echoes.Remember(Line, LineRow(WriteBackSecond, Integration, quantity: 3));

        Assert.False(echoes.IsEcho(Line, LineRow(WriteBackSecond, Integration, quantity: 7))); // by CpqSync's own user
        Assert.False(echoes.IsEcho(Line, LineRow(WriteBackSecond, "005000000000002AAA", quantity: 3))); // by another user, even to a field not compared
        Assert.False(echoes.IsEcho(Line, LineRow("2026-12-07T21:00:06.000+0000", Integration, quantity: 3))); // in a later second
        Assert.False(echoes.IsEcho(Line, LineRow(WriteBackSecond, Integration, quantity: 3, id: "802000000000002AAA"))); // another line
    }

    [Fact]
    public void The_fields_compared_are_the_planners_own_and_who_modified_the_row()
    {
        Assert.Contains("LastModifiedById", WriteBackEchoes.Fields(Line));
        Assert.Contains("Quantity", WriteBackEchoes.Fields(Line));
        Assert.Contains("Stripe_ID__c", WriteBackEchoes.Fields(Line));
        Assert.Contains("Status", WriteBackEchoes.Fields("Order"));
        Assert.DoesNotContain(WriteBackEchoes.Fields("Order"), f => f.Contains('.', StringComparison.Ordinal));
    }

    private static JsonObject LineRow(string stamp, string modifiedBy, int quantity, string id = LineId)
    {
        var row = new JsonObject();
        foreach (var field in WriteBackEchoes.Fields(Line))
        {
            row[field] = null;
        }

        row["Id"] = id;
        row["SystemModstamp"] = stamp;
        row["LastModifiedById"] = modifiedBy;
        row["Quantity"] = quantity;
        row["Stripe_ID__c"] = "si_123";
        return row;
    }
}

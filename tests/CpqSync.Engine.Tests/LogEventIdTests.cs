using System.Reflection;
using Microsoft.Extensions.Logging;

namespace CpqSync.Engine.Tests;

/// <summary>A log event id names one message per assembly, so an operator's filter on an id catches what it says.</summary>
public sealed class LogEventIdTests
{
    public static TheoryData<string> Assemblies { get; } =
    [
        typeof(CpqSync.Engine.Sync.OrderSyncer).Assembly.GetName().Name!,
        typeof(CpqSync.Stripe.StripePlanApplier).Assembly.GetName().Name!,
        typeof(CpqSync.Salesforce.SalesforceClient).Assembly.GetName().Name!,
        typeof(CpqSync.Salesforce.PubSub.PubSubClient).Assembly.GetName().Name!,
    ];

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Every_log_message_of_an_assembly_has_its_own_event_id(string assemblyName)
    {
        var assembly = AppDomain.CurrentDomain.GetAssemblies().Single(a => a.GetName().Name == assemblyName);
        var messages = assembly.GetTypes()
            .SelectMany(static t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(static m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(static m => m.Attribute is not null)
            .ToList();

        Assert.NotEmpty(messages);
        Assert.All(messages, static m => Assert.True(m.Attribute!.EventId > 0, $"{m.Method.DeclaringType!.Name}.{m.Method.Name} has no event id"));
        var shared = messages.GroupBy(static m => m.Attribute!.EventId)
            .Where(static g => g.Count() > 1)
            .Select(static g => $"{g.Key}: {string.Join(", ", g.Select(static m => $"{m.Method.DeclaringType!.Name}.{m.Method.Name}"))}")
            .ToList();
        Assert.True(shared.Count == 0, string.Join("; ", shared));
    }
}

using System.Reflection;

namespace CpqSync.Salesforce.Tests;

/// <summary>Rules every public API of the client follows, checked by reflection so new members cannot forget them.</summary>
public class ConventionTests
{
    [Fact]
    public void Every_public_async_method_takes_a_cancellation_token_last()
    {
        var offenders = typeof(SalesforceClient).Assembly.GetExportedTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => IsAsync(m.ReturnType))
            .Where(m => m.GetParameters() is not [.., { ParameterType: var last }] || last != typeof(CancellationToken))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}")
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void The_options_class_names_its_configuration_section()
    {
        var field = typeof(SalesforceOptions).GetField("SectionName", BindingFlags.Public | BindingFlags.Static);

        Assert.NotNull(field);
        Assert.True(field.IsLiteral);
        Assert.Equal("Salesforce", field.GetValue(null));
    }

    private static bool IsAsync(Type type) =>
        type == typeof(Task) || type == typeof(ValueTask)
        || (type.IsGenericType && type.GetGenericTypeDefinition() is var d
            && (d == typeof(Task<>) || d == typeof(ValueTask<>) || d == typeof(IAsyncEnumerable<>)));
}

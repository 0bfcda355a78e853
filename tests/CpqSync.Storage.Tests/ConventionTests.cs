using System.Reflection;
using CpqSync.Storage.PostgreSql;
using CpqSync.Storage.Sqlite;

namespace CpqSync.Storage.Tests;

public sealed class ConventionTests
{
    private static readonly Assembly[] StorageAssemblies =
        [typeof(ISyncStore).Assembly, typeof(SqliteStorage).Assembly, typeof(PostgreSqlStorage).Assembly];

    [Fact]
    public void Every_public_async_method_takes_a_CancellationToken_last()
    {
        var offenders = StorageAssemblies
            .SelectMany(a => a.GetExportedTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => typeof(Task).IsAssignableFrom(m.ReturnType) && !m.Name.EndsWith("DisposeAsync", StringComparison.Ordinal))
            .Where(m => m.GetParameters() is var p && (p.Length == 0 || p[^1].ParameterType != typeof(CancellationToken)))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}")
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void Every_options_class_names_its_section_and_validates_itself()
    {
        var optionsTypes = StorageAssemblies.SelectMany(a => a.GetExportedTypes()).Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(optionsTypes);
        Assert.All(optionsTypes, t =>
        {
            Assert.NotNull(t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static));
            Assert.True(typeof(System.ComponentModel.DataAnnotations.IValidatableObject).IsAssignableFrom(t), t.Name);
        });
    }

    [Fact]
    public void Types_that_hold_secrets_never_print_them()
    {
        var secrets = new ConnectionSecrets([new("Stripe:ApiKey", "sk_live_never_printed")]);
        var options = new StorageOptions { EncryptionKey = Convert.ToBase64String(new byte[32]) };

        Assert.DoesNotContain("sk_live_never_printed", secrets.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(options.EncryptionKey, options.ToString(), StringComparison.Ordinal);
    }
}

using System.ComponentModel.DataAnnotations;
using CpqSync.Cli;
using CpqSync.Salesforce;
using CpqSync.Storage;
using CpqSync.Stripe;
using Microsoft.Extensions.Configuration;

namespace CpqSync.Hosting;

/// <summary>
/// Checks each options section before anything connects, and words the first problem as one line naming the
/// setting (<c>Salesforce:ClientId</c>) and where it can be set. Messages never carry a value: most are secrets.
/// </summary>
public static class SettingsCheck
{
    public static void ThrowIfInvalid(IConfiguration configuration)
    {
        Check<SalesforceOptions>(configuration, SalesforceOptions.SectionName);
        Check<StripeOptions>(configuration, StripeOptions.SectionName);
        Check<StorageOptions>(configuration, StorageOptions.SectionName);
        // Every command writes Sync Records, whose links use Serve:PublicUrl (PublicAddress).
        Check<Serve.ServeOptions>(configuration, Serve.ServeOptions.SectionName);
    }

    /// <summary>
    /// Stops a one-off command that signs in when a credential is missing from the settings and the stored credentials,
    /// naming the first and where to give it. (<c>serve</c> starts without them: see <see cref="ConnectionCredentials"/>.)
    /// </summary>
    public static void ThrowIfCredentialsMissing(IConfiguration configuration)
    {
        var missing = ConnectionCredentials.MissingFrom(configuration);
        if (missing.Count == 0)
        {
            return;
        }

        var name = missing[0];
        throw new CliException(
            ExitCodes.Usage,
            $"Setting {name} is missing: {(missing.Count > 1 ? $"this run also lacks {string.Join(", ", missing.Skip(1))}. " : "")}"
            + $"Connect in the set-up wizard (cpqsync serve), store it with cpqsync credentials set {name}, "
            + $"or set it in appsettings.json, --config FILE or CPQSYNC_{name.Replace(":", "__", StringComparison.Ordinal)}.");
    }

    /// <summary>The storage settings alone: what reading the stored credentials needs, before the others can be checked.</summary>
    public static void ThrowIfStorageInvalid(IConfiguration configuration) =>
        Check<StorageOptions>(configuration, StorageOptions.SectionName);

    private static void Check<T>(IConfiguration configuration, string section)
        where T : class, new()
    {
        T options;
        try
        {
            options = configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException e)
        {
            // Only non-text settings (enums, numbers, durations, URLs) fail to convert, so the message holds no secret.
            throw new CliException(ExitCodes.Usage, $"Invalid setting in section {section}: {e.Message}", e);
        }

        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            return;
        }

        var first = results[0];
        var names = first.MemberNames.Select(m => $"{section}:{m}").DefaultIfEmpty(section).ToList();
        var where = string.Join(" or ", names.Select(n => $"CPQSYNC_{n.Replace(":", "__", StringComparison.Ordinal)}"));
        throw new CliException(
            ExitCodes.Usage,
            $"Setting {string.Join(", ", names)} is missing or invalid: {first.ErrorMessage} Set it in appsettings.json, --config FILE or {where}.");
    }
}

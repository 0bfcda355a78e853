using System.CommandLine;
using CpqSync.Hosting;
using CpqSync.Storage;
using CpqSync.Web.Setup;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Cli;

/// <summary>
/// <c>cpqsync credentials set [NAME [VALUE]]</c> and <c>cpqsync credentials clear [NAME…]</c>: the one explicit way,
/// besides the set-up wizard, to change the credentials stored with the connection. Settings given to any other run
/// (files, <c>CPQSYNC_</c> variables) apply to that run only and never change them. Values are never printed.
/// </summary>
public static class CredentialsCommand
{
    public static Command Create(HostOptions host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var name = new Argument<string?>("NAME")
        {
            Description = $"The setting to store ({string.Join(", ", StoredCredentials.Keys)}); left out: every credential the settings give.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var value = new Argument<string?>("VALUE")
        {
            Description = "Its value; left out, one line is read from standard input (keeps secrets out of the shell's history).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var set = new Command("set", "Store a credential with the connection (encrypted), or every credential the settings give.") { name, value };
        set.SetAction((parse, cancellationToken) =>
        {
            var configuration = parse.InvocationConfiguration;
            return CommandFailures.RunAsync(
                configuration.Error,
                () => SetAsync(host.Request(parse), parse.GetValue(name), parse.GetValue(value), Console.In, configuration.Output, host.Time, cancellationToken),
                cancellationToken);
        });

        var names = new Argument<string[]>("NAME") { Description = "The settings to remove; left out: every stored credential.", Arity = ArgumentArity.ZeroOrMore };
        var clear = new Command("clear", "Remove stored credentials (the connection is then not connected until they are given again).") { names };
        clear.SetAction((parse, cancellationToken) =>
        {
            var configuration = parse.InvocationConfiguration;
            return CommandFailures.RunAsync(
                configuration.Error,
                () => ClearAsync(host.Request(parse), parse.GetValue(names) ?? [], configuration.Output, host.Time, cancellationToken),
                cancellationToken);
        });

        return new Command("credentials", "Change the credentials stored with the connection (what the set-up wizard stores).") { set, clear };
    }

    /// <param name="input">Where a value left out of the arguments is read from (one line).</param>
    public static async Task<int> SetAsync(
        HostRequest request, string? name, string? value, TextReader input, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        Dictionary<string, string?> values;
        if (name is null)
        {
            // Every credential the settings of this run give (files, CPQSYNC_ variables), stored explicitly.
            var given = HostConfiguration.Build(request.Environment, request.ConfigFile);
            values = StoredCredentials.Keys
                .Where(k => !string.IsNullOrWhiteSpace(given[k]))
                .ToDictionary(k => k, k => given[k], StringComparer.Ordinal);
            if (values.Count == 0)
            {
                throw new CliException(ExitCodes.Usage, "The settings give no credential to store: name one (cpqsync credentials set NAME VALUE).");
            }
        }
        else
        {
            var key = Known(name);
            var text = (value ?? await input.ReadLineAsync(cancellationToken))?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                throw new CliException(ExitCodes.Usage, $"No value for {key}: give it as an argument or on standard input.");
            }

            Check(key, text);
            values = new Dictionary<string, string?>(StringComparer.Ordinal) { [key] = text };
        }

        var connection = await ChangeAsync(request, values, time, cancellationToken);
        await output.WriteLineAsync(
            $"Stored {string.Join(", ", values.Keys)} for connection '{connection}'; a running serve takes them at its next start (the wizard's apply at once).".AsMemory(),
            cancellationToken);
        return ExitCodes.Success;
    }

    public static async Task<int> ClearAsync(
        HostRequest request, IReadOnlyList<string> names, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(output);
        // Clearing everything also forgets what the wizard showed about the connected org and account.
        var keys = names.Count > 0 ? names.Select(Known).ToList() : null;
        var connection = await ChangeAsync(request, keys?.ToDictionary(k => k, _ => (string?)null, StringComparer.Ordinal), time, cancellationToken);
        await output.WriteLineAsync(
            $"Cleared {(keys is null ? "every stored credential" : string.Join(", ", keys))} of connection '{connection}'.".AsMemory(), cancellationToken);
        return ExitCodes.Success;
    }

    /// <param name="values">The entries to change; <see langword="null"/> clears every stored entry.</param>
    /// <returns>The connection's name.</returns>
    private static async Task<string> ChangeAsync(
        HostRequest request, Dictionary<string, string?>? values, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var host = await CommandHost.StartAsync(request with { NeedsCredentials = false }, time, cancellationToken);
        var connection = await host.OpenConnectionAsync(cancellationToken);
        var store = host.Services.GetRequiredService<ISyncStore>();
        if (values is null)
        {
            await store.SetSecretsAsync(connection.Id, ConnectionSecrets.Empty, cancellationToken);
        }
        else
        {
            await StoredCredentials.ChangeAsync(store, connection.Id, values, cancellationToken);
        }

        return connection.Name;
    }

    private static string Known(string name) =>
        StoredCredentials.Keys.FirstOrDefault(k => string.Equals(k, name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new CliException(ExitCodes.Usage, $"{name} is not a credential CpqSync stores; one of: {string.Join(", ", StoredCredentials.Keys)}.");

    /// <summary>The checks a value can be given without asking the service: URLs are absolute http(s), a Stripe key looks like one.</summary>
    private static void Check(string key, string value)
    {
        if (key is "Salesforce:LoginUrl" or "Stripe:ApiBase"
            && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
        {
            throw new CliException(ExitCodes.Usage, $"{key} must be an absolute http(s) URL, such as https://login.salesforce.com.");
        }

        if (key == "Stripe:ApiKey" && !StripeKeyCheck.LooksLikeKey(value))
        {
            throw new CliException(ExitCodes.Usage, "Stripe:ApiKey must be a Stripe secret or restricted key (sk_… or rk_…).");
        }
    }
}

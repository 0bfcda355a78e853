using System.CommandLine;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CpqSync.Cli;

namespace CpqSync.Tests;

public class SandboxCommandTests
{
    [Fact]
    public async Task Sandbox_prints_the_Salesforce_login_details_serves_a_token_and_stops_on_cancellation()
    {
        var output = new WatchedWriter("Press Ctrl+C to stop.");
        using var stop = new CancellationTokenSource();
        var run = Invoke(["sandbox", "--salesforce-port", "0", "--stripe-port", "0", "--seed", "empty"], output, stop.Token);

        await Task.WhenAny(output.Seen, run);
        var banner = output.ToString();
        Assert.True(output.Seen.IsCompleted, banner);
        string Value(string label) => Regex.Match(banner, $@"{label}:\s+(\S+)").Groups[1].Value;
        var loginUrl = Value("Login URL");
        Assert.StartsWith("http://127.0.0.1:", loginUrl, StringComparison.Ordinal);
        Assert.Equal(loginUrl, Value("Instance URL"));

        using var http = new HttpClient();
        var response = await http.PostAsync($"{loginUrl}/services/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = Value("Client ID"),
            ["client_secret"] = Value("Client secret"),
            ["username"] = Value("Username"),
            ["password"] = Value("Password"),
        }));
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(loginUrl, (string?)token["instance_url"]);

        await stop.CancelAsync();
        Assert.Equal(0, await run);
        Assert.Contains("Sandbox stopped.", output.ToString(), StringComparison.Ordinal);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync($"{loginUrl}/services/data"));
    }

    [Fact]
    public void Default_ports_are_7401_and_7402()
    {
        var parse = CpqSyncCommandLine.Create(TimeProvider.System).Parse(["sandbox"]);

        var options = parse.CommandResult.Command.Options;
        Assert.Empty(parse.Errors);
        Assert.Equal(7401, parse.GetValue<int>("--salesforce-port"));
        Assert.Equal(7402, parse.GetValue<int>("--stripe-port"));
        Assert.Equal("empty", parse.GetValue<string>("--seed"));
        Assert.Contains(options, o => o.Name == "--data");
        Assert.Contains(options, o => o.Name == "--schema");
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("scale:many")]
    public async Task An_unknown_seed_is_refused_before_anything_starts(string seed)
    {
        var output = new WatchedWriter("never");
        var error = new StringWriter();
        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };

        var exitCode = await CpqSyncCommandLine.Create(TimeProvider.System)
            .Parse(["sandbox", "--salesforce-port", "0", "--seed", seed]).InvokeAsync(configuration);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--seed must be empty, demo or scale:N", error.ToString(), StringComparison.Ordinal);
    }

    private static Task<int> Invoke(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var configuration = new InvocationConfiguration { Output = output, Error = output, ProcessTerminationTimeout = null };
        // Run on the thread pool: the command blocks until cancelled.
        return Task.Run(() => CpqSyncCommandLine.Create(TimeProvider.System).Parse(args).InvokeAsync(configuration, cancellationToken));
    }

    /// <summary>Collects what the command prints and completes <see cref="Seen"/> once a given text shows up.</summary>
    private sealed class WatchedWriter(string awaited) : TextWriter
    {
        private readonly StringBuilder _text = new();
        private readonly TaskCompletionSource _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Seen => _seen.Task;

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_text)
            {
                _text.Append(value);
                if (_text.ToString().Contains(awaited, StringComparison.Ordinal))
                {
                    _seen.TrySetResult();
                }
            }
        }

        public override string ToString()
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }
}

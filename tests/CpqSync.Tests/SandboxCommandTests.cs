using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CpqSync.Cli;

namespace CpqSync.Tests;

public class SandboxCommandTests
{
    [Fact]
    public async Task Sandbox_prints_both_services_login_details_serves_a_token_and_stops_on_cancellation()
    {
        string[] args = ["sandbox", "--salesforce-port", "0", "--stripe-port", "0", "--seed", "empty"];

        var (loginUrl, banner) = await WithRunningSandboxAsync(args, async (http, loginUrl, banner) =>
        {
            var limits = await http.GetAsync($"{loginUrl}/services/data/v60.0/limits");
            Assert.Equal(HttpStatusCode.OK, limits.StatusCode);
            var stripe = new HttpRequestMessage(HttpMethod.Get, $"{Printed(banner, "API base URL")}/v1/customers");
            stripe.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Printed(banner, "Secret key"));
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(stripe)).StatusCode);
            return loginUrl;
        });

        Assert.StartsWith("http://127.0.0.1:", loginUrl, StringComparison.Ordinal);
        Assert.Contains($"Instance URL:  {loginUrl}", banner, StringComparison.Ordinal);
        Assert.Matches(@"Client ID:\s+3MVG9\S+", banner);
        Assert.Matches(@"Client secret:\s+\S+", banner);
        Assert.Matches(@"Username:\s+\S+@\S+", banner);
        Assert.Matches(@"Password:\s+\S+", banner);
        Assert.Contains("Sandbox stopped.", banner, StringComparison.Ordinal);
        Assert.StartsWith("http://127.0.0.1:", Printed(banner, "API base URL"), StringComparison.Ordinal);
        Assert.StartsWith("sk_test_", Printed(banner, "Secret key"), StringComparison.Ordinal);
        using var http = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync($"{loginUrl}/services/data"));
    }

    [Fact]
    public async Task Sandbox_with_a_data_directory_keeps_the_org_across_restarts()
    {
        var data = Directory.CreateTempSubdirectory("cpqsync-sandbox-data-");
        try
        {
            string[] args = ["sandbox", "--salesforce-port", "0", "--stripe-port", "0", "--data", data.FullName];
            var (id, _) = await WithRunningSandboxAsync(args, async (http, loginUrl, _) =>
            {
                var created = await http.PostAsJsonAsync(
                    $"{loginUrl}/services/data/v60.0/sobjects/Account", new { Name = "Survives restarts" });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                return (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
            });

            var (name, _) = await WithRunningSandboxAsync(args, async (http, loginUrl, _) =>
            {
                var record = await http.GetFromJsonAsync<JsonObject>($"{loginUrl}/services/data/v60.0/sobjects/Account/{id}");
                return (string?)record!["Name"];
            });

            Assert.Equal("Survives restarts", name);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Sandbox_with_a_schema_directory_adds_the_customer_fields()
    {
        var schema = Directory.CreateTempSubdirectory("cpqsync-sandbox-schema-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(schema.FullName, "Account.json"), """
                { "name": "Account", "fields": [ { "name": "Region__c", "type": "string", "label": "Region", "length": 40 } ] }
                """);
            string[] args = ["sandbox", "--salesforce-port", "0", "--stripe-port", "0", "--schema", schema.FullName];

            var (region, _) = await WithRunningSandboxAsync(args, async (http, loginUrl, _) =>
            {
                var created = await http.PostAsJsonAsync(
                    $"{loginUrl}/services/data/v60.0/sobjects/Account", new { Name = "Customised", Region__c = "EMEA" });
                var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
                var record = await http.GetFromJsonAsync<JsonObject>($"{loginUrl}/services/data/v60.0/sobjects/Account/{id}");
                return (string?)record!["Region__c"];
            });

            Assert.Equal("EMEA", region);
        }
        finally
        {
            schema.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_port_in_use_is_reported_in_a_sentence()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var output = new StringWriter();
        var error = new StringWriter();
        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };

        var exitCode = await CpqSyncCommandLine.Create(TimeProvider.System)
            .Parse(["sandbox", "--salesforce-port", port.ToString(CultureInfo.InvariantCulture), "--stripe-port", "0"])
            .InvokeAsync(configuration);

        Assert.Equal(1, exitCode);
        Assert.Contains($"port {port}: it is in use. Choose another with --salesforce-port.", error.ToString(), StringComparison.Ordinal);
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

    /// <summary>
    /// Runs `cpqsync sandbox`, logs in with the credentials it prints, runs <paramref name="work"/>, then stops it;
    /// returns the work's result and everything the command printed.
    /// </summary>
    private static async Task<(T Result, string Output)> WithRunningSandboxAsync<T>(
        string[] args, Func<HttpClient, string, string, Task<T>> work)
    {
        var output = new WatchedWriter("Press Ctrl+C to stop.");
        using var stop = new CancellationTokenSource();
        var run = Invoke(args, output, stop.Token);
        await Task.WhenAny(output.Seen, run);
        Assert.True(output.Seen.IsCompleted, output.ToString());
        var banner = output.ToString();
        string Value(string label) => Printed(banner, label);
        var loginUrl = Value("Login URL");
        using var http = new HttpClient();
        var login = await http.PostAsync($"{loginUrl}/services/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = Value("Client ID"),
            ["client_secret"] = Value("Client secret"),
            ["username"] = Value("Username"),
            ["password"] = Value("Password"),
        }));
        var token = (await login.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(loginUrl, (string?)token["instance_url"]);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)token["access_token"]!);
        T result;
        try
        {
            result = await work(http, loginUrl, banner);
        }
        finally
        {
            await stop.CancelAsync();
        }

        Assert.Equal(0, await run);
        return (result, output.ToString());
    }

    /// <summary>The value printed after <c>label:</c> in the command's output.</summary>
    private static string Printed(string output, string label) => Regex.Match(output, $@"{label}:\s+(\S+)").Groups[1].Value;

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

using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace CpqSync.Sandbox.Tests.Stripe;

/// <summary>Stripe's wire protocol: auth, headers, form encoding, errors, lists, expand, idempotency, rate limits.</summary>
public sealed class ProtocolTests
{
    [Fact]
    public async Task A_bad_key_gets_401_authentication_error_with_the_key_redacted()
    {
        await using var api = await StripeApi.StartAsync();
        api.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sk_test_wrongwrongwrong1234");

        var response = await api.GetAsync("/v1/customers");

        Assert.Equal(401, response.Status);
        Assert.Equal("authentication_error", response.Error["type"]!.GetValue<string>());
        Assert.Equal("Invalid API Key provided: sk_test_***************1234", response.Error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invalid_options_are_refused_at_start_up()
    {
        var options = new CpqSync.Sandbox.Stripe.StripeSandboxOptions { SecretKey = "pk_live_nope" };

        await Assert.ThrowsAsync<System.ComponentModel.DataAnnotations.ValidationException>(() =>
            CpqSync.Sandbox.Stripe.StripeSandboxServer.StartAsync(options, TimeProvider.System, CancellationToken.None));
    }

    [Fact]
    public async Task A_missing_key_gets_401_telling_how_to_authenticate()
    {
        await using var api = await StripeApi.StartAsync();
        api.Http.DefaultRequestHeaders.Authorization = null;

        var response = await api.GetAsync("/v1/customers");

        Assert.Equal(401, response.Status);
        Assert.StartsWith("You did not provide an API key.", response.Error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Basic_auth_with_the_key_as_user_name_is_accepted()
    {
        await using var api = await StripeApi.StartAsync();
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(api.Server.SecretKey + ":"));
        api.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", basic);

        var response = await api.GetAsync("/v1/customers");

        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task Every_response_has_a_request_id_and_echoes_the_stripe_version()
    {
        await using var api = await StripeApi.StartAsync();
        api.Http.DefaultRequestHeaders.Add("Stripe-Version", "2026-10-28.endive");

        var ok = await api.GetAsync("/v1/customers");
        var notFound = await api.GetAsync("/v1/customers/cus_missing");

        Assert.StartsWith("req_", ok.Header("Request-Id"));
        Assert.StartsWith("req_", notFound.Header("Request-Id"));
        Assert.NotEqual(ok.Header("Request-Id"), notFound.Header("Request-Id"));
        Assert.Equal("2026-10-28.endive", ok.Header("Stripe-Version"));
    }

    [Fact]
    public async Task An_unknown_url_is_404_unrecognized_request_url()
    {
        await using var api = await StripeApi.StartAsync();

        var response = await api.GetAsync("/v1/widgets");

        Assert.Equal(404, response.Status);
        Assert.StartsWith("Unrecognized request URL (GET: /v1/widgets).", response.Error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_missing_object_is_resource_missing_naming_it()
    {
        await using var api = await StripeApi.StartAsync();

        var response = await api.GetAsync("/v1/customers/cus_x");

        var error = response.AssertError(404, "resource_missing", "id");
        Assert.Equal("No such customer: 'cus_x'", error["message"]!.GetValue<string>());
        Assert.Equal("https://stripe.com/docs/error-codes/resource-missing", error["doc_url"]!.GetValue<string>());
        Assert.Equal("invalid_request_error", error["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_parameters_are_rejected_with_their_full_nested_name()
    {
        await using var api = await StripeApi.StartAsync();
        var product = await api.CreateAsync("/v1/products", "name=Widget");

        var top = await api.PostAsync("/v1/customers", "nmae=Ada");
        var nested = await api.PostAsync("/v1/prices",
            $"currency=usd&unit_amount=100&product={product["id"]}&recurring[interval]=month&recurring[aggregate_usage]=sum");

        Assert.Equal("Received unknown parameter: nmae", top.AssertError(400, "parameter_unknown", "nmae")["message"]!.GetValue<string>());
        nested.AssertError(400, "parameter_unknown", "recurring[aggregate_usage]");
    }

    [Fact]
    public async Task Missing_invalid_integer_and_empty_parameters_get_stripes_codes_and_messages()
    {
        await using var api = await StripeApi.StartAsync();
        var product = await api.CreateAsync("/v1/products", "name=Widget");

        var missing = await api.PostAsync("/v1/prices", $"unit_amount=100&product={product["id"]}");
        var integer = await api.PostAsync("/v1/prices", $"currency=usd&unit_amount=12.5&product={product["id"]}");
        var empty = await api.PostAsync("/v1/products", "name=");

        Assert.Equal("Missing required param: currency.",
            missing.AssertError(400, "parameter_missing", "currency")["message"]!.GetValue<string>());
        Assert.Equal("Invalid integer: 12.5",
            integer.AssertError(400, "parameter_invalid_integer", "unit_amount")["message"]!.GetValue<string>());
        empty.AssertError(400, "parameter_invalid_empty", "name");
    }

    [Fact]
    public async Task Nested_brackets_and_arrays_are_parsed_like_stripes_form_encoding()
    {
        await using var api = await StripeApi.StartAsync();

        var customer = await api.CreateAsync("/v1/customers",
            "name=Ada%20Lovelace&address[line1]=1%20Main%20St&address[city]=London&preferred_locales[0]=en&preferred_locales[1]=fr" +
            "&metadata[sf_account]=001xx&metadata[tier]=gold");

        Assert.Equal("Ada Lovelace", customer["name"]!.GetValue<string>());
        Assert.Equal("London", customer["address"]!["city"]!.GetValue<string>());
        Assert.Equal(["en", "fr"], customer["preferred_locales"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Equal("gold", customer["metadata"]!["tier"]!.GetValue<string>());
    }

    [Fact]
    public async Task Query_strings_filter_and_page_lists()
    {
        await using var api = await StripeApi.StartAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await api.CreateAsync("/v1/customers", $"email=c{i}@example.com"))["id"]!.GetValue<string>());
        }

        var first = (await api.GetAsync("/v1/customers?limit=2")).Json;
        var second = (await api.GetAsync($"/v1/customers?limit=2&starting_after={ids[3]}")).Json;
        var beforeResponse = await api.GetAsync($"/v1/customers?limit=2&ending_before={ids[1]}");
        Assert.True(beforeResponse.Status == 200, beforeResponse.Body);
        var before = beforeResponse.Json;
        var filtered = (await api.GetAsync("/v1/customers?email=c2@example.com")).Json;

        Assert.Equal("list", first["object"]!.GetValue<string>());
        Assert.Equal("/v1/customers", first["url"]!.GetValue<string>());
        Assert.True(first["has_more"]!.GetValue<bool>());
        Assert.Equal([ids[4], ids[3]], Ids(first));
        Assert.Equal([ids[2], ids[1]], Ids(second));
        Assert.True(second["has_more"]!.GetValue<bool>());
        Assert.Equal([ids[3], ids[2]], Ids(before));
        Assert.True(before["has_more"]!.GetValue<bool>());
        Assert.Equal([ids[2]], Ids(filtered));
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=101")]
    public async Task A_limit_outside_1_to_100_is_rejected(string query)
    {
        await using var api = await StripeApi.StartAsync();

        var response = await api.GetAsync("/v1/customers?" + query);

        Assert.Equal(400, response.Status);
        Assert.Equal("limit", response.Error["param"]!.GetValue<string>());
    }

    [Fact]
    public async Task Expand_replaces_ids_with_objects_also_nested_and_in_lists()
    {
        await using var api = await StripeApi.StartAsync();
        var product = await api.CreateAsync("/v1/products",
            "name=Widget&default_price_data[currency]=usd&default_price_data[unit_amount]=500");

        var expanded = (await api.GetAsync($"/v1/products/{product["id"]}?expand[]=default_price")).Json;
        var nested = (await api.GetAsync($"/v1/prices/{product["default_price"]}?expand[0]=product.default_price")).Json;
        var inList = (await api.GetAsync("/v1/prices?expand[]=data.product")).Json;
        var notExpandable = await api.GetAsync($"/v1/products/{product["id"]}?expand[]=name");

        Assert.Equal(500, expanded["default_price"]!["unit_amount"]!.GetValue<long>());
        Assert.Equal("price", nested["product"]!["default_price"]!["object"]!.GetValue<string>());
        Assert.Equal("Widget", inList["data"]![0]!["product"]!["name"]!.GetValue<string>());
        Assert.Equal(400, notExpandable.Status);
        Assert.Equal("This property cannot be expanded (name).", notExpandable.Error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Expanding_more_than_four_levels_is_refused()
    {
        await using var api = await StripeApi.StartAsync();

        var response = await api.GetAsync("/v1/customers?expand[]=data.a.b.c.d");

        Assert.Equal(400, response.Status);
        Assert.StartsWith("You cannot expand more than 4 levels", response.Error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_parameters_deep_in_arrays_are_named_with_their_indexes()
    {
        await using var api = await StripeApi.StartAsync();
        var (customer, monthly, _) = await ScheduleTests.CatalogAsync(api);

        var response = await api.PostAsync("/v1/subscription_schedules",
            $"customer={customer}&phases[0][items][0][price]={monthly}&phases[0][items][0][colour]=red");

        response.AssertError(400, "parameter_unknown", "phases[0][items][0][colour]");
    }

    [Fact]
    public async Task Metadata_empty_value_unsets_a_key_and_empty_metadata_unsets_all()
    {
        await using var api = await StripeApi.StartAsync();
        var customer = await api.CreateAsync("/v1/customers", "metadata[a]=1&metadata[b]=2&metadata[c]=3");

        var oneUnset = await api.CreateAsync($"/v1/customers/{customer["id"]}", "metadata[a]=&metadata[d]=4");
        var allUnset = await api.CreateAsync($"/v1/customers/{customer["id"]}", "metadata=");

        Assert.Equal(["b", "c", "d"], oneUnset["metadata"]!.AsObject().Select(p => p.Key).Order());
        Assert.Empty(allUnset["metadata"]!.AsObject());
    }

    [Fact]
    public async Task Metadata_limits_are_50_keys_40_character_keys_and_500_character_values()
    {
        await using var api = await StripeApi.StartAsync();
        var fiftyOne = string.Join('&', Enumerable.Range(0, 51).Select(i => $"metadata[k{i}]=v"));

        var tooMany = await api.PostAsync("/v1/customers", fiftyOne);
        var longKey = await api.PostAsync("/v1/customers", $"metadata[{new string('k', 41)}]=v");
        var longValue = await api.PostAsync("/v1/customers", $"metadata[k]={new string('v', 501)}");
        var atLimits = await api.PostAsync("/v1/customers",
            string.Join('&', Enumerable.Range(0, 50).Select(i => $"metadata[{i}{new string('k', 38)}]={new string('v', 500)}")));

        Assert.Equal(400, tooMany.Status);
        Assert.Equal(400, longKey.Status);
        Assert.Equal(400, longValue.Status);
        Assert.Equal(200, atLimits.Status);
    }

    [Fact]
    public async Task A_request_that_fails_changes_nothing()
    {
        await using var api = await StripeApi.StartAsync();
        var customer = await api.CreateAsync("/v1/customers", "name=Before&metadata[k]=v");

        var failed = await api.PostAsync($"/v1/customers/{customer["id"]}", $"name=After&metadata[k]={new string('v', 501)}");
        var after = (await api.GetAsync($"/v1/customers/{customer["id"]}")).Json;

        Assert.Equal(400, failed.Status);
        Assert.Equal("Before", after["name"]!.GetValue<string>());
        Assert.Equal("v", after["metadata"]!["k"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_same_idempotency_key_and_parameters_replay_the_first_response()
    {
        await using var api = await StripeApi.StartAsync();

        var first = await api.PostAsync("/v1/customers", "email=a@example.com", idempotencyKey: "key-1");
        var replay = await api.PostAsync("/v1/customers", "email=a@example.com", idempotencyKey: "key-1");
        var list = (await api.GetAsync("/v1/customers")).Json;

        Assert.Equal(first.Body, replay.Body);
        Assert.Equal(first.Header("Request-Id"), replay.Header("Original-Request"));
        Assert.Null(first.Header("Idempotent-Replayed"));
        Assert.Equal("true", replay.Header("Idempotent-Replayed"));
        Assert.Single(list["data"]!.AsArray());
    }

    [Fact]
    public async Task The_same_idempotency_key_with_other_parameters_is_an_idempotency_error()
    {
        await using var api = await StripeApi.StartAsync();
        await api.PostAsync("/v1/customers", "email=a@example.com", idempotencyKey: "key-1");

        var response = await api.PostAsync("/v1/customers", "email=b@example.com", idempotencyKey: "key-1");

        Assert.Equal(400, response.Status);
        Assert.Equal("idempotency_error", response.Error["type"]!.GetValue<string>());
        Assert.StartsWith("Keys for idempotent requests can only be used with the same parameters",
            response.Error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Idempotency_keys_expire_after_24_hours_of_emulated_time()
    {
        await using var api = await StripeApi.StartAsync();
        var first = await api.PostAsync("/v1/customers", "email=a@example.com", idempotencyKey: "key-1");

        api.Time.Advance(TimeSpan.FromHours(24));
        var after = await api.PostAsync("/v1/customers", "email=b@example.com", idempotencyKey: "key-1");

        Assert.Equal(200, after.Status);
        Assert.NotEqual(first.Json["id"]!.GetValue<string>(), after.Json["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_request_failing_validation_saves_no_idempotent_result()
    {
        await using var api = await StripeApi.StartAsync();

        var failed = await api.PostAsync("/v1/products", "name=", idempotencyKey: "key-1");
        var fixedRetry = await api.PostAsync("/v1/products", "name=Widget", idempotencyKey: "key-1");

        Assert.Equal(400, failed.Status);
        Assert.Equal(200, fixedRetry.Status);
    }

    [Fact]
    public async Task Idempotency_keys_are_at_most_255_characters()
    {
        await using var api = await StripeApi.StartAsync();

        var tooLong = await api.PostAsync("/v1/customers", "email=a@example.com", idempotencyKey: new string('k', 256));
        var longest = await api.PostAsync("/v1/customers", "email=a@example.com", idempotencyKey: new string('k', 255));

        Assert.Equal(400, tooLong.Status);
        Assert.Equal(200, longest.Status);
    }

    [Fact]
    public async Task A_concurrent_request_with_a_key_in_use_gets_409_idempotency_key_in_use()
    {
        await using var api = await StripeApi.StartAsync();
        api.Server.Faults.Update(f => f.Latency = TimeSpan.FromSeconds(1));

        var first = api.PostAsync("/v1/customers", "email=a@example.com", idempotencyKey: "key-1");
        Assert.True(await api.Time.WaitForTimerAsync(), "the first request never reached its latency");
        api.Server.Faults.Update(f => f.Latency = TimeSpan.Zero);
        var second = await api.PostAsync("/v1/customers", "email=a@example.com", idempotencyKey: "key-1");
        api.Time.Advance(TimeSpan.FromSeconds(1));

        second.AssertError(409, "idempotency_key_in_use");
        Assert.Equal(200, (await first).Status);
    }

    [Fact]
    public async Task A_client_that_gives_up_during_latency_leaves_its_idempotency_key_free_for_the_retry()
    {
        await using var api = await StripeApi.StartAsync();
        api.Server.Faults.Update(f => f.Latency = TimeSpan.FromSeconds(30));
        using var impatient = new HttpClient { BaseAddress = api.Server.BaseUrl };
        impatient.DefaultRequestHeaders.Authorization = new("Bearer", api.Server.SecretKey);
        using var giveUp = new CancellationTokenSource();
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/customers")
        {
            Content = new StringContent("email=a@example.com", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("Idempotency-Key", "key-1");

        var abandoned = impatient.SendAsync(request, giveUp.Token);
        Assert.True(await api.Time.WaitForTimerAsync(), "the request never reached its latency");
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        api.Server.Faults.Update(f => f.Latency = TimeSpan.Zero);

        // The server notices the disconnect on its own schedule: retry as a client would, a bounded number of times.
        var retried = await api.PostAsync("/v1/customers", "email=a@example.com", idempotencyKey: "key-1");
        for (var attempt = 0; attempt < 100 && retried.Status == 409; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20));
            retried = await api.PostAsync("/v1/customers", "email=a@example.com", idempotencyKey: "key-1");
        }

        Assert.Equal(200, retried.Status);
        Assert.Null(retried.Header("Idempotent-Replayed"));
        Assert.Single((await api.GetAsync("/v1/customers")).Json["data"]!.AsArray());
    }

    [Fact]
    public async Task The_rate_limit_is_a_token_bucket_per_key_answering_429_rate_limit()
    {
        await using var api = await StripeApi.StartAsync(o => o.RequestsPerSecond = 3);

        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await api.GetAsync("/v1/customers")).Status);
        }

        var limited = await api.GetAsync("/v1/customers");
        api.Time.Advance(TimeSpan.FromSeconds(1));
        var refilled = await api.GetAsync("/v1/customers");

        Assert.Equal([200, 200, 200, 429], statuses);
        limited.AssertError(429, "rate_limit");
        Assert.Equal(200, refilled.Status);
        // Counted as the account's rate limit counts them (refusals included), and the refusals apart.
        Assert.Equal(6, api.Server.ApiRequests);
        Assert.Equal(2, api.Server.RateLimitedRequests);
    }

    [Fact]
    public async Task Injected_500s_carry_stripe_should_retry_and_do_not_run_the_request()
    {
        await using var api = await StripeApi.StartAsync(o => o.Faults.FailNextRequests = 1);

        var failed = await api.PostAsync("/v1/customers", "email=a@example.com", idempotencyKey: "key-1");
        var retried = await api.PostAsync("/v1/customers", "email=a@example.com", idempotencyKey: "key-1");
        var list = (await api.GetAsync("/v1/customers")).Json;

        Assert.Equal(500, failed.Status);
        Assert.Equal("api_error", failed.Error["type"]!.GetValue<string>());
        Assert.Equal("true", failed.Header("Stripe-Should-Retry"));
        Assert.Equal(200, retried.Status);
        Assert.Null(retried.Header("Idempotent-Replayed"));
        Assert.Single(list["data"]!.AsArray());
    }

    [Fact]
    public async Task A_dropped_connection_loses_the_answer_but_the_retry_replays_the_saved_result()
    {
        await using var api = await StripeApi.StartAsync();
        api.Server.Faults.Update(f => f.DropNextRequests = 1);

        await Assert.ThrowsAsync<HttpRequestException>(() =>
            api.PostAsync("/v1/customers", "email=a@example.com", idempotencyKey: "key-1"));
        var retried = await api.PostAsync("/v1/customers", "email=a@example.com", idempotencyKey: "key-1");
        var list = (await api.GetAsync("/v1/customers")).Json;

        Assert.Equal("true", retried.Header("Idempotent-Replayed"));
        Assert.Single(list["data"]!.AsArray());
    }

    [Fact]
    public async Task Faults_are_changed_over_http_at_sandbox_faults()
    {
        await using var api = await StripeApi.StartAsync();

        using var set = await api.Http.PostAsync("_sandbox/faults",
            new StringContent("rate_limit_next_requests=1&server_error_rate=0", Encoding.UTF8, "application/x-www-form-urlencoded"));
        var shown = await api.Http.GetStringAsync("_sandbox/faults");
        var limited = await api.GetAsync("/v1/customers");
        var next = await api.GetAsync("/v1/customers");
        using var cleared = await api.Http.DeleteAsync("_sandbox/faults");

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Contains("\"rate_limit_next_requests\": 1", shown, StringComparison.Ordinal);
        Assert.Equal(429, limited.Status);
        Assert.Equal(200, next.Status);
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
    }

    [Fact]
    public async Task A_known_path_with_another_method_is_an_unrecognized_url()
    {
        await using var api = await StripeApi.StartAsync();

        var response = await api.DeleteAsync("/v1/prices/price_x");

        Assert.Equal(404, response.Status);
        Assert.StartsWith("Unrecognized request URL (DELETE: /v1/prices/price_x).", response.Error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_malformed_stripe_version_is_rejected()
    {
        await using var api = await StripeApi.StartAsync();
        api.Http.DefaultRequestHeaders.Add("Stripe-Version", "yesterday");

        var response = await api.GetAsync("/v1/customers");

        Assert.Equal(400, response.Status);
        Assert.Equal("Invalid Stripe API version: yesterday", response.Error["message"]!.GetValue<string>());
    }

    private static List<string> Ids(System.Text.Json.Nodes.JsonObject list) =>
        [.. list["data"]!.AsArray().Select(item => item!["id"]!.GetValue<string>())];
}

namespace CpqSync.Sandbox.Tests.Stripe;

/// <summary>Customers, products, prices and coupons: shapes, id prefixes and the validation rules of the API reference.</summary>
public sealed class CatalogTests
{
    [Fact]
    public async Task A_customer_has_stripes_shape_and_can_be_updated_deleted_and_still_retrieved_as_deleted()
    {
        await using var api = await StripeApi.StartAsync();

        var customer = await api.CreateAsync("/v1/customers", "email=ada@example.com&name=Ada");
        var id = customer["id"]!.GetValue<string>();
        var updated = await api.CreateAsync($"/v1/customers/{id}", "description=VIP&name=");
        var deleted = (await api.DeleteAsync($"/v1/customers/{id}")).Json;
        var afterDelete = (await api.GetAsync($"/v1/customers/{id}")).Json;
        var update = await api.PostAsync($"/v1/customers/{id}", "name=Back");

        Assert.StartsWith("cus_", id);
        Assert.Equal("customer", customer["object"]!.GetValue<string>());
        Assert.Equal(StripeApi.Start.ToUnixTimeSeconds(), customer["created"]!.GetValue<long>());
        foreach (var field in new[] { "balance", "currency", "default_source", "delinquent", "discount", "invoice_settings", "livemode",
                     "metadata", "preferred_locales", "tax_exempt", "test_clock" })
        {
            Assert.True(customer.ContainsKey(field), field);
        }

        Assert.Equal("VIP", updated["description"]!.GetValue<string>());
        Assert.Null(updated["name"]);
        Assert.True(deleted["deleted"]!.GetValue<bool>());
        Assert.True(afterDelete["deleted"]!.GetValue<bool>());
        update.AssertError(404, "resource_missing");
    }

    [Fact]
    public async Task Customers_are_searched_by_metadata()
    {
        await using var api = await StripeApi.StartAsync();
        var wanted = await api.CreateAsync("/v1/customers", "metadata[sf_account_id]=001A&email=a@example.com");
        await api.CreateAsync("/v1/customers", "metadata[sf_account_id]=001B");

        var result = (await api.GetAsync("/v1/customers/search?query=" + Uri.EscapeDataString("metadata['sf_account_id']:'001A'"))).Json;
        var both = (await api.GetAsync("/v1/customers/search?query=" +
            Uri.EscapeDataString("metadata['sf_account_id']:'001A' OR metadata['sf_account_id']:'001B'"))).Json;
        var bad = await api.GetAsync("/v1/customers/search?query=" + Uri.EscapeDataString("nonsense"));

        Assert.Equal("search_result", result["object"]!.GetValue<string>());
        Assert.Equal(wanted["id"]!.GetValue<string>(), Assert.Single(result["data"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal(2, both["data"]!.AsArray().Count);
        Assert.Equal(400, bad.Status);
    }

    [Fact]
    public async Task Products_and_prices_are_searched_by_their_fields_and_metadata()
    {
        await using var api = await StripeApi.StartAsync();
        var seat = await api.CreateAsync("/v1/products", "name=Seat%20licence&metadata[sf_product_id]=01tA");
        await api.CreateAsync("/v1/products", "name=Support&active=false");
        var price = await api.CreateAsync("/v1/prices", $"product={seat["id"]}&currency=usd&unit_amount=100&lookup_key=seat_usd");

        var byName = (await api.GetAsync("/v1/products/search?query=" + Uri.EscapeDataString("name~'seat'"))).Json;
        var byMetadata = (await api.GetAsync("/v1/products/search?query=" +
            Uri.EscapeDataString("metadata['sf_product_id']:'01tA' AND active:'true'"))).Json;
        var byLookupKey = (await api.GetAsync("/v1/prices/search?query=" + Uri.EscapeDataString("lookup_key:'seat_usd'"))).Json;
        var unsupported = await api.GetAsync("/v1/products/search?query=" + Uri.EscapeDataString("colour:'red'"));

        Assert.Equal(seat["id"]!.GetValue<string>(), Assert.Single(byName["data"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Single(byMetadata["data"]!.AsArray());
        Assert.Equal(price["id"]!.GetValue<string>(), Assert.Single(byLookupKey["data"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal(400, unsupported.Status);
    }

    [Fact]
    public async Task A_product_with_default_price_data_gets_its_default_price_and_cannot_be_deleted_while_it_has_prices()
    {
        await using var api = await StripeApi.StartAsync();

        var product = await api.CreateAsync("/v1/products",
            "name=Seat&default_price_data[currency]=usd&default_price_data[unit_amount]=1200" +
            "&default_price_data[recurring][interval]=month");
        var id = product["id"]!.GetValue<string>();
        var delete = await api.DeleteAsync($"/v1/products/{id}");
        var archived = await api.CreateAsync($"/v1/products/{id}", "active=false");
        var activeOnly = (await api.GetAsync("/v1/products?active=true")).Json;

        Assert.StartsWith("prod_", id);
        Assert.StartsWith("price_", product["default_price"]!.GetValue<string>());
        Assert.Equal(400, delete.Status);
        Assert.False(archived["active"]!.GetValue<bool>());
        Assert.Empty(activeOnly["data"]!.AsArray());
    }

    [Fact]
    public async Task A_recurring_per_unit_price_has_stripes_shape()
    {
        await using var api = await StripeApi.StartAsync();
        var product = await api.CreateAsync("/v1/products", "name=Seat");

        var price = await api.CreateAsync("/v1/prices",
            $"product={product["id"]}&currency=USD&unit_amount=2000&recurring[interval]=month&recurring[interval_count]=3" +
            "&tax_behavior=exclusive&transform_quantity[divide_by]=10&transform_quantity[round]=up&nickname=Quarterly");

        Assert.Equal("usd", price["currency"]!.GetValue<string>());
        Assert.Equal("recurring", price["type"]!.GetValue<string>());
        Assert.Equal("per_unit", price["billing_scheme"]!.GetValue<string>());
        Assert.Equal("2000", price["unit_amount_decimal"]!.GetValue<string>());
        Assert.Equal(3, price["recurring"]!["interval_count"]!.GetValue<long>());
        Assert.Equal("licensed", price["recurring"]!["usage_type"]!.GetValue<string>());
        Assert.Equal(10, price["transform_quantity"]!["divide_by"]!.GetValue<long>());
        Assert.False(price.ContainsKey("tiers"));
    }

    [Fact]
    public async Task A_tiered_price_takes_graduated_tiers_ending_with_inf_shown_only_when_expanded()
    {
        await using var api = await StripeApi.StartAsync();
        var product = await api.CreateAsync("/v1/products", "name=Seat");

        var price = await api.CreateAsync("/v1/prices",
            $"product={product["id"]}&currency=usd&billing_scheme=tiered&tiers_mode=graduated&recurring[interval]=month" +
            "&tiers[0][up_to]=10&tiers[0][unit_amount]=1000&tiers[1][up_to]=inf" +
            "&tiers[1][unit_amount_decimal]=750.5&tiers[1][flat_amount]=100");
        var expanded = (await api.GetAsync($"/v1/prices/{price["id"]}?expand[]=tiers")).Json;

        Assert.Null(price["unit_amount"]);
        Assert.Equal("graduated", price["tiers_mode"]!.GetValue<string>());
        var tiers = expanded["tiers"]!.AsArray();
        Assert.Equal(10, tiers[0]!["up_to"]!.GetValue<long>());
        Assert.Null(tiers[1]!["up_to"]);
        Assert.Equal("750.5", tiers[1]!["unit_amount_decimal"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("tiers[0][up_to]=inf&tiers[0][unit_amount]=1&tiers[1][up_to]=inf&tiers[1][unit_amount]=1", "tiers[0][up_to]")]
    [InlineData("tiers[0][up_to]=10&tiers[0][unit_amount]=1&tiers[1][up_to]=5&tiers[1][unit_amount]=1", "tiers[1][up_to]")]
    [InlineData("tiers[0][up_to]=10&tiers[0][unit_amount]=1", "tiers[0][up_to]")]
    [InlineData("tiers[0][up_to]=10&tiers[1][up_to]=inf&tiers[1][unit_amount]=1", "tiers[0]")]
    [InlineData("tiers[0][unit_amount]=1", "tiers[0][up_to]")]
    public async Task Tiers_must_ascend_end_with_inf_and_carry_an_amount(string tiers, string param)
    {
        await using var api = await StripeApi.StartAsync();
        var product = await api.CreateAsync("/v1/products", "name=Seat");

        var response = await api.PostAsync("/v1/prices",
            $"product={product["id"]}&currency=usd&billing_scheme=tiered&tiers_mode=volume&recurring[interval]=month&{tiers}");

        Assert.Equal(400, response.Status);
        Assert.Equal(param, response.Error["param"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tiers_without_a_catch_all_tier_are_refused_with_stripes_message_on_the_first_tier()
    {
        await using var api = await StripeApi.StartAsync();
        var product = await api.CreateAsync("/v1/products", "name=Seat");

        var response = await api.PostAsync("/v1/prices",
            $"product={product["id"]}&currency=usd&billing_scheme=tiered&tiers_mode=graduated&recurring[interval]=month" +
            "&tiers[0][up_to]=10&tiers[0][unit_amount]=1000&tiers[1][up_to]=20&tiers[1][unit_amount]=900");

        var error = response.AssertError(400, null, "tiers[0][up_to]");
        Assert.Equal("The tiers array must include a catch all tier with up_to set to `inf` as last item.", error["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("unit_amount=100&unit_amount_decimal=100", "unit_amount")]
    [InlineData("unit_amount=100&recurring[interval]=fortnight", "recurring[interval]")]
    [InlineData("unit_amount=100&recurring[interval]=month&recurring[interval_count]=37", "recurring[interval_count]")]
    [InlineData("unit_amount=100&recurring[interval]=month&recurring[usage_type]=metered", "recurring[meter]")]
    [InlineData("unit_amount=100&tiers_mode=volume", "tiers_mode")]
    [InlineData("unit_amount=-1", "unit_amount")]
    [InlineData("unit_amount=100&tax_behavior=sometimes", "tax_behavior")]
    [InlineData("unit_amount=100&currency_options[usd][unit_amount]=5", "currency_options[usd]")]
    public async Task Invalid_price_parameters_are_rejected_naming_the_parameter(string parameters, string param)
    {
        await using var api = await StripeApi.StartAsync();
        var product = await api.CreateAsync("/v1/products", "name=Seat");

        var response = await api.PostAsync("/v1/prices", $"product={product["id"]}&currency=usd&{parameters}");

        Assert.Equal(400, response.Status);
        Assert.Equal(param, response.Error["param"]!.GetValue<string>());
    }

    [Fact]
    public async Task Price_amounts_are_immutable_update_takes_only_what_stripe_allows()
    {
        await using var api = await StripeApi.StartAsync();
        var price = await api.CreateAsync("/v1/prices", "product_data[name]=Seat&currency=usd&unit_amount=100");

        var amount = await api.PostAsync($"/v1/prices/{price["id"]}", "unit_amount=200");
        var updated = await api.CreateAsync($"/v1/prices/{price["id"]}", "active=false&nickname=Old&metadata[k]=v&tax_behavior=inclusive");
        var taxAgain = await api.PostAsync($"/v1/prices/{price["id"]}", "tax_behavior=exclusive");

        amount.AssertError(400, "parameter_unknown", "unit_amount");
        Assert.False(updated["active"]!.GetValue<bool>());
        Assert.Equal(100, updated["unit_amount"]!.GetValue<long>());
        Assert.Equal(400, taxAgain.Status);
    }

    [Fact]
    public async Task A_products_default_price_cannot_be_archived()
    {
        await using var api = await StripeApi.StartAsync();
        var product = await api.CreateAsync("/v1/products",
            "name=Seat&default_price_data[currency]=usd&default_price_data[unit_amount]=100");
        var other = await api.CreateAsync("/v1/prices", $"product={product["id"]}&currency=usd&unit_amount=120");

        var archive = await api.PostAsync($"/v1/prices/{product["default_price"]}", "active=false");
        await api.CreateAsync($"/v1/products/{product["id"]}", $"default_price={other["id"]}");
        var afterSwitch = await api.PostAsync($"/v1/prices/{product["default_price"]}", "active=false");

        Assert.Equal("active", archive.Error["param"]!.GetValue<string>());
        Assert.Equal(200, afterSwitch.Status);
    }

    [Fact]
    public async Task Lookup_keys_are_unique_until_transferred()
    {
        await using var api = await StripeApi.StartAsync();
        var first = await api.CreateAsync("/v1/prices", "product_data[name]=Seat&currency=usd&unit_amount=100&lookup_key=seat");

        var clash = await api.PostAsync("/v1/prices", "product_data[name]=Seat&currency=usd&unit_amount=150&lookup_key=seat");
        var second = await api.CreateAsync("/v1/prices",
            "product_data[name]=Seat&currency=usd&unit_amount=150&lookup_key=seat&transfer_lookup_key=true");
        var byKey = (await api.GetAsync("/v1/prices?lookup_keys[]=seat")).Json;
        var oldOne = (await api.GetAsync($"/v1/prices/{first["id"]}")).Json;

        Assert.Equal(400, clash.Status);
        Assert.Equal(second["id"]!.GetValue<string>(), Assert.Single(byKey["data"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Null(oldOne["lookup_key"]);
    }

    [Fact]
    public async Task Currency_options_add_amounts_in_other_currencies_shown_when_expanded()
    {
        await using var api = await StripeApi.StartAsync();

        var price = await api.CreateAsync("/v1/prices",
            "product_data[name]=Seat&currency=usd&unit_amount=1000" +
            "&currency_options[eur][unit_amount]=900&currency_options[jpy][unit_amount]=1500");
        var expanded = (await api.GetAsync($"/v1/prices/{price["id"]}?expand[]=currency_options")).Json;

        Assert.Equal(900, expanded["currency_options"]!["eur"]!["unit_amount"]!.GetValue<long>());
        Assert.Equal(1500, expanded["currency_options"]!["jpy"]!["unit_amount"]!.GetValue<long>());
    }

    [Fact]
    public async Task Zero_decimal_currencies_take_whole_units_so_jpy_1000_is_1000_yen()
    {
        await using var api = await StripeApi.StartAsync();

        var price = await api.CreateAsync("/v1/prices", "product_data[name]=Seat&currency=jpy&unit_amount=1000");
        var fraction = await api.PostAsync("/v1/prices", "product_data[name]=Seat&currency=jpy&unit_amount=999.5");

        Assert.Equal(1000, price["unit_amount"]!.GetValue<long>());
        fraction.AssertError(400, "parameter_invalid_integer", "unit_amount");
    }

    [Fact]
    public async Task Prices_are_listed_with_filters()
    {
        await using var api = await StripeApi.StartAsync();
        var product = await api.CreateAsync("/v1/products", "name=Seat");
        await api.CreateAsync("/v1/prices", $"product={product["id"]}&currency=usd&unit_amount=100&recurring[interval]=month");
        await api.CreateAsync("/v1/prices", $"product={product["id"]}&currency=eur&unit_amount=100&recurring[interval]=year");
        await api.CreateAsync("/v1/prices", $"product={product["id"]}&currency=usd&unit_amount=100");

        var yearly = (await api.GetAsync("/v1/prices?recurring[interval]=year")).Json;
        var oneTime = (await api.GetAsync("/v1/prices?type=one_time")).Json;
        var usd = (await api.GetAsync($"/v1/prices?currency=usd&product={product["id"]}")).Json;

        Assert.Single(yearly["data"]!.AsArray());
        Assert.Single(oneTime["data"]!.AsArray());
        Assert.Equal(2, usd["data"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_coupon_is_percent_off_or_amount_off_with_a_currency()
    {
        await using var api = await StripeApi.StartAsync();

        var percent = await api.CreateAsync("/v1/coupons", "percent_off=25.5&duration=repeating&duration_in_months=3&id=LAUNCH");
        var amount = await api.CreateAsync("/v1/coupons", "amount_off=500&currency=eur&duration=once&max_redemptions=10");
        var both = await api.PostAsync("/v1/coupons", "percent_off=10&amount_off=100&currency=usd");
        var noCurrency = await api.PostAsync("/v1/coupons", "amount_off=100");
        var noMonths = await api.PostAsync("/v1/coupons", "percent_off=10&duration=repeating");
        var tooMuch = await api.PostAsync("/v1/coupons", "percent_off=120");
        var pastRedeemBy = await api.PostAsync("/v1/coupons", $"percent_off=10&redeem_by={StripeApi.Start.ToUnixTimeSeconds() - 1}");

        Assert.Equal("LAUNCH", percent["id"]!.GetValue<string>());
        Assert.Equal(25.5, percent["percent_off"]!.GetValue<double>());
        Assert.Equal(3, percent["duration_in_months"]!.GetValue<long>());
        Assert.Equal("eur", amount["currency"]!.GetValue<string>());
        Assert.Equal(400, both.Status);
        noCurrency.AssertError(400, "parameter_missing", "currency");
        noMonths.AssertError(400, "parameter_missing", "duration_in_months");
        Assert.Equal(400, tooMuch.Status);
        Assert.Equal(400, pastRedeemBy.Status);
    }

    [Fact]
    public async Task A_coupon_can_only_change_its_name_and_metadata()
    {
        await using var api = await StripeApi.StartAsync();
        await api.CreateAsync("/v1/coupons", "percent_off=10&id=TEN");

        var renamed = await api.CreateAsync("/v1/coupons/TEN", "name=Ten%20percent&metadata[k]=v");
        var changed = await api.PostAsync("/v1/coupons/TEN", "percent_off=20");

        Assert.Equal("Ten percent", renamed["name"]!.GetValue<string>());
        changed.AssertError(400, "parameter_unknown", "percent_off");
    }

    [Theory]
    [InlineData("/v1/customers", "email=not-an-address", "email")]
    [InlineData("/v1/coupons", "percent_off=5&name=A%20name%20that%20is%20far%20longer%20than%20forty%20characters", "name")]
    [InlineData("/v1/products", "name=Seat&statement_descriptor=Way%20too%20long%20for%20a%20descriptor", "statement_descriptor")]
    [InlineData("/v1/products", "name=Seat&statement_descriptor=Bad*Star", "statement_descriptor")]
    public async Task Field_formats_are_checked_like_stripes(string path, string form, string param)
    {
        await using var api = await StripeApi.StartAsync();

        var response = await api.PostAsync(path, form);

        Assert.Equal(400, response.Status);
        Assert.Equal(param, response.Error["param"]!.GetValue<string>());
    }

    [Fact]
    public async Task Coupon_applies_to_must_name_existing_products()
    {
        await using var api = await StripeApi.StartAsync();

        var response = await api.PostAsync("/v1/coupons", "percent_off=10&applies_to[products][0]=prod_missing");

        response.AssertError(404, "resource_missing", "applies_to[products][0]");
    }
}

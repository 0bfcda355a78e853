using System.Net;
using CpqSync.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CpqSync.Web.Tests;

/// <summary>Who gets in and who may change what: anonymous visitors, forged posts, read-only users, headers and cookies.</summary>
public sealed class AccessTests(WebAppHost host, Browser browser) : IClassFixture<WebAppHost>, IClassFixture<Browser>, IAsyncLifetime
{
    public Task InitializeAsync() => host.EnsureAdminAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("/")]
    [InlineData("/orders")]
    [InlineData("/orders/801000000000001AAA")]
    [InlineData("/users")]
    [InlineData("/setup")]
    [InlineData("/no-such-page")]
    public async Task An_anonymous_visit_to_any_page_is_sent_to_the_login_page(string path)
    {
        using var http = Anonymous();

        var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location!.AbsolutePath);
    }

    [Theory]
    [InlineData("GET", "/?handler=Live")]
    [InlineData("POST", "/?handler=RetryFailed")]
    [InlineData("POST", "/orders/801000000000001AAA?handler=SyncNow")]
    [InlineData("POST", "/users")]
    public async Task An_anonymous_fragment_request_or_post_gets_401(string method, string path)
    {
        using var http = Anonymous();

        var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? new FormUrlEncodedContent([]) : null });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Only_the_login_page_and_the_health_check_answer_anonymously()
    {
        using var http = Anonymous();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/static/site.css")).StatusCode);
    }

    [Fact]
    public async Task Pages_carry_security_headers_and_the_session_cookie_is_http_only_and_same_site_strict()
    {
        var page = await browser.NewPageAsync(host.BaseUrl);
        var login = await page.GotoAsync("/login");
        var headers = await login!.AllHeadersAsync();

        Assert.Contains("script-src 'self';", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Equal("nosniff", headers["x-content-type-options"]);
        Assert.Equal("same-origin", headers["referrer-policy"]);

        await SignIn.AsAsync(page, SignIn.AdminName, SignIn.AdminPassword);
        var session = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "cpqsync.session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
    }

    [Fact]
    public async Task A_form_post_without_its_anti_forgery_token_is_rejected()
    {
        var page = await browser.NewPageAsync(host.BaseUrl);
        await SignIn.AsAsync(page, SignIn.AdminName, SignIn.AdminPassword);
        var token = await SignIn.FormTokenAsync(page);

        var forged = await page.APIRequest.PostAsync("/?handler=RetryFailed", new() { Form = page.Context.APIRequest.CreateFormData(), MaxRedirects = 0 });
        var genuine = await page.APIRequest.PostAsync(
            "/?handler=RetryFailed", new() { Form = page.Context.APIRequest.CreateFormData().Set("__RequestVerificationToken", token!), MaxRedirects = 0 });

        Assert.Equal(400, forged.Status);
        Assert.Equal(302, genuine.Status);
    }

    [Fact]
    public async Task A_sign_in_post_without_its_anti_forgery_token_is_rejected()
    {
        using var http = Anonymous();

        var response = await http.PostAsync(
            "/login", new FormUrlEncodedContent([new("userName", SignIn.AdminName), new("password", SignIn.AdminPassword)]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("cpqsync.session", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_read_only_user_sees_everything_but_cannot_change_anything()
    {
        var admin = await browser.NewPageAsync(host.BaseUrl);
        await SignIn.AsAsync(admin, SignIn.AdminName, SignIn.AdminPassword);
        await admin.GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await admin.GetByLabel("User name").FillAsync("reader");
        await admin.GetByLabel("Password", new() { Exact = true }).FillAsync("reads but never writes");
        await admin.GetByLabel("Repeat the password").FillAsync("reads but never writes");
        await admin.GetByLabel("Role").SelectOptionAsync("ReadOnly");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add the user" }).ClickAsync();
        Assert.Equal("reader can now sign in.", await admin.GetByRole(AriaRole.Status).TextContentAsync());

        var reader = await browser.NewPageAsync(host.BaseUrl);
        await SignIn.AsAsync(reader, "reader", "reads but never writes");
        Assert.True(await reader.GetByRole(AriaRole.Button, new() { Name = "Turn live sync on" }).IsDisabledAsync());
        Assert.True(await reader.GetByRole(AriaRole.Button, new() { Name = "Retry all failed" }).IsDisabledAsync());
        await Screenshots.SaveAsync(reader, "dashboard-read-only");
        var token = await SignIn.FormTokenAsync(reader);

        var toggle = await reader.APIRequest.PostAsync(
            "/?handler=LiveSync",
            new() { Form = reader.Context.APIRequest.CreateFormData().Set("__RequestVerificationToken", token!).Set("on", "true"), MaxRedirects = 0 });
        var addUser = await reader.APIRequest.PostAsync(
            "/users",
            new()
            {
                Form = reader.Context.APIRequest.CreateFormData().Set("__RequestVerificationToken", token!).Set("userName", "mallory")
                    .Set("password", "a password of mine").Set("confirmation", "a password of mine").Set("role", "Admin"),
                MaxRedirects = 0,
            });

        Assert.Equal(403, toggle.Status);
        Assert.Equal(403, addUser.Status);
        Assert.False(await host.Services.GetRequiredService<IWebConnection>().IsLiveSyncOnAsync(CancellationToken.None));
        await reader.GotoAsync("/users");
        Assert.Equal(0, await reader.GetByRole(AriaRole.Cell, new() { Name = "mallory" }).CountAsync());
        Assert.True(await reader.GetByRole(AriaRole.Button, new() { Name = "Add the user" }).IsDisabledAsync());
    }

    private HttpClient Anonymous() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseUrl };
}

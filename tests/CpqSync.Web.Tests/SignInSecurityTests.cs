using CpqSync.Storage;
using CpqSync.Web.Security;
using CpqSync.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CpqSync.Web.Tests;

/// <summary>An attacker at the login page and with a stolen cookie: the lockout and its end, sessions the server ends.</summary>
public sealed class SignInSecurityTests(ClockedWebAppHost host, Browser browser)
    : IClassFixture<ClockedWebAppHost>, IClassFixture<Browser>, IAsyncLifetime
{
    public Task InitializeAsync() => host.EnsureAdminAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Wrong_passwords_lock_the_account_out_even_for_the_right_one_until_the_lockout_ends()
    {
        await host.Services.GetRequiredService<WebAccounts>().AddUserAsync("grace", "grace's long password", WebRole.ReadOnly, CancellationToken.None);
        var page = await browser.NewPageAsync(host.BaseUrl);
        await page.GotoAsync("/login");
        for (var i = 1; i <= 4; i++)
        {
            await TrySignInAsync(page, "grace", $"guess number {i}");
            Assert.Equal("The user name or the password is wrong.", await page.GetByRole(AriaRole.Alert).TextContentAsync());
        }

        var fifth = await TrySignInAsync(page, "grace", "guess number 5");
        Assert.Equal(429, fifth.Status);
        var right = await TrySignInAsync(page, "grace", "grace's long password");
        Assert.Equal(429, right.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert))
            .ToContainTextAsync("Too many failed sign-ins for this account or from this address: try again after ");
        await Screenshots.SaveAsync(page, "sign-in-locked-out");

        host.Clock.Advance(TimeSpan.FromMinutes(15));
        await TrySignInAsync(page, "grace", "grace's long password");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 }).WaitForAsync();
        Assert.Equal("grace (read-only)", (await page.Locator(".who").TextContentAsync())?.Trim());
    }

    [Fact]
    public async Task A_copied_session_cookie_is_refused_after_its_owner_signs_out()
    {
        var owner = await browser.NewPageAsync(host.BaseUrl);
        await SignIn.AsAsync(owner, SignIn.AdminName, SignIn.AdminPassword);
        var thief = await browser.NewPageAsync(host.BaseUrl);
        await thief.Context.AddCookiesAsync((await owner.Context.CookiesAsync()).Select(c => new Cookie
        {
            Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
        }));
        await thief.GotoAsync("/orders");
        await thief.GetByRole(AriaRole.Heading, new() { Name = "Orders", Level = 1 }).WaitForAsync();

        await owner.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await owner.GetByRole(AriaRole.Heading, new() { Name = "Sign in" }).WaitForAsync();

        await thief.GotoAsync("/orders");
        await thief.GetByRole(AriaRole.Heading, new() { Name = "Sign in" }).WaitForAsync();
        Assert.Contains("/login", thief.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_the_password_signs_out_a_copied_cookie_but_not_the_changer()
    {
        await host.Services.GetRequiredService<WebAccounts>().AddUserAsync("linus", "linus's long password", WebRole.ReadOnly, CancellationToken.None);
        var owner = await browser.NewPageAsync(host.BaseUrl);
        await SignIn.AsAsync(owner, "linus", "linus's long password");
        var thief = await browser.NewPageAsync(host.BaseUrl);
        await SignIn.AsAsync(thief, "linus", "linus's long password");

        await owner.GetByRole(AriaRole.Link, new() { Name = "linus" }).ClickAsync();
        await owner.GetByLabel("Current password").FillAsync("linus's long password");
        await owner.GetByLabel("New password", new() { Exact = true }).FillAsync("a fresh long password");
        await owner.GetByLabel("Repeat the new password").FillAsync("a fresh long password");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Change the password" }).ClickAsync();
        Assert.Equal(
            "Your password is changed; 1 other session was signed out.", await owner.GetByRole(AriaRole.Status).TextContentAsync());
        await Screenshots.SaveAsync(owner, "account-password-changed");

        await thief.GotoAsync("/");
        await thief.GetByRole(AriaRole.Heading, new() { Name = "Sign in" }).WaitForAsync();
        await owner.GotoAsync("/");
        await owner.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 }).WaitForAsync();
    }

    private static async Task<IResponse> TrySignInAsync(IPage page, string userName, string password)
    {
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        return await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.Contains("/login", StringComparison.Ordinal));
    }
}

/// <summary>A DNS-rebinding page (a foreign name resolving to the loopback) can't reach the app, let alone create its admin.</summary>
public sealed class ForeignHostTests(WebAppHost host, Browser browser) : IClassFixture<WebAppHost>, IClassFixture<Browser>
{
    [Fact]
    public async Task The_admin_account_cannot_be_created_from_a_foreign_host()
    {
        var foreign = new UriBuilder(host.BaseUrl) { Host = Browser.ForeignHost }.Uri;
        var attacker = await browser.NewPageAsync(foreign);

        var visit = await attacker.GotoAsync("/login");
        // What the rebinding page's own script would send: a same-origin post, cookies and all, even with the right code.
        var post = await attacker.EvaluateAsync<string>("""
            async code => {
                const response = await fetch('/login?handler=CreateAdmin', {
                    method: 'POST',
                    body: new URLSearchParams({
                        userName: 'mallory', password: "mallory's long password", confirmation: "mallory's long password", setupCode: code,
                    }),
                });
                return response.status + ' ' + await response.text();
            }
            """, host.SetupCode);

        Assert.Equal(400, visit!.Status);
        Assert.Contains("hostname", await attacker.ContentAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("400 ", post, StringComparison.Ordinal);
        Assert.Contains("hostname", post, StringComparison.OrdinalIgnoreCase);
        Assert.False(await host.Services.GetRequiredService<WebAccounts>().AnyUserAsync(CancellationToken.None));

        var operatorPage = await browser.NewPageAsync(host.BaseUrl);
        await operatorPage.GotoAsync("/login");
        await operatorPage.GetByRole(AriaRole.Heading, new() { Name = "Create the admin account" }).WaitForAsync();
    }
}

using CpqSync.Web.Security;
using CpqSync.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CpqSync.Web.Tests;

/// <summary>
/// A new install: the admin account is created with the one-time set-up code serve printed on its console (read here off
/// the host's log, as the operator reads the console); without it, or with it used up, nobody can claim the account.
/// </summary>
public sealed class FirstRunTests(WebAppHost host, Browser browser) : IClassFixture<WebAppHost>, IClassFixture<Browser>
{
    private const string CreateAdminScript = """
        async ([token, code]) => {
            const body = new URLSearchParams({ userName: 'mallory', password: "mallory's long password", confirmation: "mallory's long password" });
            body.append('__RequestVerificationToken', token);
            if (code) body.append('setupCode', code);
            const response = await fetch('/login?handler=CreateAdmin', { method: 'POST', body });
            return response.status;
        }
        """;

    [Fact]
    public async Task The_admin_account_needs_the_set_up_code_once_and_then_signs_in_with_its_password_only()
    {
        var accounts = host.Services.GetRequiredService<WebAccounts>();
        var page = await browser.NewPageAsync(host.BaseUrl);

        await page.GotoAsync("/");
        Assert.Contains("/login", page.Url, StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Heading, new() { Name = "Create the admin account" }).WaitForAsync();
        await Screenshots.SaveAsync(page, "first-run");
        await SignIn.FillAdminFormAsync(page, "ada", "short", host.SetupCode);
        Assert.Equal("Use at least 12 characters.", await page.GetByRole(AriaRole.Alert).TextContentAsync());

        // Without the code (a post that leaves it out), and with a guess: refused, and no account exists.
        var without = await page.EvaluateAsync<int>(CreateAdminScript, new[] { await SignIn.FormTokenAsync(page), null });
        await SignIn.FillAdminFormAsync(page, "ada", "a long enough secret", "AAAAA-BBBBB-CCCCC-DDDDD");
        Assert.Equal(403, without);
        Assert.Equal(
            "The set-up code is wrong: use the one serve printed on its console when it started.",
            await page.GetByRole(AriaRole.Alert).TextContentAsync());
        Assert.False(await accounts.AnyUserAsync(CancellationToken.None));

        // The code as the operator copies it off the console, in lower case this time: accepted.
        await SignIn.CreateAdminAsync(page, "ada", "a long enough secret", host.SetupCode.ToLowerInvariant());
        Assert.Equal("ada (admin)", (await page.Locator(".who").TextContentAsync())?.Trim());

        // Used up: the same code creates nothing more.
        var other = await browser.NewPageAsync(host.BaseUrl);
        await other.GotoAsync("/login");
        await other.GetByRole(AriaRole.Heading, new() { Name = "Sign in" }).WaitForAsync();
        var again = await other.EvaluateAsync<int>(CreateAdminScript, new[] { await SignIn.FormTokenAsync(other), host.SetupCode });
        Assert.Equal(409, again);
        Assert.Single(await accounts.ListAsync(CancellationToken.None));

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" }).WaitForAsync();
        await page.GetByLabel("User name").FillAsync("ADA");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("a wrong secret!!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        Assert.Equal("The user name or the password is wrong.", await page.GetByRole(AriaRole.Alert).TextContentAsync());

        await SignIn.AsAsync(page, "ADA", "a long enough secret");
        Assert.Equal("ada (admin)", (await page.Locator(".who").TextContentAsync())?.Trim());
    }
}

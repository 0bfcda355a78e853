using CpqSync.Web.Tests.Support;
using Microsoft.Playwright;

namespace CpqSync.Web.Tests;

/// <summary>A new install: the first visitor creates the admin account, which then signs in like any account.</summary>
public sealed class FirstRunTests(WebAppHost host, Browser browser) : IClassFixture<WebAppHost>, IClassFixture<Browser>
{
    [Fact]
    public async Task The_first_visit_creates_the_admin_account_which_then_signs_in_with_its_password_only()
    {
        var page = await browser.NewPageAsync(host.BaseUrl);

        await page.GotoAsync("/");
        Assert.Contains("/login", page.Url, StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Heading, new() { Name = "Create the admin account" }).WaitForAsync();
        await Screenshots.SaveAsync(page, "first-run");
        await page.GetByLabel("User name").FillAsync("ada");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("short");
        await page.GetByLabel("Repeat the password").FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the admin account" }).ClickAsync();
        Assert.Equal("Use at least 12 characters.", await page.GetByRole(AriaRole.Alert).TextContentAsync());

        await page.GetByLabel("User name").FillAsync("ada");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("a long enough secret");
        await page.GetByLabel("Repeat the password").FillAsync("a long enough secret");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the admin account" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 }).WaitForAsync();
        Assert.Equal("ada (admin)", (await page.Locator(".who").TextContentAsync())?.Trim());

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

using Microsoft.Playwright;

namespace CpqSync.Web.Tests.Support;

/// <summary>Signing in through the login form, as a person does.</summary>
public static class SignIn
{
    public const string AdminName = "admin";
    public const string AdminPassword = "correct horse battery";

    public static async Task AsAsync(IPage page, string userName, string password)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 }).WaitForAsync();
    }

    /// <summary>
    /// The first run's form, as the operator fills it: the admin's name and password twice, and the set-up code read off
    /// serve's console; returns once the dashboard shows.
    /// </summary>
    public static async Task CreateAdminAsync(IPage page, string userName, string password, string setupCode)
    {
        ArgumentNullException.ThrowIfNull(page);
        await FillAdminFormAsync(page, userName, password, setupCode);
        await page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 }).WaitForAsync();
    }

    /// <summary>Fills the first run's form and submits it (the page shows the outcome).</summary>
    public static async Task FillAdminFormAsync(IPage page, string userName, string password, string? setupCode)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Repeat the password").FillAsync(password);
        if (setupCode is not null)
        {
            await page.GetByLabel("Set-up code").FillAsync(setupCode);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Create the admin account" }).ClickAsync();
    }

    /// <summary>The anti-forgery token of the first form on the page, as a browser would send it.</summary>
    public static Task<string?> FormTokenAsync(IPage page) =>
        page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
}

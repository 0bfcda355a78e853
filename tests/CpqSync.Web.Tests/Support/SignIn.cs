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

    /// <summary>The anti-forgery token of the first form on the page, as a browser would send it.</summary>
    public static Task<string?> FormTokenAsync(IPage page) =>
        page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
}

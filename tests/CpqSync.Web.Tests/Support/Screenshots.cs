using Microsoft.Playwright;

namespace CpqSync.Web.Tests.Support;

/// <summary>Screenshots into <c>artifacts/screenshots</c> at the repository root (the README shows the dashboard's).</summary>
public static class Screenshots
{
    public static string Directory { get; } = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");

    public static async Task SaveAsync(IPage page, string name)
    {
        System.IO.Directory.CreateDirectory(Directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Directory, name + ".png"), FullPage = true });
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CpqSync.slnx")))
            {
                return dir.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }
}

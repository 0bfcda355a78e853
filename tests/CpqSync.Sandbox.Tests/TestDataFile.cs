using System.Text.Json.Nodes;

namespace CpqSync.Sandbox.Tests;

/// <summary>The reference data in <c>TestData/</c>, copied beside the test binaries (sources and licences in its README).</summary>
internal static class TestDataFile
{
    public static JsonNode ReadJson(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"TestData/{name} is not beside the test binaries; the project copies TestData/** to its output.", path);
        }

        return JsonNode.Parse(File.ReadAllText(path))!;
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace CpqSync.Core.Tests.Support;

/// <summary>
/// "Actual contains expected": every property in an expected object must be present and match; arrays must have
/// the same length and match element by element; scalars compare as text. Two markers keep scenarios short:
/// <c>{"$contains": [a, b]}</c> matches an array holding elements matching a then b (in that order, others
/// between allowed), and the string <c>"$absent"</c> as a property value requires the property to be missing.
/// Returns the first difference's path.
/// </summary>
public static class JsonSubset
{
    public static string? FindMismatch(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        switch (expected)
        {
            case null:
                return actual is null ? null : $"{path}: expected null, got {actual.ToJsonString()}";
            case JsonObject contains when contains.Count == 1 && contains["$contains"] is JsonArray wanted:
                return FindSubsequence(wanted, actual, path);
            case JsonObject expectedObject:
                if (actual is not JsonObject actualObject)
                {
                    return $"{path}: expected an object, got {actual?.ToJsonString() ?? "nothing"}";
                }

                foreach (var (name, value) in expectedObject)
                {
                    if (value is JsonValue marker && marker.GetValueKind() == JsonValueKind.String && (string)marker! == "$absent")
                    {
                        if (actualObject.ContainsKey(name))
                        {
                            return $"{path}.{name}: expected no such property, got {actualObject[name]?.ToJsonString()}";
                        }

                        continue;
                    }

                    if (!actualObject.TryGetPropertyValue(name, out var actualValue))
                    {
                        return $"{path}.{name}: missing";
                    }

                    if (FindMismatch(value, actualValue, $"{path}.{name}") is { } mismatch)
                    {
                        return mismatch;
                    }
                }

                return null;
            case JsonArray expectedArray:
                if (actual is not JsonArray actualArray)
                {
                    return $"{path}: expected an array, got {actual?.ToJsonString() ?? "nothing"}";
                }

                if (expectedArray.Count != actualArray.Count)
                {
                    return $"{path}: expected {expectedArray.Count} elements, got {actualArray.Count}: {actualArray.ToJsonString()}";
                }

                for (var i = 0; i < expectedArray.Count; i++)
                {
                    if (FindMismatch(expectedArray[i], actualArray[i], $"{path}[{i}]") is { } mismatch)
                    {
                        return mismatch;
                    }
                }

                return null;
            default:
                var expectedText = expected.GetValueKind() == JsonValueKind.String ? (string)expected! : expected.ToJsonString();
                var actualText = actual is JsonValue v && v.GetValueKind() == JsonValueKind.String ? (string)v! : actual?.ToJsonString();
                return expectedText == actualText ? null : $"{path}: expected {expectedText}, got {actualText ?? "nothing"}";
        }
    }

    private static string? FindSubsequence(JsonArray wanted, JsonNode? actual, string path)
    {
        if (actual is not JsonArray actualArray)
        {
            return $"{path}: expected an array, got {actual?.ToJsonString() ?? "nothing"}";
        }

        var next = 0;
        for (var w = 0; w < wanted.Count; w++)
        {
            while (next < actualArray.Count && FindMismatch(wanted[w], actualArray[next], path) is not null)
            {
                next++;
            }

            if (next == actualArray.Count)
            {
                return $"{path}: no element (after those matched so far) matches {wanted[w]?.ToJsonString()}";
            }

            next++;
        }

        return null;
    }
}

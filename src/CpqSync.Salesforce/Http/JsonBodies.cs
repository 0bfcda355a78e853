using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CpqSync.Salesforce.Http;

/// <summary>
/// Request and answer bodies of the Salesforce REST API as JSON, without the shared array pool.
/// </summary>
/// <remarks>
/// A backfill page's composite answer and a batch's write-back request run to megabytes. The framework's own paths
/// (<see cref="JsonNode.ToJsonString(JsonSerializerOptions?)"/>, <see cref="HttpClient"/>'s response buffering,
/// <see cref="JsonNode.Parse(ReadOnlySpan{byte}, JsonNodeOptions?, JsonDocumentOptions)"/>'s token index) rent buffers
/// of up to several times the body from <see cref="ArrayPool{T}.Shared"/>, whose per-thread caches then keep one of
/// each size per thread for as long as the process runs (measured: tens of MB in a long backfill, see
/// bench/CpqSync.EndToEnd/README.md). Here each body is one array of its own size, collected like any other garbage.
/// </remarks>
internal static class JsonBodies
{
    /// <summary>The chunk a body is read in before it is put together in one array (under the large-object threshold).</summary>
    private const int ReadChunk = 64 * 1024;

    private static readonly MediaTypeHeaderValue JsonUtf8 = new("application/json") { CharSet = "utf-8" };

    /// <summary><paramref name="body"/> in UTF-8, as <see cref="JsonNode.ToJsonString(JsonSerializerOptions?)"/> writes it with <paramref name="options"/>.</summary>
    public static ReadOnlyMemory<byte> Serialize(JsonNode body, JsonSerializerOptions options) => Write(options, writer => body.WriteTo(writer, options));

    /// <summary>A body <paramref name="write"/> writes, in UTF-8, with <paramref name="options"/>' encoder and indentation.</summary>
    public static ReadOnlyMemory<byte> Write(JsonSerializerOptions options, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = options.Encoder, Indented = options.WriteIndented }))
        {
            write(writer);
        }

        return buffer.WrittenMemory;
    }

    /// <summary>A request's content: <paramref name="json"/> as <c>application/json; charset=utf-8</c>, as <see cref="StringContent"/> sends it.</summary>
    public static HttpContent Content(ReadOnlyMemory<byte> json)
    {
        var content = new ReadOnlyMemoryContent(json);
        content.Headers.ContentType = JsonUtf8;
        return content;
    }

    /// <summary>Reads an answer's whole body (a response asked for with <see cref="HttpCompletionOption.ResponseHeadersRead"/>).</summary>
    public static async Task<byte[]> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var _ = stream.ConfigureAwait(false);
        var chunks = new List<byte[]>();
        var total = 0;
        while (true)
        {
            var chunk = new byte[ReadChunk];
            var filled = 0;
            int read;
            while (filled < chunk.Length && (read = await stream.ReadAsync(chunk.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
            {
                filled += read;
            }

            if (filled < chunk.Length)
            {
                Array.Resize(ref chunk, filled);
            }

            chunks.Add(chunk);
            total = checked(total + filled);
            if (filled < ReadChunk)
            {
                break;
            }
        }

        if (chunks.Count == 1)
        {
            return chunks[0];
        }

        var body = new byte[total];
        var at = 0;
        foreach (var chunk in chunks)
        {
            chunk.CopyTo(body, at);
            at += chunk.Length;
        }

        return body;
    }

    /// <summary>
    /// Parses a JSON document into nodes as <see cref="JsonNode.Parse(ReadOnlySpan{byte}, JsonNodeOptions?, JsonDocumentOptions)"/>
    /// does (numbers keep their text, so <c>GetValue&lt;int&gt;</c> and <c>GetValue&lt;decimal&gt;</c> both read them),
    /// but straight from the reader, without a token index rented from the shared pool.
    /// </summary>
    /// <returns><see langword="null"/> for an empty body or the JSON <c>null</c>.</returns>
    public static JsonNode? Parse(ReadOnlySpan<byte> json)
    {
        if (json.StartsWith("\xEF\xBB\xBF"u8))
        {
            json = json[3..];
        }

        if (json.IsEmpty)
        {
            return null;
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        if (!reader.Read())
        {
            return null;
        }

        var node = ReadValue(ref reader, new Strings());
        if (reader.Read())
        {
            throw new JsonException("The body holds more than one JSON value.");
        }

        return node;
    }

    private static JsonNode? ReadValue(ref Utf8JsonReader reader, Strings strings)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var obj = new JsonObject();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = strings.Get(ref reader);
                    reader.Read();
                    obj[name] = ReadValue(ref reader, strings);
                }

                return obj;
            case JsonTokenType.StartArray:
                var array = new JsonArray();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    array.Add(ReadValue(ref reader, strings));
                }

                return array;
            case JsonTokenType.String:
                return JsonValue.Create(strings.Get(ref reader));
            case JsonTokenType.Number:
                // Backed by the number's own text, as JsonNode.Parse's values are: any numeric GetValue reads it.
                return JsonValue.Create(JsonElement.ParseValue(ref reader));
            case JsonTokenType.True:
                return JsonValue.Create(true);
            case JsonTokenType.False:
                return JsonValue.Create(false);
            case JsonTokenType.Null:
                return null;
            default:
                throw new JsonException($"Unexpected JSON token {reader.TokenType}.");
        }
    }

    /// <summary>
    /// One string object per distinct short text of a body: a page of records repeats the same field names (and
    /// currency codes, statuses, parent ids) thousands of times, and the records keep them for as long as the page is
    /// held. Only for the body being parsed, so nothing outlives it but the strings the records use.
    /// </summary>
    private sealed class Strings
    {
        private const int MaxShared = 40;

        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public string Get(ref Utf8JsonReader reader)
        {
            if (reader.HasValueSequence || reader.ValueSpan.Length > MaxShared)
            {
                return reader.GetString()!;
            }

            Span<char> chars = stackalloc char[MaxShared];
            var length = reader.CopyString(chars);
            var text = chars[..length];
            var lookup = _seen.GetAlternateLookup<ReadOnlySpan<char>>();
            if (!lookup.TryGetValue(text, out var shared))
            {
                shared = new string(text);
                _seen.Add(shared);
            }

            return shared;
        }
    }
}

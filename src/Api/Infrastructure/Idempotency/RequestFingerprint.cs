using System.Buffers;

namespace Portal.Api.Infrastructure.Idempotency;

/// <summary>
/// The fingerprint of a request under an <c>Idempotency-Key</c>: SHA-256 of the method, the path with its
/// query and the body. A JSON body is fingerprinted in a canonical form — parsed, object members sorted by
/// name, no insignificant whitespace, strings re-escaped one way — so the same JSON sent with other
/// whitespace, member order or escapes is the same request. Numbers keep their text (1 and 1.0 differ, as
/// they may to the API). Other bodies (CSV, XML) and JSON that does not parse are fingerprinted byte for
/// byte. Bodies are buffered to disk beyond 1 MiB, so large uploads are hashed with bounded memory.
/// </summary>
public static class RequestFingerprint
{
    /// <summary>JSON bodies up to this size are canonicalised; larger ones are hashed as bytes.</summary>
    public const int MaxCanonicalJson = 16 * 1024 * 1024;

    public static async Task<string> ComputeAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering(bufferThreshold: 1024 * 1024, bufferLimit: 512L * 1024 * 1024);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        if (IsJson(request.ContentType) && request.ContentLength is null or <= MaxCanonicalJson)
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, cancellationToken);
            request.Body.Position = 0;
            if (buffer.Length <= MaxCanonicalJson && TryCanonical(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), out var canonical))
            {
                sha.AppendData("json\n"u8);
                sha.AppendData(canonical);
                return Convert.ToHexString(sha.GetHashAndReset());
            }
            sha.AppendData("bytes\n"u8);
            sha.AppendData(buffer.GetBuffer(), 0, (int)buffer.Length);
            return Convert.ToHexString(sha.GetHashAndReset());
        }
        sha.AppendData("bytes\n"u8);
        var chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                sha.AppendData(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        request.Body.Position = 0;
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    public static bool IsJson(string? contentType)
    {
        var mediaType = contentType?.Split(';')[0].Trim();
        return mediaType is not null
            && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
                || mediaType.Equals("text/json", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The canonical UTF-8 form of a JSON text; false when it is not JSON.</summary>
    public static bool TryCanonical(ReadOnlyMemory<byte> json, out byte[] canonical)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 128, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var output = new ArrayBufferWriter<byte>(json.Length);
            using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false, SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                Write(writer, document.RootElement);
            }
            canonical = output.WrittenSpan.ToArray();
            return true;
        }
        catch (JsonException)
        {
            canonical = [];
            return false;
        }
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            case JsonValueKind.Number:
                writer.WriteRawValue(element.GetRawText(), skipInputValidation: true);
                break;
            case JsonValueKind.True:
                writer.WriteBooleanValue(true);
                break;
            case JsonValueKind.False:
                writer.WriteBooleanValue(false);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}

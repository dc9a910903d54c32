using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Portal.Punchout.Cxml;

namespace Portal.Punchout.Transport;

/// <summary>
/// A cXML document sent as <c>multipart/related</c> (cXML attachments, RFC 2387): the cXML part is the one the
/// <c>start</c> parameter names, else the first part; every other part is an attachment identified by its
/// Content-ID. Each part's charset and Content-Transfer-Encoding (base64, quoted-printable, binary) are honoured.
/// Too many parts answer 406 (the request is refused as a whole, nothing is kept).
/// </summary>
public static class CxmlMultipart
{
    /// <summary>The most attachments a multipart/related document may carry.</summary>
    public const int MaxAttachments = 20;

    /// <summary>Reads the parts of <paramref name="request"/>'s body.</summary>
    /// <exception cref="CxmlStatusException">400 for a malformed body, 406 for too many parts.</exception>
    public static async Task<(CxmlDocument Document, IReadOnlyList<CxmlAttachment> Attachments)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            throw new CxmlStatusException(400, "A multipart/related body needs a boundary.");
        }
        var start = ContentId(HeaderUtilities.RemoveQuotes(
            type.Parameters.FirstOrDefault(p => p.Name.Equals("start", StringComparison.OrdinalIgnoreCase))?.Value ?? default).Value);
        var reader = new MultipartReader(boundary, request.Body) { HeadersCountLimit = 16, HeadersLengthLimit = 8 * 1024 };
        var parts = new List<(string? ContentId, MultipartSection Section, byte[] Content)>();
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (parts.Count > MaxAttachments)
            {
                throw new CxmlStatusException(406, $"A document carries at most {MaxAttachments} attachments; nothing was kept. Send the others separately.");
            }
            using var buffer = new MemoryStream();
            await section.Body.CopyToAsync(buffer, cancellationToken);
            var id = section.Headers?.TryGetValue("Content-ID", out var value) == true ? ContentId(value.ToString()) : null;
            parts.Add((id, section, Decode(section, buffer.ToArray())));
        }
        if (parts.Count == 0)
        {
            throw new CxmlStatusException(400, "The multipart/related body has no cXML part.");
        }
        var index = start is null ? 0 : parts.FindIndex(p => string.Equals(p.ContentId, start, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            throw new CxmlStatusException(400, $"The multipart/related start parameter names the part <{start}>, which the body does not have.");
        }
        var (_, cxmlSection, cxml) = parts[index];
        var document = await CxmlReader.ReadAsync(new MemoryStream(cxml), Charset(cxmlSection.ContentType), cancellationToken);
        var attachments = parts.Where((_, i) => i != index)
            .Select((p, i) => new CxmlAttachment(p.ContentId ?? $"part{i + 2}", FileName(p.Section), MediaType(p.Section.ContentType), p.Content))
            .ToList();
        return (document, attachments);
    }

    /// <summary>A Content-ID without angle brackets (and a <c>cid:</c> prefix some buyers put in <c>start</c>).</summary>
    private static string? ContentId(string? value)
    {
        var id = value?.Trim().Trim('<', '>').Trim();
        if (id is not null && id.StartsWith("cid:", StringComparison.OrdinalIgnoreCase))
        {
            id = id[4..];
        }
        return string.IsNullOrEmpty(id) ? null : id;
    }

    private static string? FileName(MultipartSection section)
    {
        if (section.ContentDisposition is { } disposition && ContentDispositionHeaderValue.TryParse(disposition, out var parsed)
            && HeaderUtilities.RemoveQuotes(parsed.FileNameStar.HasValue ? parsed.FileNameStar : parsed.FileName).Value is { Length: > 0 } name)
        {
            return Path.GetFileName(name.Replace('\\', '/'));
        }
        // The older form: Content-Type: application/pdf; name="spec.pdf".
        return MediaTypeHeaderValue.TryParse(section.ContentType, out var type)
            && type.Parameters.FirstOrDefault(p => p.Name.Equals("name", StringComparison.OrdinalIgnoreCase)) is { } parameter
            && HeaderUtilities.RemoveQuotes(parameter.Value).Value is { Length: > 0 } typeName
            ? Path.GetFileName(typeName.Replace('\\', '/'))
            : null;
    }

    private static string MediaType(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type) && type.MediaType.Value is { Length: > 0 and <= 100 } media
            ? media.ToLowerInvariant()
            : "application/octet-stream";

    private static string? Charset(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type) ? HeaderUtilities.RemoveQuotes(type.Charset).Value : null;

    /// <summary>The part's bytes after its Content-Transfer-Encoding (base64 and quoted-printable; anything else is as sent).</summary>
    private static byte[] Decode(MultipartSection section, byte[] content)
    {
        var encoding = section.Headers?.TryGetValue("Content-Transfer-Encoding", out var value) == true ? value.ToString().Trim().ToLowerInvariant() : null;
        try
        {
            return encoding switch
            {
                "base64" => Convert.FromBase64String(Encoding.ASCII.GetString(content).Replace("\r", "").Replace("\n", "").Replace(" ", "").Replace("\t", "")),
                "quoted-printable" => QuotedPrintable(content),
                _ => content,
            };
        }
        catch (FormatException)
        {
            throw new CxmlStatusException(400, "A multipart/related part says Content-Transfer-Encoding: base64 but is not base64.");
        }
    }

    private static byte[] QuotedPrintable(byte[] content)
    {
        using var output = new MemoryStream(content.Length);
        for (var i = 0; i < content.Length; i++)
        {
            if (content[i] != (byte)'=')
            {
                output.WriteByte(content[i]);
            }
            else if (i + 2 < content.Length && content[i + 1] == '\r' && content[i + 2] == '\n')
            {
                i += 2; // soft line break
            }
            else if (i + 1 < content.Length && content[i + 1] == '\n')
            {
                i += 1;
            }
            else if (i + 2 < content.Length && Uri.IsHexDigit((char)content[i + 1]) && Uri.IsHexDigit((char)content[i + 2]))
            {
                output.WriteByte(Convert.ToByte(Encoding.ASCII.GetString(content, i + 1, 2), 16));
                i += 2;
            }
            else
            {
                output.WriteByte(content[i]);
            }
        }
        return output.ToArray();
    }
}

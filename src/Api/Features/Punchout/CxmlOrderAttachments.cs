using Portal.Api.Features.Ordering;
using Portal.Punchout.Cxml;
using Portal.Punchout.Transport;

namespace Portal.Api.Features.Punchout;

/// <summary>
/// The buyer's files of an OrderRequest (cXML attachments): the MIME parts the document refers to with
/// <c>&lt;Attachment&gt;&lt;URL&gt;cid:…&lt;/URL&gt;&lt;/Attachment&gt;</c> in its header's or lines' Comments. Only parts
/// the document refers to are kept (as order documents of kind <see cref="Kind"/>); a reference to a part the body
/// does not carry refuses the order (400), so a purchase order never arrives without the drawing it points to.
/// URLs that are not <c>cid:</c> (a file on the buyer's side) are not fetched.
/// </summary>
public static class CxmlOrderAttachments
{
    /// <summary>The order document kind of a buyer's attachment.</summary>
    public const string Kind = OrderDocumentService.BuyerAttachment;

    /// <summary>The referenced parts, each once, in the order the document refers to them.</summary>
    /// <exception cref="CxmlStatusException">400 when a <c>cid:</c> reference names no part of the body.</exception>
    public static IReadOnlyList<(CxmlAttachment Part, string FileName)> Referenced(OrderRequest request, IReadOnlyList<CxmlAttachment> parts)
    {
        var references = request.Header.Attachments.Concat(request.Items.SelectMany(i => i.Attachments)).ToList();
        var kept = new List<(CxmlAttachment, string)>();
        var missing = new List<string>();
        foreach (var reference in references)
        {
            if (reference.ContentId is not { } id)
            {
                continue;
            }
            var part = parts.FirstOrDefault(p => string.Equals(p.ContentId, id, StringComparison.OrdinalIgnoreCase));
            if (part is null)
            {
                missing.Add(reference.Url);
            }
            else if (!kept.Any(k => ReferenceEquals(k.Item1, part)))
            {
                kept.Add((part, FileName(part.FileName ?? reference.Name ?? part.ContentId)));
            }
        }
        if (missing.Count > 0)
        {
            throw new CxmlStatusException(400, $"The order refers to the attachment{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Distinct().Take(5))}, "
                + "which the request does not carry: send the order as multipart/related with a part of that Content-ID. Nothing was changed.");
        }
        return kept;
    }

    /// <summary>The documents for <paramref name="order"/>.</summary>
    public static IEnumerable<OrderDocument> Documents(Order order, IReadOnlyList<(CxmlAttachment Part, string FileName)> attachments, DateTimeOffset now) =>
        attachments.Select(a => new OrderDocument
        {
            CustomerId = order.CustomerId, OrderId = order.Id, Kind = Kind, FileName = a.FileName,
            ContentType = a.Part.ContentType.Length <= 100 ? a.Part.ContentType : "application/octet-stream", Size = a.Part.Content.Length,
            Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(a.Part.Content)),
            Content = a.Part.Content, CreatedAt = now,
        });

    /// <summary>A file name as the order documents keep them: no path, quotes, slashes or control characters, at most 200 characters.</summary>
    private static string FileName(string name)
    {
        var clean = new string(Path.GetFileName(name.Replace('\\', '/')).Where(c => !char.IsControl(c) && c is not ('"' or '/' or '\\')).ToArray()).Trim();
        clean = clean.Length == 0 ? "attachment" : clean;
        return clean.Length <= 200 ? clean : clean[..200];
    }
}

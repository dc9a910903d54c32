namespace Portal.Punchout.Transport;

/// <summary>
/// A MIME part that came with a cXML document sent as <c>multipart/related</c> (cXML attachments: the document
/// refers to it as <c>&lt;Attachment&gt;&lt;URL&gt;cid:…&lt;/URL&gt;&lt;/Attachment&gt;</c>).
/// </summary>
/// <param name="ContentId">The part's Content-ID without angle brackets.</param>
/// <param name="FileName">The file name from Content-Disposition, if any.</param>
/// <param name="ContentType">The part's media type.</param>
/// <param name="Content">The bytes.</param>
public sealed record CxmlAttachment(string ContentId, string? FileName, string ContentType, byte[] Content);

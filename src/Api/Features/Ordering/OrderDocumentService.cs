namespace Portal.Api.Features.Ordering;

/// <summary>Invoices, delivery notes and other PDFs that the ERP attaches to orders; downloads are authorised like the order.</summary>
public sealed class OrderDocumentService(PortalDbContext db, OrderService orders, TimeProvider clock)
{
    public const long MaxSize = 20 * 1024 * 1024;

    /// <summary>A file the buyer sent with a cXML purchase order (stored by the cXML intake only; never uploaded through the API).</summary>
    public const string BuyerAttachment = "buyer-attachment";

    /// <summary>The kinds the API takes as uploads.</summary>
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(StringComparer.Ordinal) { "invoice", "delivery-note", "order-confirmation", "other" };

    /// <summary>Every kind an order document may have (the upload kinds and the buyer's attachments).</summary>
    public static readonly IReadOnlySet<string> AllKinds = new HashSet<string>(Kinds, StringComparer.Ordinal) { BuyerAttachment };

    public async Task<OrderDocumentDto> UploadAsync(Guid orderId, string? kind, string? fileName, string? contentType, Stream body, CancellationToken cancellationToken)
    {
        var order = await orders.Visible().AsNoTracking().Select(o => new { o.Id, o.CustomerId }).FirstOrDefaultAsync(o => o.Id == orderId, cancellationToken)
            ?? throw new NotFoundException($"No order has the id '{orderId}'.");
        var errors = new ValidationErrors();
        kind = kind?.Trim().ToLowerInvariant();
        if (kind is null || !Kinds.Contains(kind))
        {
            errors.Add("kind", "The kind is one of: " + string.Join(", ", Kinds) + ".");
        }
        var name = Path.GetFileName(fileName?.Trim() ?? string.Empty);
        if (name.Length is 0 or > 200 || name.Any(c => char.IsControl(c) || c is '"' or '\\' or '/'))
        {
            errors.Add("fileName", "The fileName is 1 to 200 characters without quotes, slashes or control characters.");
        }
        errors.ThrowIfAny();

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxSize)
            {
                throw new RequestValidationException(new Dictionary<string, string[]> { ["body"] = [$"A document has at most {MaxSize / 1024 / 1024} MiB."] });
            }
            buffer.Write(chunk, 0, read);
        }
        var content = buffer.ToArray();
        if (content.Length < 5 || !content.AsSpan(0, 5).SequenceEqual("%PDF-"u8))
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["body"] = ["The body is not a PDF document."] });
        }
        var document = new OrderDocument
        {
            CustomerId = order.CustomerId, OrderId = order.Id, Kind = kind!, FileName = name, ContentType = "application/pdf",
            Size = content.Length, Sha256 = Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant(), Content = content, CreatedAt = clock.GetUtcNow(),
        };
        db.OrderDocuments.Add(document);
        await db.SaveChangesAsync(cancellationToken);
        return new OrderDocumentDto(document.Id, document.Kind, document.FileName, document.ContentType, document.Size, document.Sha256, document.CreatedAt);
    }

    public async Task<OrderDocument> DownloadAsync(Guid orderId, Guid documentId, CancellationToken cancellationToken)
    {
        if (!await orders.Visible().AnyAsync(o => o.Id == orderId, cancellationToken))
        {
            throw new NotFoundException($"No order has the id '{orderId}'.");
        }
        return await db.OrderDocuments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == documentId && d.OrderId == orderId, cancellationToken)
            ?? throw new NotFoundException($"The order has no document '{documentId}'.");
    }
}

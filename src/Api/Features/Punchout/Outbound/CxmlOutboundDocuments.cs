using Portal.Api.Features.Events;
using Portal.Api.Features.Ordering;
using Portal.Punchout.Cxml;
using Portal.Punchout.Outbound;

namespace Portal.Api.Features.Punchout.Outbound;

/// <summary>
/// Turns the supplier's steps on an order that came by cXML into documents for the buyer system, in the step's
/// transaction: confirmed → ConfirmationRequest <c>accept</c>; cancelled by the supplier → <c>reject</c>; shipped →
/// ShipNoticeRequest; invoiced → InvoiceDetailRequest (signed when the account opted in). Nothing is sent for orders
/// from other channels or accounts without <c>cxml.outboundUrl</c>. The document is built now (its payloadID,
/// content and signature stay the same on every attempt) and stored as an <see cref="OrderCxmlDocument"/>, which the
/// <see cref="CxmlOutboundSender"/> delivers.
/// </summary>
public sealed class CxmlOutboundDocuments(PortalDbContext db, CxmlSigningCertificate signing, OutboxSignal signal, IOptions<PortalOptions> options, TimeProvider clock)
    : IOrderFulfilmentListener
{
    public const string Confirmation = "confirmation";
    public const string ShipNotice = "ship-notice";
    public const string Invoice = "invoice";

    public async Task OnStatusChangedAsync(Order order, string from, OrderStatusRequest request, CancellationToken cancellationToken)
    {
        var reason = request.Reason;
        var (kind, type) = order.Status switch
        {
            OrderStatuses.Confirmed => (Confirmation, CxmlConfirmationTypes.Accept),
            OrderStatuses.Cancelled or OrderStatuses.Rejected => (Confirmation, CxmlConfirmationTypes.Reject),
            OrderStatuses.Shipped => (ShipNotice, null),
            _ => (null, null),
        };
        if (kind is null || await ContextAsync(order, cancellationToken) is not { } context)
        {
            return;
        }
        var now = clock.GetUtcNow();
        var orderLines = await OrderLinesAsync(order, cancellationToken);
        // A shipment carries what was confirmed (a line confirmed with 0 is not shipped).
        var shipped = orderLines.Where(l => (l.ConfirmedQuantity ?? l.Quantity) > 0).Select(l => ToOutbound(l) with { Quantity = l.ConfirmedQuantity ?? l.Quantity }).ToList();
        // A confirmation sends what the order's lines keep as confirmed (set in this step); a rejection, the lines as ordered.
        var confirmed = orderLines.Select(l => order.Status == OrderStatuses.Confirmed
            ? new CxmlConfirmationLine(ToOutbound(l), l.ConfirmedQuantity ?? l.Quantity, l.ConfirmedUnitPrice ?? l.UnitPrice,
                l.ConfirmedDeliveryDate is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null)
            : new CxmlConfirmationLine(ToOutbound(l), l.Quantity, l.UnitPrice, null)).ToList();
        if (type == CxmlConfirmationTypes.Accept
            && confirmed.Any(c => c.ConfirmedQuantity != c.Ordered.Quantity || c.ConfirmedUnitPrice != c.Ordered.UnitPrice || c.DeliveryDate is not null))
        {
            type = CxmlConfirmationTypes.Detail;
        }
        CxmlOutboundDocument document = kind == ShipNotice
            ? new CxmlShipNotice
            {
                PayloadId = CxmlPayloadId.New(Host, clock), Timestamp = now, Parties = context.Parties, Order = context.Reference, DeploymentMode = context.Mode,
                ShipmentId = order.Number + "-" + (await db.OrderCxmlDocuments.CountAsync(d => d.OrderId == order.Id && d.Type == ShipNotice, cancellationToken) + 1),
                ShipmentDate = now, Carrier = order.Carrier, TrackingNumber = order.TrackingNumber, Lines = shipped,
            }
            : new CxmlConfirmation
            {
                PayloadId = CxmlPayloadId.New(Host, clock), Timestamp = now, Parties = context.Parties, Order = context.Reference, DeploymentMode = context.Mode,
                Type = type!, ConfirmId = order.Number, Currency = order.Currency, Comment = reason, Lines = confirmed,
                Total = type == CxmlConfirmationTypes.Reject ? null
                    : confirmed.Sum(c => Portal.Punchout.Money.CurrencyAmounts.LineTotal(c.ConfirmedUnitPrice, c.ConfirmedQuantity, order.Currency)),
            };
        Add(order, kind, type, document, CxmlOutboundWriter.Write(document), now);
    }

    public async Task OnInvoicedAsync(Order order, OrderInvoice invoice, CancellationToken cancellationToken)
    {
        if (await ContextAsync(order, cancellationToken) is not { } context)
        {
            return;
        }
        var now = clock.GetUtcNow();
        var ordered = await OrderLinesAsync(order, cancellationToken);
        var document = new CxmlInvoice
        {
            PayloadId = CxmlPayloadId.New(Host, clock), Timestamp = now, Parties = context.Parties, Order = context.Reference, DeploymentMode = context.Mode,
            InvoiceId = invoice.Number, InvoiceDate = new DateTimeOffset(invoice.Date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), Currency = invoice.Currency,
            // An invoice line names its order line by position; the document names it by the buyer's line number.
            Lines = invoice.Lines.Select(l => ToOutbound(ordered.First(o => o.Position == l.LineNumber)) with { Quantity = l.Quantity, UnitPrice = l.UnitPrice }).ToList(),
            Shipping = invoice.Shipping, Tax = invoice.Tax,
        };
        var xml = context.Account.CxmlSignInvoices
            ? CxmlSignature.Sign(CxmlOutboundWriter.Write(document, signable: true), signing.Certificate)
            : CxmlOutboundWriter.Write(document);
        Add(order, Invoice, null, document, xml, now);
    }

    private string Host => Uri.TryCreate(options.Value.PublicBaseUrl, UriKind.Absolute, out var uri) ? uri.Host : "portal";

    private void Add(Order order, string kind, string? subtype, CxmlOutboundDocument document, string xml, DateTimeOffset now)
    {
        db.OrderCxmlDocuments.Add(new OrderCxmlDocument
        {
            CustomerId = order.CustomerId, OrderId = order.Id, Type = kind, Subtype = subtype, PayloadId = document.PayloadId, Body = xml,
            NextAttemptAt = now, CreatedAt = now,
        });
        signal.Notify(); // a hint only: the sender finds the row once it is committed
    }

    private sealed record Context(PunchoutAccount Account, CxmlParties Parties, CxmlOrderReference Reference, string Mode);

    private async Task<Context?> ContextAsync(Order order, CancellationToken cancellationToken)
    {
        if (order.Source != "cxml")
        {
            return null;
        }
        var account = await db.PunchoutAccounts.AsNoTracking().Include(a => a.Credentials).FirstOrDefaultAsync(a => a.CustomerId == order.CustomerId, cancellationToken);
        if (account?.CxmlOutboundUrl is null)
        {
            return null;
        }
        // The purchase order as it stands: after a change order (type="update") the documents answer that version, whose
        // lines the order now has, not the first one. (A delete only cancels the order.)
        var receipt = await db.CxmlOrderReceipts.AsNoTracking().Where(r => r.OrderId == order.Id && r.Type != "delete")
            .OrderByDescending(r => r.OrderVersion).FirstOrDefaultAsync(cancellationToken);
        if (receipt is null)
        {
            return null;
        }
        var buyer = receipt.FromDomain is not null && receipt.FromIdentity is not null
            ? new CxmlCredential(receipt.FromDomain, receipt.FromIdentity)
            : account.Credentials.Select(c => new CxmlCredential(c.Domain, c.Identity)).FirstOrDefault() ?? new CxmlCredential("NetworkID", "unknown");
        var supplier = receipt.ToDomain is not null && receipt.ToIdentity is not null
            ? new CxmlCredential(receipt.ToDomain, receipt.ToIdentity)
            : new CxmlCredential("NetworkID", "portal");
        // The shared secret is added when the document is sent (CxmlOutboundSender): the stored copy never holds it.
        var parties = new CxmlParties([supplier], [buyer], [supplier], null);
        var reference = new CxmlOrderReference(receipt.BuyerOrderId, receipt.OrderDate ?? receipt.ReceivedAt, receipt.PayloadId);
        return new Context(account, parties, reference, receipt.DeploymentMode == "test" ? "test" : "production");
    }

    /// <summary>The order's lines by position: those the step loaded (with its unsaved changes, such as a confirmation's figures), else read.</summary>
    private async Task<IReadOnlyList<OrderLine>> OrderLinesAsync(Order order, CancellationToken cancellationToken)
    {
        var lines = order.Lines.Count > 0 ? order.Lines : await db.OrderLines.AsNoTracking().Where(l => l.OrderId == order.Id).ToListAsync(cancellationToken);
        return lines.OrderBy(l => l.Position).ToList();
    }

    /// <summary>The line as the buyer system knows it: by the lineNumber and unit of measure of its purchase order (position and the product's unit when the order had none).</summary>
    private static CxmlOutboundLine ToOutbound(OrderLine l) => new(l.BuyerLineNumber ?? l.Position, l.Sku, l.Description, l.BuyerUnit ?? l.Unit, l.Quantity, l.UnitPrice);
}

namespace Portal.Api.Features.Ordering;

/// <summary>
/// Told about the supplier's steps on an order inside their transaction (before the save): a status change by the
/// ERP (confirm, ship, cancel) and an invoice. Another feature (punchout's cXML outbound) adds its effects to the
/// same unit of work, so they commit exactly when the change does.
/// </summary>
public interface IOrderFulfilmentListener
{
    /// <summary>The supplier moved <paramref name="order"/> (tracked, already at its new status) from <paramref name="from"/>, as <paramref name="request"/> asked (validated).</summary>
    Task OnStatusChangedAsync(Order order, string from, OrderStatusRequest request, CancellationToken cancellationToken);

    /// <summary>The ERP invoiced (part of) <paramref name="order"/>.</summary>
    Task OnInvoicedAsync(Order order, OrderInvoice invoice, CancellationToken cancellationToken);
}

namespace Portal.Punchout.Sessions;

/// <summary>
/// The cart transfer of one protocol: turns a priced cart into the form the buyer's browser posts back. cXML
/// sends a PunchOutOrderMessage in one field; OCI will send NEW_ITEM-* fields per line. The pages and the
/// session are the same for every protocol; only this step differs.
/// </summary>
public interface ICartTransfer
{
    /// <summary>The protocol this transfer serves (one of <see cref="PunchoutProtocols"/>).</summary>
    string Protocol { get; }

    /// <summary>The form for <paramref name="cart"/>.</summary>
    /// <param name="cart">The priced cart.</param>
    /// <param name="clock">The clock for timestamps.</param>
    CartTransferForm BuildForm(TransferCart cart, TimeProvider clock);
}

namespace Portal.Punchout.Sessions;

/// <summary>
/// The SSO shop's "transfer" (<see cref="PunchoutProtocols.Shop"/>): the cart has already been saved as a Portal
/// cart in the same transaction that ended the session; the browser is only sent on to the page showing it
/// (the session's return URL, on Portal's own origin). No cart data travels through the browser.
/// </summary>
public sealed class ShopCartTransfer : ICartTransfer
{
    /// <inheritdoc />
    public string Protocol => PunchoutProtocols.Shop;

    /// <inheritdoc />
    public CartTransferForm BuildForm(TransferCart cart, TimeProvider clock) =>
        new(cart.Session.ReturnUrl, [], cart.Lines.Count);
}

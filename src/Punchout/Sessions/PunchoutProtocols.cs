namespace Portal.Punchout.Sessions;

/// <summary>The punchout protocols a session can come by; each has its own cart transfer.</summary>
public static class PunchoutProtocols
{
    /// <summary>cXML PunchOutSetupRequest; the cart goes back as a PunchOutOrderMessage.</summary>
    public const string Cxml = "cxml";

    /// <summary>SAP OCI 4.0/5.0 (<c>/punchout/oci</c>); the cart goes back as NEW_ITEM-* fields.</summary>
    public const string Oci = "oci";

    /// <summary>
    /// The supplier's own shop for a person signed in with the account's identity provider (<c>/shop</c>): the
    /// same pages, and the cart is saved as a Portal cart of the user instead of going to a buyer system.
    /// </summary>
    public const string Shop = "shop";
}

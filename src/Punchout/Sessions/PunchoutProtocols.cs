namespace Portal.Punchout.Sessions;

/// <summary>The punchout protocols a session can come by; each has its own cart transfer.</summary>
public static class PunchoutProtocols
{
    /// <summary>cXML PunchOutSetupRequest; the cart goes back as a PunchOutOrderMessage.</summary>
    public const string Cxml = "cxml";

    /// <summary>SAP OCI 4.0/5.0 (<c>/punchout/oci</c>); the cart goes back as NEW_ITEM-* fields.</summary>
    public const string Oci = "oci";
}

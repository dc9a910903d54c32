namespace Portal.Punchout.Sessions;

/// <summary>The punchout protocols a session can come by; each has its own cart transfer.</summary>
public static class PunchoutProtocols
{
    /// <summary>cXML PunchOutSetupRequest; the cart goes back as a PunchOutOrderMessage.</summary>
    public const string Cxml = "cxml";

    /// <summary>SAP OCI (issue #19, not implemented yet); the cart goes back as NEW_ITEM-* fields.</summary>
    public const string Oci = "oci";
}

namespace Portal.Api.Features.Punchout.Oci;

/// <summary>The supplier's vendor number in a buyer's SAP system (OCI NEW_ITEM-VENDOR): the account's, else the installation's.</summary>
public static class OciVendor
{
    /// <summary>The vendor number for <paramref name="account"/>, or null when neither the account nor the installation names one.</summary>
    public static string? Of(PunchoutAccount? account, PortalOptions options) =>
        account?.OciVendorNumber is { Length: > 0 } own ? own
        : options.Punchout.Oci.VendorNumber?.Trim() is { Length: > 0 and <= 10 } installation ? installation
        : null;
}

namespace Portal.Punchout.Transport;

/// <summary>Limits of the cXML transport and how the host's failures are classified.</summary>
public sealed class CxmlTransportOptions
{
    /// <summary>The largest cXML document accepted, in bytes (the reader also caps characters).</summary>
    public const long DefaultMaxDocumentBytes = 10 * 1024 * 1024;

    /// <summary>The largest cXML document accepted, in bytes.</summary>
    public long MaxDocumentBytes { get; set; } = DefaultMaxDocumentBytes;

    /// <summary>Buyer systems wait 60 seconds at most (Coupa); past this budget the answer is a transient 560 and the buyer re-sends.</summary>
    public TimeSpan TimeBudget { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// Whether a failure is transient (the database dropped out and retries did not help): answered 560 with
    /// Retry-After, since nothing was changed and the buyer's re-send is safe. Set by the host.
    /// </summary>
    public Func<Exception, bool> IsTransient { get; set; } = _ => false;
}

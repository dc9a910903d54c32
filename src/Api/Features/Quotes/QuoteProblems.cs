namespace Portal.Api.Features.Quotes;

/// <summary>409 <c>quote-expired</c>: the offer's <c>validUntil</c> has passed (whether or not the expiry job has run).</summary>
public sealed class QuoteExpiredException : ProblemException
{
    public QuoteExpiredException(string number, int version, DateTimeOffset validUntil)
        : base(409, ProblemTypes.QuoteExpired, "The offer has expired.",
            $"Version {version} of quote {number} was valid until {validUntil:O}; ask for a new version (revise) or a new quote.")
    {
        Extensions["validUntil"] = validUntil;
        Extensions["version"] = version;
    }
}

/// <summary>409 <c>quote-superseded</c>: a newer version was sent; only the latest sent version can be accepted.</summary>
public sealed class QuoteSupersededException : ProblemException
{
    public QuoteSupersededException(string number, int version, int latest)
        : base(409, ProblemTypes.QuoteSuperseded, "The offer version is superseded.",
            $"Version {version} of quote {number} was superseded by version {latest}; only the latest sent version can be accepted.")
    {
        Extensions["version"] = version;
        Extensions["latestVersion"] = latest;
    }
}

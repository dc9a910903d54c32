namespace Portal.Api.Features.Punchout;

public static class PunchoutFormEncodings
{
    public const string Base64 = "cxml-base64";
    public const string UrlEncoded = "cxml-urlencoded";
}

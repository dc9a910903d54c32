namespace Portal.Api.Features.Approvals;

/// <summary>
/// What an e-mailed decision link is bound to: one approver, one approval, one level, until a time, and the round of
/// the approval (its start, in microseconds: a change order starts the approval over, and a link of an earlier round
/// does not decide the new one). Links issued before rounds were recorded carry none.
/// </summary>
public sealed record ApprovalLinkToken(Guid ApprovalId, Guid UserId, int Level, DateTimeOffset ExpiresAt, long? Round = null)
{
    /// <summary>The round an approval is in: when it (last) started, in microseconds (what every database keeps of it).</summary>
    public static long RoundOf(Approval approval) => approval.CreatedAt.UtcTicks / 10;
}

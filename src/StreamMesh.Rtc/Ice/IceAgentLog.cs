using System.Net;
using Microsoft.Extensions.Logging;

namespace StreamMesh.Rtc.Ice;

/// <summary>Source-generated log messages of <see cref="IceAgent"/> (event ids 1100–1199).</summary>
internal static partial class IceAgentLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "ICE {Ufrag}: state {State}")]
    public static partial void StateChanged(ILogger logger, string ufrag, IceConnectionState state);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "ICE {Ufrag}: selected pair {Pair}")]
    public static partial void PairSelected(ILogger logger, string ufrag, IceCandidatePair pair);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "ICE {Ufrag}: learned peer-reflexive remote candidate {RemoteEndPoint}")]
    public static partial void PeerReflexiveLearned(ILogger logger, string ufrag, IPEndPoint remoteEndPoint);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "ICE {Ufrag}: role conflict, switching to {Role}")]
    public static partial void RoleSwitched(ILogger logger, string ufrag, IceRole role);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Debug, Message = "ICE {Ufrag}: check from {RemoteEndPoint} rejected with {ErrorCode}")]
    public static partial void CheckRejected(ILogger logger, string ufrag, IPEndPoint remoteEndPoint, int errorCode);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Debug, Message = "ICE {Ufrag}: pair {Pair} failed ({Reason})")]
    public static partial void PairFailed(ILogger logger, string ufrag, IceCandidatePair pair, string reason);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "ICE {Ufrag}: failed ({Reason})")]
    public static partial void AgentFailed(ILogger logger, string ufrag, string reason);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Debug, Message = "ICE {Ufrag}: gathered {Candidate}")]
    public static partial void CandidateGathered(ILogger logger, string ufrag, IceCandidate candidate);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Warning, Message = "ICE {Ufrag}: STUN server {Server} did not answer; no server-reflexive candidate")]
    public static partial void ServerReflexiveTimedOut(ILogger logger, string ufrag, IPEndPoint server);

    [LoggerMessage(EventId = 1109, Level = LogLevel.Debug, Message = "ICE {Ufrag}: ignored remote candidate {Candidate} ({Reason})")]
    public static partial void RemoteCandidateIgnored(ILogger logger, string ufrag, IceCandidate candidate, string reason);

    [LoggerMessage(EventId = 1110, Level = LogLevel.Debug, Message = "ICE {Ufrag}: nominating {Pair}")]
    public static partial void Nominating(ILogger logger, string ufrag, IceCandidatePair pair);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Trace, Message = "ICE {Ufrag}: response from {RemoteEndPoint} failed authentication")]
    public static partial void ResponseUnauthenticated(ILogger logger, string ufrag, IPEndPoint remoteEndPoint);

    [LoggerMessage(EventId = 1112, Level = LogLevel.Error, Message = "ICE {Ufrag}: StateChanged handler threw")]
    public static partial void StateHandlerFailed(ILogger logger, string ufrag, Exception exception);
}

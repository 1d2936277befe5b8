using System.Net;
using System.Net.Sockets;
using StreamMesh.Rtc.Stun;

namespace StreamMesh.Rtc.Ice;

/// <summary>Local and remote candidate bookkeeping and pairing.</summary>
public sealed partial class IceAgent
{
    /// <summary>RFC 8445 §7.3.1.3: a check from an unknown address reveals a peer-reflexive candidate.</summary>
    private IceCandidatePair? LearnPeerReflexive(in StunMessage request, IPEndPoint remote)
    {
        IceCandidate? candidate = _checkList.FindRemote(remote);
        if (candidate is null)
        {
            if (_checkList.IsFull)
            {
                return null;
            }

            uint priority = request.TryGetPriority(out uint signalled)
                ? signalled
                : IceCandidatePriority.ForCandidate(IceCandidateType.PeerReflexive, IceCandidatePriority.MaxLocalPreference);
            candidate = new IceCandidate(
                IceHostCandidateGatherer.Foundation(IceCandidateType.PeerReflexive, remote.Address, null),
                IceCandidatePriority.RtpComponent,
                "udp",
                priority,
                remote.Address.ToString(),
                remote.Port,
                IceCandidateType.PeerReflexive);
            _checkList.AddRemote(candidate);
            IceAgentLog.PeerReflexiveLearned(_logger, LocalUsernameFragment, remote);
        }

        return Pair(candidate);
    }

    private bool AddRemoteCandidateLocked(IceCandidate candidate)
    {
        string? reason = candidate switch
        {
            _ when _state == IceConnectionState.Closed => "agent closed",
            { IsUdp: false } => "not UDP",
            { Component: not IceCandidatePriority.RtpComponent } => "component other than 1",
            { EndPoint: null } => candidate.IsMdnsHostname ? "mDNS hostname" : "not an IP address",
            { Port: 0 } => "port 0",
            _ => null,
        };
        if (reason is null && RepresentativeLocal(candidate.IPAddress!) is null)
        {
            reason = "address family not reachable from the mux socket";
        }

        IceCandidate? existing = reason is null ? _checkList.FindRemote(candidate.EndPoint!) : null;
        if (existing is not null)
        {
            if (existing.Type == IceCandidateType.PeerReflexive && candidate.Type != IceCandidateType.PeerReflexive)
            {
                // Learned from a check first, signalled later: keep the pair, adopt the signalled identity.
                _checkList.ReplaceRemote(existing, candidate, _role);
                return true;
            }

            reason = "duplicate";
        }

        if (reason is null && _checkList.IsFull)
        {
            reason = "too many remote candidates";
        }

        if (reason is not null)
        {
            IceAgentLog.RemoteCandidateIgnored(_logger, LocalUsernameFragment, candidate, reason);
            return false;
        }

        _checkList.AddRemote(candidate);
        Pair(candidate);
        return true;
    }

    private IceCandidatePair? Pair(IceCandidate remote)
    {
        IceCandidate? local = RepresentativeLocal(remote.IPAddress!);
        return local is null
            ? null
            : _checkList.AddPair(local, remote, Mux.CreateSocketAddress(remote.EndPoint!), _role);
    }

    /// <summary>
    /// The local host candidate a check to <paramref name="remote"/> most likely leaves from: the socket
    /// is shared, so this only decides the pair priority and what is reported — loopback for loopback
    /// peers, otherwise the preferred interface of the same family.
    /// </summary>
    private IceCandidate? RepresentativeLocal(IPAddress remote)
    {
        EnsureHostCandidates();
        bool loopback = IPAddress.IsLoopback(remote);
        IceCandidate? fallback = null;
        foreach (IceCandidate local in _localCandidates)
        {
            if (local.Type != IceCandidateType.Host || local.IPAddress?.AddressFamily != remote.AddressFamily)
            {
                continue;
            }

            if (IPAddress.IsLoopback(local.IPAddress) == loopback)
            {
                return local;
            }

            fallback ??= local;
        }

        if (fallback is null && remote.AddressFamily == AddressFamily.InterNetwork && Mux.LocalEndPoint.Address.Equals(IPAddress.IPv6Any))
        {
            // Dual-stack socket with IPv6-only candidates can still reach IPv4 peers.
            foreach (IceCandidate local in _localCandidates)
            {
                return local;
            }
        }

        return fallback;
    }

    private void EnsureHostCandidates()
    {
        if (_hostsGathered)
        {
            return;
        }

        _hostsGathered = true;
        foreach (IceCandidate candidate in IceHostCandidateGatherer.Gather(Mux.LocalEndPoint, _options.IncludeLoopback))
        {
            _localCandidates.Add(candidate);
            IceAgentLog.CandidateGathered(_logger, LocalUsernameFragment, candidate);
        }
    }

    /// <summary>Adds the srflx candidate unless it equals a host candidate (RFC 8445 §5.1.3).</summary>
    private void AddServerReflexiveCandidate(IPEndPoint mapped, IPEndPoint server)
    {
        foreach (IceCandidate existing in _localCandidates)
        {
            if (mapped.Equals(existing.EndPoint))
            {
                return;
            }
        }

        IPAddress baseAddress = IceHostCandidateGatherer.RouteSource(Mux.LocalEndPoint, server.Address);
        ushort localPreference = IceCandidatePriority.MaxLocalPreference;
        foreach (IceCandidate host in _localCandidates)
        {
            if (baseAddress.Equals(host.IPAddress))
            {
                localPreference = IceCandidatePriority.LocalPreferenceOf(host.Priority);
                break;
            }
        }

        var candidate = new IceCandidate(
            IceHostCandidateGatherer.Foundation(IceCandidateType.ServerReflexive, baseAddress, server),
            IceCandidatePriority.RtpComponent,
            "udp",
            IceCandidatePriority.ForCandidate(IceCandidateType.ServerReflexive, localPreference),
            mapped.Address.ToString(),
            mapped.Port,
            IceCandidateType.ServerReflexive,
            baseAddress.ToString(),
            Mux.LocalEndPoint.Port);
        _localCandidates.Add(candidate);
        IceAgentLog.CandidateGathered(_logger, LocalUsernameFragment, candidate);
    }
}

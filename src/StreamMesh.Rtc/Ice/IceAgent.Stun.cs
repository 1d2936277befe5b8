using System.Net;
using System.Net.Sockets;
using StreamMesh.Rtc.Stun;

namespace StreamMesh.Rtc.Ice;

/// <summary>Incoming STUN and candidate bookkeeping.</summary>
public sealed partial class IceAgent
{
    /// <summary>Called by the mux receive loop for a STUN message routed to this agent.</summary>
    internal IceStunDisposition ProcessStun(in StunMessage message, IPEndPoint remote)
    {
        IceStunDisposition result;
        lock (_gate)
        {
            if (_state == IceConnectionState.Closed)
            {
                return IceStunDisposition.Ignored;
            }

            result = message.Class switch
            {
                StunMessageClass.Request => HandleRequest(message, remote),
                StunMessageClass.SuccessResponse or StunMessageClass.ErrorResponse => HandleResponse(message, remote),
                _ => IceStunDisposition.Ignored,
            };
        }

        DispatchEvents();
        return result;
    }

    /// <summary>A connectivity check from the peer (RFC 8445 §7.3).</summary>
    private IceStunDisposition HandleRequest(in StunMessage request, IPEndPoint remote)
    {
        TimeSpan now = Now;
        if (!request.HasMessageIntegrity)
        {
            Reject(request.TransactionId, remote, StunErrorCodes.BadRequest);
            return IceStunDisposition.Unauthenticated;
        }

        if (!request.VerifyMessageIntegrity(_localKey))
        {
            Reject(request.TransactionId, remote, StunErrorCodes.Unauthenticated);
            return IceStunDisposition.Unauthenticated;
        }

        // RFC 8445 §7.3.1.1: the larger tie-breaker keeps (or takes) the controlling role.
        if (_role == IceRole.Controlling && request.TryGetIceControlling(out ulong theirs))
        {
            if (TieBreaker >= theirs)
            {
                SendError(request.TransactionId, remote, StunErrorCodes.RoleConflict);
                return IceStunDisposition.Handled;
            }

            SwitchRole(IceRole.Controlled);
        }
        else if (_role == IceRole.Controlled && request.TryGetIceControlled(out theirs))
        {
            if (TieBreaker < theirs)
            {
                SendError(request.TransactionId, remote, StunErrorCodes.RoleConflict);
                return IceStunDisposition.Handled;
            }

            SwitchRole(IceRole.Controlling);
        }

        int length = IceStunEncoder.WriteSuccess(_scratch, request.TransactionId, remote, _localKey);
        Mux.Send(_scratch.AsSpan(0, length), remote);
        _registration?.BindRemote(remote);

        IceCandidatePair? pair = _checkList.FindPair(remote) ?? LearnPeerReflexive(request, remote);
        if (pair is null)
        {
            return IceStunDisposition.Handled;
        }

        if (ReferenceEquals(pair, _selected))
        {
            _consent.OnPeerActivity(now);
        }

        TriggerCheck(pair, now);

        // RFC 8445 §7.3.1.5: the controlled agent nominates the pair the controlling one marks.
        if (request.HasUseCandidate && _role == IceRole.Controlled)
        {
            if (pair.State == IceCandidatePairState.Succeeded)
            {
                Select(pair, now);
            }
            else
            {
                pair.NominateOnSuccess = true;
            }
        }

        ServiceWork(now);
        return IceStunDisposition.Handled;
    }

    /// <summary>RFC 8445 §7.3.1.4: a check received on a pair causes a triggered check unless it is valid.</summary>
    private void TriggerCheck(IceCandidatePair pair, TimeSpan now)
    {
        switch (pair.State)
        {
            case IceCandidatePairState.Succeeded:
                return;
            case IceCandidatePairState.InProgress:
                // Cancel: no more retransmissions, no failure on silence, but a late answer still counts.
                if (pair.CurrentCheck is IceTransaction check)
                {
                    check.NextRetransmitAt = TimeSpan.MaxValue;
                    check.GiveUpAt = Min(check.GiveUpAt, now + (check.Rto * FinalWaitMultiplier));
                    pair.CurrentCheck = null;
                }

                break;
        }

        pair.State = IceCandidatePairState.Waiting;
        _checkList.EnqueueTriggered(pair);
    }

    /// <summary>A response to one of our requests (RFC 8445 §7.2.5, RFC 7675 §5.1, RFC 8489 §6.3).</summary>
    private IceStunDisposition HandleResponse(in StunMessage response, IPEndPoint remote)
    {
        if (!_transactions.TryGetValue(response.TransactionId, out IceTransaction? transaction))
        {
            return IceStunDisposition.Ignored;
        }

        TimeSpan now = Now;
        if (transaction.Kind == IceTransactionKind.ServerReflexive)
        {
            IPEndPoint? mapped = null;
            if (response.Class == StunMessageClass.SuccessResponse && !response.TryGetXorMappedAddress(out mapped))
            {
                response.TryGetMappedAddress(out mapped);
            }

            RemoveTransaction(transaction);
            transaction.ServerReflexiveResult?.TrySetResult(mapped);
            return IceStunDisposition.Handled;
        }

        // Responses are signed with the password of the agent that answers: the peer's (RFC 8445 §7.2.5.1).
        // A forged response leaves the transaction alone so that the genuine one can still arrive.
        if (_remoteKey is null || !response.VerifyMessageIntegrity(_remoteKey))
        {
            IceAgentLog.ResponseUnauthenticated(_logger, LocalUsernameFragment, remote);
            return IceStunDisposition.Unauthenticated;
        }

        RemoveTransaction(transaction);
        IceCandidatePair pair = transaction.Pair!;
        if (response.Class == StunMessageClass.ErrorResponse)
        {
            HandleErrorResponse(transaction, response, now);
            ServiceWork(now);
            return IceStunDisposition.Handled;
        }

        // RFC 8445 §7.2.5.2.1: the response must come from where the request went.
        if (!remote.Equals(transaction.Destination))
        {
            if (transaction.Kind == IceTransactionKind.Check && ReferenceEquals(pair.CurrentCheck, transaction))
            {
                FailPair(pair, "non-symmetric response");
            }

            return IceStunDisposition.Handled;
        }

        if (response.TryGetXorMappedAddress(out IPEndPoint? mappedAddress))
        {
            pair.MappedAddress = mappedAddress;
        }

        _registration?.BindRemote(remote);
        if (transaction.Kind == IceTransactionKind.Consent)
        {
            if (ReferenceEquals(pair, _selected))
            {
                _consent.OnConsentGranted(now);
            }

            ServiceWork(now);
            return IceStunDisposition.Handled;
        }

        if (ReferenceEquals(pair.CurrentCheck, transaction))
        {
            pair.CurrentCheck = null;
        }

        pair.State = IceCandidatePairState.Succeeded;
        _firstValidAt ??= now;
        if (transaction.UseCandidate && _role == IceRole.Controlling)
        {
            Select(pair, now);
        }
        else if (_role == IceRole.Controlled && pair.NominateOnSuccess)
        {
            Select(pair, now);
        }
        else if (ReferenceEquals(pair, _selected))
        {
            _consent.OnConsentGranted(now);
        }

        ServiceWork(now);
        return IceStunDisposition.Handled;
    }

    private void HandleErrorResponse(IceTransaction transaction, in StunMessage response, TimeSpan now)
    {
        response.TryGetErrorCode(out int code);
        IceCandidatePair pair = transaction.Pair!;
        if (code == StunErrorCodes.RoleConflict)
        {
            // RFC 8445 §7.2.5.1: switch to the opposite of the role we claimed, unless already done.
            if (transaction.RoleAtSend == _role)
            {
                SwitchRole(_role == IceRole.Controlling ? IceRole.Controlled : IceRole.Controlling);
            }

            if (transaction.Kind == IceTransactionKind.Check)
            {
                if (ReferenceEquals(pair.CurrentCheck, transaction))
                {
                    pair.CurrentCheck = null;
                }

                if (pair.State != IceCandidatePairState.Succeeded)
                {
                    pair.State = IceCandidatePairState.Waiting;
                }

                _checkList.EnqueueTriggered(pair);
            }

            return;
        }

        if (transaction.Kind == IceTransactionKind.Check)
        {
            // RFC 8445 §7.2.5.2.4: any other error fails the pair.
            FailPair(pair, $"error {code}");
        }

        _ = now;
    }

    private void Reject(StunTransactionId id, IPEndPoint remote, int code)
    {
        IceAgentLog.CheckRejected(_logger, LocalUsernameFragment, remote, code);
        int length = IceStunEncoder.WriteError(_scratch, id, code, default);
        Mux.Send(_scratch.AsSpan(0, length), remote);
    }

    private void SendError(StunTransactionId id, IPEndPoint remote, int code)
    {
        IceAgentLog.CheckRejected(_logger, LocalUsernameFragment, remote, code);
        int length = IceStunEncoder.WriteError(_scratch, id, code, _localKey);
        Mux.Send(_scratch.AsSpan(0, length), remote);
    }

    private void SwitchRole(IceRole role)
    {
        _role = role;
        _checkList.Reprioritize(role);
        if (role == IceRole.Controlled && _nominating is not null)
        {
            _nominating.NominateOnNextCheck = false;
            _nominating = null;
        }

        IceAgentLog.RoleSwitched(_logger, LocalUsernameFragment, role);
    }

    /// <summary>Makes <paramref name="pair"/> the selected pair (RFC 8445 §8.1.1, §7.3.1.5).</summary>
    private void Select(IceCandidatePair pair, TimeSpan now)
    {
        pair.Nominated = true;
        pair.NominateOnSuccess = false;
        _nominating = null;
        if (ReferenceEquals(_selected, pair))
        {
            _consent.OnConsentGranted(now);
            return;
        }

        // The controlled side follows the latest nomination: a browser that switches its selected pair
        // nominates the new one, and media must follow it.
        Volatile.Write(ref _selected, pair);
        IceAgentLog.PairSelected(_logger, LocalUsernameFragment, pair);
        if (_consent.IsRunning)
        {
            _consent.OnConsentGranted(now);
        }
        else
        {
            _consent.Start(now);
        }

        if (_state is IceConnectionState.New or IceConnectionState.Checking or IceConnectionState.Disconnected)
        {
            SetState(IceConnectionState.Connected);
        }

        // RFC 8445 §8.1.2: once nominated, checks on the other pairs stop retransmitting.
        foreach (IceCandidatePair other in _checkList.Pairs)
        {
            if (!ReferenceEquals(other, pair) && other.CurrentCheck is IceTransaction check)
            {
                check.NextRetransmitAt = TimeSpan.MaxValue;
                check.GiveUpAt = Min(check.GiveUpAt, now + (check.Rto * FinalWaitMultiplier));
            }
        }
    }

    private void FailPair(IceCandidatePair pair, string reason)
    {
        pair.State = IceCandidatePairState.Failed;
        pair.CurrentCheck = null;
        pair.NominateOnNextCheck = false;
        if (ReferenceEquals(_nominating, pair))
        {
            _nominating = null;
        }

        IceAgentLog.PairFailed(_logger, LocalUsernameFragment, pair, reason);
    }

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

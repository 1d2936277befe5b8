using System.Net;
using StreamMesh.Rtc.Stun;

namespace StreamMesh.Rtc.Ice;

/// <summary>Incoming STUN: checks, responses, role conflicts and nomination.</summary>
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

        // Route the endpoint before answering: whatever the peer sends once it has the answer (DTLS)
        // must find the binding in place, whichever thread looks first.
        _registration?.BindRemote(remote);
        int length = IceStunEncoder.WriteSuccess(_scratch, request.TransactionId, remote, _localKey);
        Mux.Send(_scratch.AsSpan(0, length), remote);

        IceCandidatePair? pair = _checkList.FindPair(remote) ?? LearnPeerReflexive(request, remote);
        if (pair is null)
        {
            return IceStunDisposition.Handled;
        }

        if (ReferenceEquals(pair, _selected))
        {
            _consent.OnPeerActivity();
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
            Mux.CountUnauthenticated();
            return IceStunDisposition.Unauthenticated;
        }

        RemoveTransaction(transaction);
        IceCandidatePair pair = transaction.Pair!;
        if (response.Class == StunMessageClass.ErrorResponse)
        {
            HandleErrorResponse(transaction, response);
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

    private void HandleErrorResponse(IceTransaction transaction, in StunMessage response)
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
    }

    private void Reject(StunTransactionId id, IPEndPoint remote, int code)
    {
        Mux.CountUnauthenticated();
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
}

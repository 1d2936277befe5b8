using System.Net;
using StreamMesh.Rtc.Stun;

namespace StreamMesh.Rtc.Ice;

/// <summary>Timers, pacing, outgoing checks, nomination and consent.</summary>
public sealed partial class IceAgent
{
    /// <summary>Rm of RFC 8489 §6.2.1: after the last retransmission, wait Rm × RTO for an answer.</summary>
    private const int FinalWaitMultiplier = 16;

    private static readonly TimeSpan MinimumTimerDelay = TimeSpan.FromMilliseconds(1);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private void OnTimer()
    {
        lock (_gate)
        {
            if (_state == IceConnectionState.Closed)
            {
                return;
            }

            ServiceWork(Now);
        }

        DispatchEvents();
    }

    /// <summary>
    /// Does everything that is due at <paramref name="now"/> and re-arms the timer. Called under the
    /// lock after every event, so that a triggered check goes out at once when pacing allows.
    /// </summary>
    private void ServiceWork(TimeSpan now)
    {
        if (_state == IceConnectionState.Closed)
        {
            return;
        }

        FoldReportedMedia();
        ProcessDueTransactions(now);
        if (_state != IceConnectionState.Failed)
        {
            if (_started)
            {
                ConsiderNomination(now);
                // RFC 8445 §6.1.4.2: one check (triggered first, else ordinary) per Ta.
                if (now >= _nextPacedCheckAt && SendNextCheck(now))
                {
                    _nextPacedCheckAt = now + _options.PacingInterval;
                }
            }

            ServiceConsent(now);
            if (_state == IceConnectionState.Checking && now - _startedAt >= _options.CheckingTimeout)
            {
                Fail("no candidate pair could be selected in time");
            }
        }

        Reschedule(now);
    }

    /// <summary>Regular nomination by the controlling agent (RFC 8445 §8.1.1).</summary>
    private void ConsiderNomination(TimeSpan now)
    {
        if (_role != IceRole.Controlling || _selected is not null || _nominating is not null || _remoteKey is null)
        {
            return;
        }

        IceCandidatePair? best = _checkList.BestValid();
        if (best is null)
        {
            return;
        }

        // Prefer waiting for better pairs still being checked, but not forever.
        if (_checkList.HasUnfinishedAbove(best) && now - _firstValidAt < _options.NominationDelay)
        {
            return;
        }

        _nominating = best;
        best.NominateOnNextCheck = true;
        _checkList.EnqueueTriggered(best);
        IceAgentLog.Nominating(_logger, LocalUsernameFragment, best);
    }

    /// <summary>Sends the next triggered check, or else the next ordinary one. False when there is none.</summary>
    private bool SendNextCheck(TimeSpan now)
    {
        if (_remoteUfrag is null)
        {
            return false;
        }

        while (_checkList.DequeueTriggered() is IceCandidatePair triggered)
        {
            bool stillUseful = triggered.NominateOnNextCheck
                || triggered.State is IceCandidatePairState.Waiting or IceCandidatePairState.Frozen;
            if (stillUseful)
            {
                SendCheck(triggered, now);
                return true;
            }
        }

        // RFC 8445 §8.1.2: once a pair is selected, ordinary checks stop.
        if (_selected is not null || _checkList.NextWaiting() is not IceCandidatePair ordinary)
        {
            return false;
        }

        SendCheck(ordinary, now);
        return true;
    }

    private void SendCheck(IceCandidatePair pair, TimeSpan now)
    {
        bool useCandidate = pair.NominateOnNextCheck && _role == IceRole.Controlling;
        pair.NominateOnNextCheck = false;
        // RFC 8445 §14.3: RTO = MAX(500 ms, Ta × (Waiting + In-Progress pairs)).
        TimeSpan rto = _options.PacingInterval * Math.Max(1, _checkList.ActiveCount);
        if (rto < _options.InitialRto)
        {
            rto = _options.InitialRto;
        }

        IceTransaction transaction = CreateCheck(IceTransactionKind.Check, pair, useCandidate, rto);
        if (_options.MaxRetransmissions > 0)
        {
            transaction.NextRetransmitAt = now + rto;
        }
        else
        {
            transaction.GiveUpAt = now + (rto * FinalWaitMultiplier);
        }

        if (pair.State != IceCandidatePairState.Succeeded)
        {
            pair.State = IceCandidatePairState.InProgress;
            pair.CurrentCheck = transaction;
        }

        StartTransaction(transaction);
    }

    /// <summary>
    /// RFC 7675 §5.1: a fresh Binding request on the selected pair, not retransmitted; a late response
    /// is still accepted for a while.
    /// </summary>
    private void SendConsentCheck(IceCandidatePair pair, TimeSpan now)
    {
        // The controlling agent keeps USE-CANDIDATE on its checks of the selected pair, as libwebrtc
        // does: harmless for a peer that already selected it, a repair for one that missed it.
        IceTransaction transaction = CreateCheck(IceTransactionKind.Consent, pair, _role == IceRole.Controlling, _options.InitialRto);
        transaction.GiveUpAt = now + _options.ConsentInterval + _options.DisconnectedTimeout;
        StartTransaction(transaction);
    }

    private IceTransaction CreateCheck(IceTransactionKind kind, IceCandidatePair pair, bool useCandidate, TimeSpan rto)
    {
        var id = StunTransactionId.NewRandom();
        // RFC 8445 §7.1.1: PRIORITY is what our candidate would be as a peer-reflexive one.
        uint priority = IceCandidatePriority.ForCandidate(IceCandidateType.PeerReflexive, IceCandidatePriority.LocalPreferenceOf(pair.Local.Priority));
        int length = IceStunEncoder.WriteCheck(_scratch, id, _remoteUfrag!, LocalUsernameFragment, priority, _role, TieBreaker, useCandidate, _remoteKey);
        return new IceTransaction(id, kind, _scratch.AsSpan(0, length).ToArray(), pair.RemoteEndPoint)
        {
            Pair = pair,
            RoleAtSend = _role,
            UseCandidate = useCandidate,
            Rto = rto,
        };
    }

    private Task<IPEndPoint?> StartServerReflexiveQuery(IPEndPoint server, TimeSpan now)
    {
        var id = StunTransactionId.NewRandom();
        int length = IceStunEncoder.WriteServerReflexiveRequest(_scratch, id);
        var result = new TaskCompletionSource<IPEndPoint?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var transaction = new IceTransaction(id, IceTransactionKind.ServerReflexive, _scratch.AsSpan(0, length).ToArray(), server)
        {
            ServerReflexiveResult = result,
            Rto = _options.InitialRto,
            NextRetransmitAt = _options.MaxRetransmissions > 0 ? now + _options.InitialRto : TimeSpan.MaxValue,
            GiveUpAt = now + _options.GatheringTimeout,
        };
        StartTransaction(transaction);
        Reschedule(now);
        return result.Task;
    }

    private void CancelServerReflexiveQueries()
    {
        lock (_gate)
        {
            foreach (IceTransaction transaction in _transactions.Values)
            {
                if (transaction.Kind == IceTransactionKind.ServerReflexive)
                {
                    _dueTransactions.Add(transaction);
                }
            }

            foreach (IceTransaction transaction in _dueTransactions)
            {
                RemoveTransaction(transaction);
                transaction.ServerReflexiveResult?.TrySetResult(null);
            }

            _dueTransactions.Clear();
        }
    }

    private void StartTransaction(IceTransaction transaction)
    {
        _transactions[transaction.Id] = transaction;
        _registration?.TrackTransaction(transaction.Id);
        Transmit(transaction);
    }

    private void Transmit(IceTransaction transaction)
    {
        if (transaction.Pair is IceCandidatePair pair)
        {
            Mux.Send(transaction.Request, pair.RemoteSocketAddress);
        }
        else
        {
            Mux.Send(transaction.Request, transaction.Destination);
        }
    }

    private void RemoveTransaction(IceTransaction transaction)
    {
        _transactions.Remove(transaction.Id);
        _registration?.ForgetTransaction(transaction.Id);
    }

    /// <summary>Retransmits (RFC 8489 §6.2.1: RTO doubling, Rc transmissions) and times out transactions.</summary>
    private void ProcessDueTransactions(TimeSpan now)
    {
        _dueTransactions.Clear();
        foreach (IceTransaction transaction in _transactions.Values)
        {
            if (transaction.DueAt <= now)
            {
                _dueTransactions.Add(transaction);
            }
        }

        foreach (IceTransaction transaction in _dueTransactions)
        {
            if (now >= transaction.GiveUpAt)
            {
                RemoveTransaction(transaction);
                OnTransactionTimeout(transaction);
                continue;
            }

            Transmit(transaction);
            transaction.Transmissions++;
            if (transaction.Transmissions > _options.MaxRetransmissions)
            {
                transaction.NextRetransmitAt = TimeSpan.MaxValue;
                transaction.GiveUpAt = Min(transaction.GiveUpAt, now + (transaction.Rto * FinalWaitMultiplier));
            }
            else
            {
                transaction.NextRetransmitAt = now + (transaction.Rto * (1 << (transaction.Transmissions - 1)));
            }
        }

        _dueTransactions.Clear();
    }

    private void OnTransactionTimeout(IceTransaction transaction)
    {
        switch (transaction.Kind)
        {
            case IceTransactionKind.ServerReflexive:
                transaction.ServerReflexiveResult?.TrySetResult(null);
                break;
            case IceTransactionKind.Check when transaction.Pair is IceCandidatePair pair:
                if (transaction.UseCandidate && ReferenceEquals(_nominating, pair))
                {
                    FailPair(pair, "nomination timed out");
                }
                else if (ReferenceEquals(pair.CurrentCheck, transaction))
                {
                    FailPair(pair, "check timed out");
                }

                break;
            default:
                // Consent checks expire silently; the consent monitor judges the silence.
                break;
        }
    }

    private void ServiceConsent(TimeSpan now)
    {
        if (_selected is not IceCandidatePair selected || !_consent.IsRunning)
        {
            return;
        }

        if (_consent.IsExpired(now))
        {
            Fail("consent expired (RFC 7675)");
            return;
        }

        if (_consent.IsCheckDue(now))
        {
            SendConsentCheck(selected, now);
            _consent.OnCheckSent(now);
        }

        bool silent = _consent.IsSilent(now);
        if (silent && _state == IceConnectionState.Connected)
        {
            SetState(IceConnectionState.Disconnected);
        }
        else if (!silent && _state == IceConnectionState.Disconnected)
        {
            SetState(IceConnectionState.Connected);
        }
    }

    private void FoldReportedMedia()
    {
        long reportedAt = Volatile.Read(ref _mediaReceivedAt);
        if (reportedAt != _mediaFoldedAt)
        {
            _mediaFoldedAt = reportedAt;
            if (_consent.IsRunning)
            {
                _consent.OnPeerActivity();
            }
        }
    }

    private void Fail(string reason)
    {
        if (_state is IceConnectionState.Failed or IceConnectionState.Closed)
        {
            return;
        }

        IceAgentLog.AgentFailed(_logger, LocalUsernameFragment, reason);
        _consent.Stop();
        // RFC 7675 §5.1: stop sending. Outstanding requests are not retransmitted any more.
        foreach (IceTransaction transaction in _transactions.Values)
        {
            transaction.NextRetransmitAt = TimeSpan.MaxValue;
        }

        SetState(IceConnectionState.Failed);
    }

    private TaskCompletionSource<IPEndPoint?>[] DropAllTransactions()
    {
        var queries = new List<TaskCompletionSource<IPEndPoint?>>();
        foreach (IceTransaction transaction in _transactions.Values)
        {
            _registration?.ForgetTransaction(transaction.Id);
            if (transaction.ServerReflexiveResult is TaskCompletionSource<IPEndPoint?> query)
            {
                queries.Add(query);
            }
        }

        _transactions.Clear();
        return [.. queries];
    }

    /// <summary>Arms the single timer for the earliest pending deadline.</summary>
    private void Reschedule(TimeSpan now)
    {
        if (_state == IceConnectionState.Closed)
        {
            return;
        }

        TimeSpan due = TimeSpan.MaxValue;
        foreach (IceTransaction transaction in _transactions.Values)
        {
            due = Min(due, transaction.DueAt);
        }

        bool active = _state is not IceConnectionState.Failed;
        if (active && _started && _remoteUfrag is not null
            && (_checkList.HasTriggered || (_selected is null && _checkList.NextWaiting() is not null)))
        {
            due = Min(due, _nextPacedCheckAt);
        }

        if (active && _started && _role == IceRole.Controlling && _selected is null && _nominating is null && _firstValidAt is TimeSpan firstValid)
        {
            due = Min(due, firstValid + _options.NominationDelay);
        }

        if (active && _consent.IsRunning)
        {
            due = Min(due, _consent.NextDueAt);
        }

        if (_state == IceConnectionState.Checking)
        {
            due = Min(due, _startedAt + _options.CheckingTimeout);
        }

        if (due == TimeSpan.MaxValue)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        TimeSpan delay = due - now;
        _timer.Change(delay < MinimumTimerDelay ? MinimumTimerDelay : delay, Timeout.InfiniteTimeSpan);
    }
}

// StreamMesh player: finds its nearest parent through the tracker and receives one stream over WebRTC.
//
// Tracker mode (the node has a tracker): join as a viewer (docs/tracker-api.md), probe every candidate
// by an HTTP round trip to its /healthz, confirm them nearest first, attach to the granted parent over
// WHEP with the tracker's ticket, heartbeat with quality-of-experience statistics, and when the parent
// falls silent report it unreachable and attach to the parent the tracker names next.
// Direct mode (no tracker, or a ?ticket= in the URL): attach to the node that served the page.
// WHEP (draft-ietf-wish-whep §4.2): POST the offer as application/sdp, get 201 + answer + Location,
// DELETE the Location to leave. The node does not trickle, so the offer is complete.
// Standard APIs only; two optional Chromium extensions are feature-detected (see enableAbsCaptureTime).
'use strict';
const StreamMeshPlayer = (() => {
  const NTP_TO_UNIX_MS = 2208988800000; // RFC 5905 §6: NTP era 0 starts 70 years before the Unix epoch
  // Parent liveness (docs/player.md, "Detecting a lost parent"), modelled on the relays' (docs/relay-tree.md, Healing):
  // silence makes the player suspicious early, and the parent's own /healthz settles it cheaply. A live stream sends
  // audio every 20 ms and video every 33 ms, so 300 ms without a packet (the relays' Tree:SilenceTimeoutMs) is a stall
  // or a failure; it is not the verdict, so a busy machine's stall costs one health check, not a move.
  const SUSPECT_AFTER_MS = 300;
  const CHECK_MS = 100; // the liveness tick (one getStats per tick; overlay and QoE every OVERLAY_MS of those)
  const OVERLAY_MS = 250;
  const HEALTH_TIMEOUT_MS = 500; // the tracker allows its own liveness check as long (Tracker:ReportCheckTimeoutSeconds)
  const VOUCH_MS = 250; // a parent that answered is asked again after this long if still silent
  // Silent this long although the parent answers: report it without insisting and let the tracker (which checks the
  // parent itself) decide; this long again and more: insist, as a relay does after 5 s.
  const SILENCE_LIMIT_MS = 1500;
  const ESCALATE_AFTER_MS = 5000;
  // Left without a parent right after losing one: ask the tracker again every DETACHED_ASK_MS for this long (relays ask
  // every 150 ms); after that the heartbeat answers bring the next parent, so a full stream is not polled hard.
  const DETACHED_ASK_MS = 150;
  const DETACHED_FAST_ASK_MS = 3000;
  const ABS_CAPTURE_TIME = 'http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time';
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  class TrackerError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }

  function trackerApi(base, stream) {
    const root = base || window.location.origin;
    const streamUrl = (path) => `${root}/api/streams/${encodeURIComponent(stream)}/${path}`;
    async function send(url, init) {
      let response;
      try {
        response = await fetch(url, Object.assign({ cache: 'no-store', signal: AbortSignal.timeout(8000) }, init));
      } catch (err) {
        throw new TrackerError(0, `The tracker at ${root} cannot be reached (${err.name === 'TimeoutError' ? 'no answer within 8 s' : 'connection failed'}).`);
      }
      const text = await response.text();
      if (!response.ok) {
        let detail = text;
        try { const p = JSON.parse(text); detail = p.detail || p.title || text; } catch { /* plain text */ }
        throw new TrackerError(response.status, detail);
      }
      return text ? JSON.parse(text) : {};
    }
    return {
      root,
      post: (path, body, keepalive) => send(streamUrl(path), {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), keepalive: !!keepalive,
      }),
      streams: () => send(`${root}/api/streams`, { method: 'GET' }),
    };
  }

  /** HTTP round trip to a node's /healthz, best of three (the first pays for the TCP handshake); null when unreachable. */
  async function probe(url) {
    let best = null;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      try {
        const r = await fetch(`${url.replace(/\/$/, '')}/healthz`, { cache: 'no-store', signal: AbortSignal.timeout(2000) });
        if (!r.ok) return null;
        await r.text();
      } catch {
        return null;
      }
      const rtt = performance.now() - started;
      best = best === null ? rtt : Math.min(best, rtt);
    }
    return Math.round(best * 100) / 100;
  }

  async function probeAll(candidates, known) {
    await Promise.all(candidates.filter((c) => c.url && !(c.peerId in known)).map(async (c) => { known[c.peerId] = await probe(c.url); }));
    return Object.entries(known).filter(([, rtt]) => rtt !== null).map(([peerId, rttMs]) => ({ peerId, rttMs }));
  }

  /**
   * Whether a silent parent's process is still there: 'answered' (any HTTP answer, even an error status), 'refused'
   * (nothing listens: connection refused or reset) or 'timeout'. no-cors, because the answer's content does not
   * matter and a CORS refusal must not pass for a dead node: an opaque answer resolves, a network error rejects.
   */
  async function askParent(url) {
    try {
      await fetch(`${url.replace(/\/$/, '')}/healthz`, { mode: 'no-cors', cache: 'no-store', signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
      return 'answered';
    } catch (err) {
      return err && (err.name === 'TimeoutError' || err.name === 'AbortError') ? 'timeout' : 'refused';
    }
  }

  /**
   * Calls tick every periodMs on a fixed schedule: a late tick does not shift the ones after it, and the next tick is
   * only scheduled once the previous one finished, so getStats calls never pile up on a busy machine (ticks that
   * would have started during a long one are skipped and counted). Lateness is kept for the tests and the curious.
   */
  function steadyTimer(periodMs, tick) {
    const timing = { periodMs, ticks: 0, skipped: 0, lateMs: [], errors: 0, lastError: null };
    let due = performance.now() + periodMs;
    const run = async () => {
      const started = performance.now();
      timing.ticks += 1;
      timing.lateMs.push(Math.round((started - due) * 10) / 10);
      if (timing.lateMs.length > 3000) timing.lateMs.splice(0, 1000);
      try {
        await tick(started);
      } catch (err) {
        // Counted, so a bug in the tick cannot hide (the tests read it); the next tick runs anyway.
        timing.errors += 1;
        timing.lastError = String((err && err.stack) || err);
      }
      due += periodMs;
      const now = performance.now();
      if (due < now) {
        const missed = Math.ceil((now - due) / periodMs);
        timing.skipped += missed;
        due += missed * periodMs;
      }
      setTimeout(run, due - now);
    };
    setTimeout(run, periodMs);
    return timing;
  }

  // Chromium negotiates abs-capture-time only when asked (webrtc-extensions setHeaderExtensionsToNegotiate);
  // with it, getSynchronizationSources() carries captureTimestamp and senderCaptureTimeOffset.
  function enableAbsCaptureTime(transceiver) {
    if (typeof transceiver.getHeaderExtensionsToNegotiate !== 'function') return false;
    try {
      const extensions = transceiver.getHeaderExtensionsToNegotiate();
      const ext = extensions.find((e) => e.uri === ABS_CAPTURE_TIME);
      if (!ext) return false;
      ext.direction = 'sendrecv';
      transceiver.setHeaderExtensionsToNegotiate(extensions);
      return true;
    } catch {
      return false;
    }
  }

  function waitForIceGathering(pc, timeoutMs) {
    if (pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => { pc.removeEventListener('icegatheringstatechange', check); resolve(); };
      const check = () => { if (pc.iceGatheringState === 'complete') done(); };
      pc.addEventListener('icegatheringstatechange', check);
      setTimeout(done, timeoutMs);
    });
  }

  async function connectWhep(whepUrl, ticket) {
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
    const video = pc.addTransceiver('video', { direction: 'recvonly' });
    const audio = pc.addTransceiver('audio', { direction: 'recvonly' });
    // ?abscapture=0 leaves the extension off, as a browser without the API would (tests the RTCP SR fallback).
    if (new URLSearchParams(window.location.search).get('abscapture') !== '0') {
      enableAbsCaptureTime(video);
      enableAbsCaptureTime(audio);
    }
    const stream = new MediaStream();
    pc.ontrack = (e) => stream.addTrack(e.track);
    try {
      await pc.setLocalDescription(await pc.createOffer());
      await waitForIceGathering(pc, 2000);
      const headers = { 'Content-Type': 'application/sdp' };
      if (ticket) headers.Authorization = `Bearer ${ticket}`;
      let response;
      try {
        response = await fetch(whepUrl, { method: 'POST', headers, body: pc.localDescription.sdp, signal: AbortSignal.timeout(10000) });
      } catch {
        throw new Error(`${new URL(whepUrl, window.location.href).host} cannot be reached`);
      }
      if (response.status !== 201) {
        const text = (await response.text()).trim();
        const error = new Error(response.status === 404 ? `No stream here: ${text}` : `WHEP ${response.status}: ${text}`);
        error.status = response.status;
        throw error;
      }
      const location = new URL(response.headers.get('Location'), new URL(whepUrl, window.location.href)).toString();
      await pc.setRemoteDescription({ type: 'answer', sdp: await response.text() });
      return {
        pc, location, stream, videoReceiver: video.receiver, parent: null,
        // Liveness: packets seen so far (audio + video) and when the count last grew; see checkParent.
        packets: 0, lastMediaAt: performance.now(),
        hint: null, checking: false, vouchedUntil: 0, trackerVouchedUntil: 0, verdict: null,
      };
    } catch (err) {
      pc.close();
      throw err;
    }
  }

  function closeLink(link) {
    if (!link) return;
    link.pc.close();
    fetch(link.location, { method: 'DELETE', keepalive: true }).catch(() => {});
  }

  async function waitConnected(link, timeoutMs) {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      const s = link.pc.connectionState;
      if (s === 'connected') return;
      if (s === 'failed' || s === 'closed') break;
      await sleep(50);
    }
    throw new Error(`no connection (${link.pc.connectionState})`);
  }

  /** Glass-to-glass latency of the newest video frame in ms, and how it was derived; null when unknown. */
  function glassToGlass(link, inboundVideo) {
    const nowUnixMs = performance.timeOrigin + performance.now();
    const sources = link.videoReceiver.getSynchronizationSources ? link.videoReceiver.getSynchronizationSources() : [];
    for (const s of sources) {
      if (typeof s.captureTimestamp === 'number' && s.captureTimestamp > 0) {
        // captureTimestamp is on the capturer's NTP clock; senderCaptureTimeOffset is the receiver's estimate of
        // that clock's offset from its own (abs-capture-time, estimated capture clock offset).
        const captureUnixMs = s.captureTimestamp - NTP_TO_UNIX_MS + (s.senderCaptureTimeOffset || 0);
        return { ms: nowUnixMs - captureUnixMs, source: 'abs-capture-time' };
      }
    }
    // Fallback: the sender-clock NTP time of what is playing now, from RTCP SR NTP↔RTP mapping (webrtc-stats).
    if (inboundVideo && typeof inboundVideo.estimatedPlayoutTimestamp === 'number' && inboundVideo.estimatedPlayoutTimestamp > 0) {
      // Chromium counts from the NTP epoch (1900), Firefox from the Unix epoch (1970): a value below the offset is already Unix time.
      const playout = inboundVideo.estimatedPlayoutTimestamp;
      return { ms: nowUnixMs - (playout >= NTP_TO_UNIX_MS ? playout - NTP_TO_UNIX_MS : playout), source: 'RTCP SR' };
    }
    return null;
  }

  function median(values) {
    if (!values.length) return null;
    const s = [...values].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
  }

  async function start(opts) {
    const session = { mode: opts.tracker === null ? 'direct' : 'tracker', reattachments: 0, overlay: {}, latencySamples: [], stalledMs: 0, intervalMs: 0, events: [] };
    // What happened when (ms since page load): how long a reattachment took, step by step.
    const mark = (what) => { session.events.push(`${Math.round(performance.now())} ${what}`); if (session.events.length > 50) session.events.shift(); };
    window.streammesh = session; // for tests and curious operators: window.streammesh.pc.getStats(), .overlay
    const $ = (id) => document.getElementById(id);
    const setState = (text, cls) => { opts.stateElement.textContent = text; opts.stateElement.className = cls || ''; };
    const showMessage = (text) => {
      session.message = text;
      opts.messageElement.textContent = text || '';
      opts.messageElement.hidden = !text;
    };
    const fail = (text) => { session.error = text; showMessage(text); setState('stopped', 'failed'); };

    opts.unmuteButton.onclick = () => { opts.video.muted = !opts.video.muted; opts.unmuteButton.textContent = opts.video.muted ? 'Unmute' : 'Mute'; };
    const toggleOverlay = () => { opts.overlayElement.hidden = !opts.overlayElement.hidden; };
    opts.overlayButton.onclick = toggleOverlay;
    document.addEventListener('keydown', (e) => { if (e.key === 'i' && !e.ctrlKey && !e.metaKey) toggleOverlay(); });
    if (new URLSearchParams(window.location.search).get('overlay') === '0') opts.overlayElement.hidden = true;

    function use(link) {
      session.link = link;
      session.pc = link.pc;
      opts.video.srcObject = link.stream;
      opts.video.play().catch(() => {});
      // Where a reattachment's freeze goes: the first frame this link puts on screen (docs/player.md).
      if (link.parent && opts.video.requestVideoFrameCallback) {
        opts.video.requestVideoFrameCallback(() => { if (session.link === link) mark(`first frame from ${link.parent.peerId} on screen`); });
      }
    }

    // The attach loop naps between checks; the liveness tick and heartbeat answers wake it at once.
    let wakeUp = null;
    const wake = () => { const w = wakeUp; wakeUp = null; if (w) w(); };
    const nap = (ms) => new Promise((resolve) => {
      const timer = setTimeout(() => { wakeUp = null; resolve(); }, ms);
      wakeUp = () => { clearTimeout(timer); resolve(); };
    });

    /** Events that make a link suspicious at once, without waiting for the silence (docs/player.md). */
    function watchLink(link) {
      const who = () => (link.parent ? link.parent.peerId : window.location.host);
      const onState = () => {
        const s = link.pc.connectionState;
        const ice = link.pc.iceConnectionState;
        if (s === 'failed' || ice === 'failed') {
          if (!link.verdict && link === session.link) { link.verdict = { insist: true, why: 'connection failed' }; mark(`parent ${who()} connection failed`); wake(); }
        } else if (s === 'disconnected' || ice === 'disconnected') {
          link.hint = 'ICE disconnected';
        } else if (link.hint === 'ICE disconnected') {
          link.hint = null;
        }
      };
      link.pc.addEventListener('connectionstatechange', onState);
      link.pc.addEventListener('iceconnectionstatechange', onState);
      // webrtc-pc §4.5 (RTCRtpReceiver): a remote track is muted when its sender says RTCP BYE (RFC 3550 §6.6) or
      // its source times out, where the browser implements that; a hint only, confirmed like silence.
      const watchTrack = (track) => {
        track.addEventListener('mute', () => { if (link === session.link) { link.hint = `${track.kind} track muted`; mark(`parent ${who()}: ${track.kind} track muted`); } });
        track.addEventListener('unmute', () => { if (link.hint === `${track.kind} track muted`) link.hint = null; });
      };
      link.stream.getTracks().forEach(watchTrack);
      link.stream.addEventListener('addtrack', (e) => watchTrack(e.track));
    }

    /**
     * The relay's rule for a silent parent (docs/relay-tree.md, Healing), run on every liveness tick: silence (or a
     * hint) makes the player ask the parent's /healthz. Refused: the process is gone, report it insisting and move.
     * Answered: the parent is alive and most likely healing above us, so stay; ask again after VOUCH_MS while the
     * silence lasts, report it without insisting after SILENCE_LIMIT_MS (the tracker checks it too) and insist after
     * ESCALATE_AFTER_MS. No answer in time: report without insisting and let the tracker judge.
     */
    function checkParent(link, now) {
      if (link !== session.link || !link.parent || link.verdict || link.checking || now < link.vouchedUntil) return;
      const silentMs = now - link.lastMediaAt;
      if (silentMs < SUSPECT_AFTER_MS && !(link.hint && silentMs >= 2 * CHECK_MS)) return;
      link.checking = true;
      const who = link.parent.peerId;
      mark(`parent ${who} ${link.hint || 'silent'} for ${Math.round(silentMs)} ms, asking its /healthz`);
      askParent(link.parent.url).then((answer) => {
        link.checking = false;
        const t = performance.now();
        const silent = t - link.lastMediaAt;
        mark(`parent ${who} /healthz ${answer}`);
        if (link !== session.link || link.verdict) return;
        if (silent < SUSPECT_AFTER_MS && !link.hint) return; // media came back meanwhile
        if (answer === 'refused') link.verdict = { insist: true, why: 'gone (its /healthz refused)' };
        else if (answer === 'timeout') link.verdict = { insist: false, why: `silent ${Math.round(silent)} ms, no /healthz answer` };
        else if (silent >= ESCALATE_AFTER_MS) link.verdict = { insist: true, why: `silent ${Math.round(silent)} ms although alive` };
        else if (silent >= SILENCE_LIMIT_MS && t >= link.trackerVouchedUntil) link.verdict = { insist: false, why: `silent ${Math.round(silent)} ms although alive` };
        else link.vouchedUntil = t + VOUCH_MS;
        if (link.verdict) wake();
      });
    }

    session.timing = startStatsLoop(session, opts, checkParent, mark);

    const params = new URLSearchParams(window.location.search);
    if (session.mode === 'direct' || params.get('ticket')) {
      session.mode = 'direct';
      try {
        // ?token= is a viewer token for a private stream; a standalone node checks it on the WHEP offer.
        const link = await connectWhep(opts.whep, params.get('ticket') ?? params.get('token'));
        watchLink(link);
        use(link);
        link.pc.onconnectionstatechange = () => setState(link.pc.connectionState === 'connected' ? 'playing' : link.pc.connectionState,
          link.pc.connectionState === 'connected' ? 'playing' : (link.pc.connectionState === 'failed' ? 'failed' : ''));
        Object.assign(session.overlay, { parent: window.location.host, site: '–', hops: '–' });
        window.addEventListener('pagehide', () => closeLink(session.link));
      } catch (err) {
        fail(String(err.message || err));
      }
      return;
    }

    const api = trackerApi(opts.tracker, opts.stream);
    session.peerId = `web-${Math.random().toString(36).slice(2, 10)}`;
    let trackerSession = null;
    let latest = null; // newest parent assignment from any tracker answer

    async function explainMissingStream() {
      try {
        const names = (await api.streams()).map((s) => s.stream);
        return names.length
          ? `No stream named '${opts.stream}' is live. Live streams: ${names.join(', ')}.`
          : `No stream named '${opts.stream}' is live (the tracker has no streams right now).`;
      } catch {
        return `No stream named '${opts.stream}' is live.`;
      }
    }

    async function joinAndConfirm() {
      const known = {};
      const base = { peerId: session.peerId, role: 'viewer' };
      if (opts.site) base.site = opts.site;
      // A private stream's viewer token (docs/security.md), checked by the tracker at join.
      if (params.get('token')) base.token = params.get('token');
      let joined = await api.post('join', base);
      trackerSession = joined.session;
      let probes = await probeAll(joined.candidates, known);
      if (joined.landmarkRound) {
        joined = await api.post('join', Object.assign({}, base, { session: trackerSession, probes }));
        probes = await probeAll(joined.candidates, known);
      }
      session.probes = Object.assign({}, known);
      // Like the tracker's ranking, same-site parents first; within each, nearest measured first,
      // unmeasured ones in the tracker's order behind them, unreachable ones last.
      const siteRank = (c) => (joined.site && c.site && c.site.toLowerCase() === joined.site.toLowerCase() ? 0 : 1e10);
      const rank = (c) => siteRank(c) + (known[c.peerId] == null ? (c.peerId in known ? 1e9 : 1e6) : known[c.peerId]);
      const parents = [...joined.candidates].sort((a, b) => rank(a) - rank(b)).map((c) => c.peerId);
      if (!parents.length) throw new TrackerError(409, 'no relay or origin has a free slot');
      for (;;) {
        try {
          return await api.post('confirm', { peerId: session.peerId, session: trackerSession, parents, probes });
        } catch (err) {
          if (!(err instanceof TrackerError) || err.status !== 409) throw err;
          showMessage(`The stream is full: no relay or origin has room for another viewer (${err.message}). Retrying…`);
          setState('waiting for room', 'waiting');
          await sleep(5000);
        }
      }
    }

    // insist: the player is sure (its connection failed); otherwise the tracker checks the parent itself and may
    // answer "stay" when it is alive and only healing above (docs/relay-tree.md, the healing rule).
    const report = (ids, insist) => api.post('unreachable', { peerId: session.peerId, session: trackerSession, unreachable: ids, insist: !!insist });

    function lost(link) {
      if (!link) return false;
      const s = link.pc.connectionState;
      return s === 'failed' || s === 'closed' || link.verdict !== null;
    }

    async function attach(assignment) {
      const parent = assignment.parent;
      mark(`attaching to ${parent.peerId}`);
      const link = await connectWhep(`${parent.url.replace(/\/$/, '')}/whep/${encodeURIComponent(opts.stream)}`, assignment.ticket);
      link.parent = parent;
      watchLink(link);
      mark(`answer from ${parent.peerId}`);
      try {
        await waitConnected(link, 10000);
        mark(`connected to ${parent.peerId}`);
      } catch (err) {
        closeLink(link);
        throw err;
      }
      link.lastMediaAt = performance.now(); // silence counts from the connection, not from the offer
      const previous = session.link;
      use(link); // make before break: the new parent is connected before the old link closes
      if (previous) { session.reattachments += 1; closeLink(previous); }
      Object.assign(session.overlay, { parent: parent.peerId, site: parent.site, hops: assignment.depth, probeRtt: session.probes && session.probes[parent.peerId] });
      session.parentId = parent.peerId;
      showMessage(null);
      setState('playing', 'playing');
    }

    // One heartbeat loop per tracker session: a rejoin starts a new one and the old one ends.
    async function heartbeats(ownSession) {
      for (;;) {
        await sleep(Math.min(Math.max((latest && latest.heartbeatIntervalMs) || 5000, 250), 30000));
        if (trackerSession !== ownSession) return;
        try {
          const body = { peerId: session.peerId, session: trackerSession, parentRttMs: session.overlay.rttMs ?? null, samples: [], stats: qoe(session) };
          session.lastHeartbeat = body;
          const answer = await api.post('heartbeat', body);
          if (answer.parentChanged || !latest || (answer.parent && answer.parent.peerId !== session.parentId)) { latest = answer; wake(); }
          else latest = Object.assign({}, answer, { ticket: latest.ticket });
        } catch (err) {
          if (err instanceof TrackerError && (err.status === 404 || err.status === 403)) { session.rejoin = true; return; }
        }
      }
    }

    window.addEventListener('pagehide', () => {
      closeLink(session.link);
      if (trackerSession) api.post('leave', { peerId: session.peerId, session: trackerSession }, true).catch(() => {});
    });

    for (;;) {
      try {
        setState('finding the nearest node…', 'waiting');
        latest = await joinAndConfirm();
        session.rejoin = false;
        heartbeats(trackerSession);
        let failures = 0;
        let lostAt = -Infinity;
        while (!session.rejoin) {
          const want = latest;
          if (want.parent && (want.parent.peerId !== session.parentId || lost(session.link))) {
            try {
              await attach(want);
              failures = 0;
            } catch (err) {
              failures += 1;
              session.lastAttachError = String(err.message || err);
              setState(`reattaching (${want.parent.peerId} failed)…`, 'waiting');
              lostAt = performance.now();
              latest = await report([want.parent.peerId], true);
              if (failures > 5) await sleep(1000);
              continue;
            }
          } else if (!want.parent) {
            // Detached by the tracker. If the old parent was only stalled and delivers again, keep watching it
            // until the tracker names a parent (its maintenance reattaches detached peers as room appears).
            const stillPlaying = session.link && session.link.pc.connectionState === 'connected' && performance.now() - session.link.lastMediaAt < 500;
            setState(stillPlaying ? 'playing (waiting for the tracker to place this viewer)' : 'waiting for a free slot…', stillPlaying ? 'playing' : 'waiting');
            showMessage(stillPlaying ? null : 'Every relay and origin is full; waiting for room.');
            if (performance.now() - lostAt < DETACHED_FAST_ASK_MS) {
              // Just lost a parent and the tracker had no slot yet: the dead parent's slot is freed as soon as the
              // tracker confirms it gone, so ask again soon, as relays do, instead of waiting for the next heartbeat.
              await nap(DETACHED_ASK_MS);
              if (latest === want && !session.rejoin) latest = await report([], true);
              continue;
            }
          }
          while (latest === want && (!want.parent || !lost(session.link)) && !session.rejoin) await nap(OVERLAY_MS);
          if (lost(session.link) && session.parentId) {
            // The viewer sees a short freeze: the last frame stays on screen until the next parent delivers.
            const link = session.link;
            const gone = session.parentId;
            const failed = ['failed', 'closed'].includes(link.pc.connectionState);
            const verdict = link.verdict || { insist: failed, why: failed ? 'connection failed' : 'lost' };
            setState(`parent ${gone} lost; reattaching…`, 'waiting');
            mark(`reporting ${gone}: ${verdict.why}${verdict.insist ? ' (insist)' : ''}`);
            lostAt = performance.now();
            latest = await report([gone], verdict.insist);
            mark(`tracker named ${latest.parent ? latest.parent.peerId : 'no parent'}`);
            if (!verdict.insist && !failed && latest.parent && latest.parent.peerId === gone && !latest.parentChanged) {
              // The tracker checked the parent and found it alive (healing above us): keep the link and wait.
              link.verdict = null;
              link.vouchedUntil = performance.now() + VOUCH_MS;
              link.trackerVouchedUntil = performance.now() + 4 * VOUCH_MS;
              setState('playing', 'playing');
              continue;
            }
            session.parentId = null;
          }
        }
      } catch (err) {
        // 404 names either the stream (it does not exist: stop) or this peer (the tracker forgot it: rejoin).
        if (err instanceof TrackerError && err.status === 404 && /^stream '/.test(err.message)) { fail(await explainMissingStream()); return; }
        if (err instanceof TrackerError && err.status === 0) {
          showMessage(`${err.message} Retrying…`);
          setState('tracker unreachable', 'failed');
        } else if (err instanceof TrackerError && err.status === 409) {
          showMessage(`The stream is full: no relay or origin has room for another viewer (${err.message}). Retrying…`);
          setState('waiting for room', 'waiting');
        } else {
          showMessage(`${err.message || err}. Retrying…`);
          setState('retrying', 'waiting');
        }
        session.lastError = String(err.message || err);
        if (trackerSession) api.post('leave', { peerId: session.peerId, session: trackerSession }).catch(() => {});
        trackerSession = null;
        await sleep(3000);
      }
      session.peerId = `web-${Math.random().toString(36).slice(2, 10)}`;
      session.parentId = null;
    }
  }

  /** The QoE part of a heartbeat (PeerStatsDto), from the last heartbeat interval. */
  function qoe(session) {
    const stats = {
      receiveKbps: session.overlay.kbps || 0,
      lossFraction: session.overlay.lossFraction || 0,
      jitterMs: session.overlay.jitterMs || 0,
      framesDecoded: session.overlay.framesDecoded || 0,
      rebufferingRatio: session.intervalMs > 0 ? Math.min(1, session.stalledMs / session.intervalMs) : 0,
    };
    const g2g = median(session.latencySamples);
    if (g2g !== null) stats.glassToGlassMs = Math.round(g2g);
    session.latencySamples = [];
    session.stalledMs = 0;
    session.intervalMs = 0;
    return stats;
  }

  /**
   * One getStats per liveness tick (CHECK_MS): the packet counters feed checkParent; every OVERLAY_MS the same report
   * also feeds the overlay and the QoE figures. Returns the timer's timing record (session.timing).
   */
  function startStatsLoop(session, opts, checkParent, mark) {
    let prev = null;
    let lastFrames = 0;
    let lastFrameChangeAt = performance.now();
    let lastOverlayAt = 0;
    let countedLink = null;
    let framesBefore = 0; // frames decoded on earlier parents: the count runs across reattachments
    return steadyTimer(CHECK_MS, async (started) => {
      const link = session.link;
      if (!link || link.pc.connectionState === 'closed') return;
      let report;
      try { report = await link.pc.getStats(); } catch { return; } // closed meanwhile: the next tick reads the new link
      let video, audio, pair;
      report.forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video') video = s;
        if (s.type === 'inbound-rtp' && s.kind === 'audio') audio = s;
        if (s.type === 'candidate-pair' && (s.nominated || s.selected) && s.state === 'succeeded') pair = s;
      });
      // Packets, not bytes: a count that grows is media arriving. The tick's start time is when it was seen, which
      // errs towards a longer silence by the getStats duration only.
      const packets = (video ? video.packetsReceived || 0 : 0) + (audio ? audio.packetsReceived || 0 : 0);
      if (packets > link.packets) { link.packets = packets; link.lastMediaAt = started; }
      if (link.parent && !link.firstDecoded && video && video.framesDecoded > 0) {
        // With 'first frame … on screen' (use), this splits a reattachment's tail into arrival, decode and render.
        link.firstDecoded = true;
        mark(`first frame from ${link.parent.peerId} decoded (${video.packetsReceived} video packets, ${video.keyFramesDecoded ?? '?'} keyframes)`);
      }
      checkParent(link, performance.now());
      const now = performance.now();
      if (!video || now - lastOverlayAt < OVERLAY_MS) return;
      const elapsed = lastOverlayAt ? now - lastOverlayAt : OVERLAY_MS;
      lastOverlayAt = now;
      if (link !== countedLink) { framesBefore = session.overlay.framesDecoded || 0; countedLink = link; }
      const frames = framesBefore + (video.framesDecoded || 0);
      // A stall: no new frame for over 250 ms (the time since the previous overlay update counts as stalled).
      if (frames !== lastFrames) { lastFrames = frames; lastFrameChangeAt = now; }
      session.intervalMs += elapsed;
      if (now - lastFrameChangeAt > 250) session.stalledMs += elapsed;
      const bytes = (video ? video.bytesReceived : 0) + (audio ? audio.bytesReceived : 0);

      const o = session.overlay;
      o.framesDecoded = frames;
      if (pair && typeof pair.currentRoundTripTime === 'number') { o.rttMs = pair.currentRoundTripTime * 1000; o.rttSource = 'ICE'; }
      else if (o.probeRtt != null) { o.rttMs = o.probeRtt; o.rttSource = 'HTTP probe'; }
      const g2g = glassToGlass(link, video);
      if (g2g && g2g.ms > -1000 && g2g.ms < 60000) { o.latencyMs = g2g.ms; o.latencySource = g2g.source; session.latencySamples.push(g2g.ms); }
      if (audio && typeof audio.jitter === 'number') o.jitterMs = audio.jitter * 1000;

      const sample = { t: video.timestamp, bytes, lost: (video.packetsLost || 0) + (audio ? audio.packetsLost || 0 : 0), received: (video.packetsReceived || 0) + (audio ? audio.packetsReceived || 0 : 0), link };
      if (prev && prev.link === link && sample.t - prev.t >= 900) {
        o.kbps = Math.max(0, (sample.bytes - prev.bytes) * 8 / (sample.t - prev.t));
        const lost = Math.max(0, sample.lost - prev.lost);
        const received = Math.max(0, sample.received - prev.received);
        o.lossFraction = lost + received > 0 ? lost / (lost + received) : 0;
        prev = sample;
      } else if (!prev || prev.link !== link) {
        prev = sample;
      }
      render(session, video, opts);
    });
  }

  function render(session, video, opts) {
    const o = session.overlay;
    const set = (id, text) => { const el = document.getElementById(id); if (el) el.textContent = text; };
    set('ov-hops', o.hops === undefined ? '–' : String(o.hops));
    set('ov-parent', o.parent || '–');
    set('ov-site', o.site || '–');
    set('ov-rtt', o.rttMs == null ? '–' : `${o.rttMs.toFixed(1)} ms (${o.rttSource})`);
    set('ov-bitrate', o.kbps == null ? '–' : `${o.kbps.toFixed(0)} kbit/s`);
    set('ov-loss', o.lossFraction == null ? '–' : `${(o.lossFraction * 100).toFixed(2)} %`);
    set('ov-latency', o.latencyMs == null ? '–' : `${o.latencyMs.toFixed(0)} ms (${o.latencySource})`);
    set('ov-reattach', String(session.reattachments));
    opts.statsElement.textContent = `${video.frameWidth || 0}×${video.frameHeight || 0} ${(video.framesPerSecond || 0).toFixed(0)} fps · ` +
      `${o.kbps == null ? '…' : o.kbps.toFixed(0)} kbit/s · frames ${video.framesDecoded || 0}`;
  }

  return { start };
})();

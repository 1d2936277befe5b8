// StreamMesh WHEP player: receives one stream over WebRTC from a StreamMesh node.
// WHEP (draft-ietf-wish-whep): POST the offer as application/sdp, get 201 + answer + Location,
// DELETE the Location to leave. The node does not trickle, so we send a complete offer.
'use strict';
const StreamMeshPlayer = (() => {
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  function waitForIceGathering(pc, timeoutMs) {
    if (pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => { pc.removeEventListener('icegatheringstatechange', check); resolve(); };
      const check = () => { if (pc.iceGatheringState === 'complete') done(); };
      pc.addEventListener('icegatheringstatechange', check);
      setTimeout(done, timeoutMs);
    });
  }

  async function connect(opts, setState) {
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.addTransceiver('audio', { direction: 'recvonly' });
    const stream = new MediaStream();
    pc.ontrack = (e) => {
      stream.addTrack(e.track);
      opts.video.srcObject = stream;
    };
    pc.onconnectionstatechange = () => setState(pc.connectionState);
    await pc.setLocalDescription(await pc.createOffer());
    await waitForIceGathering(pc, 2000);
    // A node in a tracker's tree admits only children the tracker sent (a signed ticket).
    const headers = { 'Content-Type': 'application/sdp' };
    // ?token= is a viewer token (private streams): the tracker join body's "token"; a standalone node takes it here.
    const ticket = new URLSearchParams(window.location.search).get('ticket') ?? new URLSearchParams(window.location.search).get('token');
    if (ticket) headers.Authorization = `Bearer ${ticket}`;
    const response = await fetch(opts.whepUrl, {
      method: 'POST',
      headers,
      body: pc.localDescription.sdp,
    });
    if (response.status !== 201) {
      const text = await response.text();
      pc.close();
      throw new Error(`WHEP ${response.status}: ${text}`);
    }
    const location = new URL(response.headers.get('Location'), new URL(opts.whepUrl, window.location.href)).toString();
    await pc.setRemoteDescription({ type: 'answer', sdp: await response.text() });
    return { pc, location };
  }

  async function pollStats(session, el) {
    let lastBytes = 0, lastTime = 0;
    for (;;) {
      await sleep(1000);
      if (!session.pc || session.pc.connectionState === 'closed') return;
      const report = await session.pc.getStats();
      let video, audio;
      report.forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video') video = s;
        if (s.type === 'inbound-rtp' && s.kind === 'audio') audio = s;
      });
      if (!video) continue;
      const kbps = lastTime ? ((video.bytesReceived - lastBytes) * 8 / (video.timestamp - lastTime)).toFixed(0) : '…';
      lastBytes = video.bytesReceived; lastTime = video.timestamp;
      el.textContent = `${video.frameWidth || 0}×${video.frameHeight || 0} ${(video.framesPerSecond || 0).toFixed(0)} fps · ${kbps} kbit/s · ` +
        `frames ${video.framesDecoded} · lost ${video.packetsLost + (audio ? audio.packetsLost : 0)}`;
    }
  }

  async function start(opts) {
    const setState = (s) => {
      opts.stateElement.textContent = s === 'connected' ? 'playing' : s;
      opts.stateElement.className = s === 'connected' ? 'playing' : (s === 'failed' ? 'failed' : '');
    };
    opts.unmuteButton.onclick = () => { opts.video.muted = !opts.video.muted; opts.unmuteButton.textContent = opts.video.muted ? 'Unmute' : 'Mute'; };
    const session = {};
    window.streammesh = session; // for tests and for curious operators: window.streammesh.pc.getStats()
    try {
      Object.assign(session, await connect(opts, setState));
      window.addEventListener('pagehide', () => { fetch(session.location, { method: 'DELETE', keepalive: true }); });
      pollStats(session, opts.statsElement);
    } catch (err) {
      session.error = String(err);
      opts.stateElement.textContent = String(err.message || err);
      opts.stateElement.className = 'failed';
    }
  }

  return { start };
})();

namespace StreamMesh.Mesh.Whep;

/// <summary>
/// Maps the sequence numbers one viewer saw on one track (audio or video) back to the stream's, so its
/// NACKs (RFC 4585 §6.2.1) ask the stream's retransmission cache for the right packet. The viewer's
/// numbers are the stream's minus a per-child shift that grows each time the child skipped packets
/// while it was behind; only the current shift is kept, so a NACK for a packet sent before the last
/// change is refused rather than answered with the wrong packet.
/// </summary>
/// <remarks>
/// Written by the child's sender (<see cref="NoteSent"/>), read by the thread that handles its RTCP.
/// The state is one 64-bit word so a reader never sees a shift with the wrong starting point.
/// </remarks>
internal sealed class ViewerSequenceMap
{
    private const long NothingSent = -1;

    // Bits 0-15: the current shift; bits 16-31: the first viewer-side sequence number sent with it.
    private long _state = NothingSent;

    /// <summary>Records that the packet the viewer knows as <paramref name="viewerSequence"/> was sent with <paramref name="shift"/>.</summary>
    public void NoteSent(ushort viewerSequence, ushort shift)
    {
        var state = Volatile.Read(ref _state);
        if (state == NothingSent || (ushort)state != shift)
        {
            Volatile.Write(ref _state, ((long)viewerSequence << 16) | shift);
        }
    }

    /// <summary>The stream sequence number behind a viewer-side one; false for one sent before the current shift.</summary>
    public bool TryMapToStream(ushort viewerSequence, out ushort streamSequence)
    {
        var state = Volatile.Read(ref _state);
        if (state == NothingSent)
        {
            streamSequence = viewerSequence;
            return true;
        }

        var shift = (ushort)state;
        var since = (ushort)(state >>> 16);
        streamSequence = unchecked((ushort)(viewerSequence + shift));

        // Sequence numbers wrap (RFC 3550 §5.1), so "at or after" is compared modulo 2^16.
        return shift == 0 || unchecked((short)(viewerSequence - since)) >= 0;
    }
}

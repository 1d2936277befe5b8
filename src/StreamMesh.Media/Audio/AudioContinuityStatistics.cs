namespace StreamMesh.Media.Audio;

/// <summary>A snapshot of an <see cref="AudioContinuityMonitor"/>.</summary>
/// <param name="PacketsObserved">Packets fed to the monitor.</param>
/// <param name="MissingPackets">Packets skipped by forward sequence jumps (each hole counted once; a late arrival does not refill it).</param>
/// <param name="Gaps">Forward sequence jumps (loss events), however many packets each skipped.</param>
/// <param name="LatePackets">Packets behind the highest sequence number seen (reordered or duplicated).</param>
/// <param name="Discontinuities">
/// Places where the audio timeline breaks: the timestamp did not advance by the duration of the
/// packets in between (DTX silence, a source restart, a clock jump), or the sequence restarted.
/// </param>
public readonly record struct AudioContinuityStatistics(
    long PacketsObserved,
    long MissingPackets,
    long Gaps,
    long LatePackets,
    long Discontinuities);

using StreamMesh.Mesh.Whep;

namespace StreamMesh.Mesh.Tests.Whep;

/// <summary>
/// How a WHEP session maps a viewer's NACKs (in its shifted sequence space) back to the stream's, for
/// either track: audio shifted after dropped packets is answered like video skipped to a keyframe.
/// </summary>
public sealed class ViewerSequenceMapTests
{
    [Fact]
    public void NothingSentYet_MapsUnchanged()
    {
        var map = new ViewerSequenceMap();

        Assert.True(map.TryMapToStream(1234, out var stream));
        Assert.Equal(1234, stream);
    }

    [Fact]
    public void AfterAudioWasDropped_NackForAPacketSentSinceMapsThroughTheShift()
    {
        var map = new ViewerSequenceMap();
        map.NoteSent(100, shift: 0);        // stream 100
        map.NoteSent(101, shift: 3);        // stream 104: 101-103 were dropped for this viewer
        map.NoteSent(102, shift: 3);        // stream 105

        Assert.True(map.TryMapToStream(102, out var stream));
        Assert.Equal(105, stream);
        Assert.True(map.TryMapToStream(101, out stream));
        Assert.Equal(104, stream);
    }

    [Fact]
    public void NackForAPacketSentBeforeTheShiftChanged_IsRefused()
    {
        var map = new ViewerSequenceMap();
        map.NoteSent(100, shift: 0);
        map.NoteSent(101, shift: 3);

        // Sent with shift 0, but only the current shift is known: better no answer than the wrong packet.
        Assert.False(map.TryMapToStream(100, out _));
    }

    [Fact]
    public void ShiftAcrossTheSequenceWrap_StillMaps()
    {
        var map = new ViewerSequenceMap();
        map.NoteSent(0xFFFE, shift: 5);

        Assert.True(map.TryMapToStream(0x0001, out var stream));
        Assert.Equal(6, stream);
        Assert.False(map.TryMapToStream(0xFFF0, out _));
    }

    [Fact]
    public void LargestShiftAtTheLargestSequenceNumber_IsNotMistakenForNothingSent()
    {
        var map = new ViewerSequenceMap();
        map.NoteSent(0xFFFF, shift: 0xFFFF);

        Assert.True(map.TryMapToStream(0xFFFF, out var stream));
        Assert.Equal(0xFFFE, stream);
        Assert.False(map.TryMapToStream(0xFFF0, out _));
    }
}

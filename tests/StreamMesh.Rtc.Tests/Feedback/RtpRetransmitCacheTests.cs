using Microsoft.Extensions.Time.Testing;
using StreamMesh.Rtc.Feedback;

namespace StreamMesh.Rtc.Tests.Feedback;

public class RtpRetransmitCacheTests
{
    private readonly FakeTimeProvider _time = new();

    private static byte[] Packet(ushort sequence, int length = 100)
    {
        var packet = new byte[length];
        packet[0] = 0x80;
        packet[1] = 96;
        packet[2] = (byte)(sequence >> 8);
        packet[3] = (byte)sequence;
        for (int i = 12; i < length; i++)
        {
            packet[i] = (byte)(sequence + i);
        }

        return packet;
    }

    [Fact]
    public void Store_ThenTryGet_ReturnsExactCopy()
    {
        using var cache = new RtpRetransmitCache(timeProvider: _time);
        byte[] packet = Packet(1000);

        Assert.True(cache.Store(packet));
        packet[20] ^= 0xFF; // the cache holds its own copy

        Assert.True(cache.TryGet(1000, out ReadOnlySpan<byte> stored));
        Assert.Equal(Packet(1000), stored.ToArray());
        Assert.Equal(1, cache.HitCount);
    }

    [Fact]
    public void TryGet_NeverStored_Misses()
    {
        using var cache = new RtpRetransmitCache(timeProvider: _time);
        cache.Store(Packet(5));

        Assert.False(cache.TryGet(6, out _));
        Assert.Equal(1, cache.MissCount);
    }

    [Fact]
    public void Store_CapacityPacketsLater_EvictsOldEntry()
    {
        using var cache = new RtpRetransmitCache(new RtpRetransmitCacheOptions { MaxPackets = 100 }, _time);
        Assert.Equal(128, cache.Capacity);

        for (int i = 0; i <= 128; i++)
        {
            Assert.True(cache.Store(Packet((ushort)(65500 + i))));
        }

        Assert.False(cache.TryGet(65500, out _));
        Assert.True(cache.TryGet(65501, out _));
        Assert.True(cache.TryGet(unchecked((ushort)(65500 + 128)), out _));
    }

    [Fact]
    public void Store_OlderPacketForSlotHeldByNewerOne_IsRefused()
    {
        using var cache = new RtpRetransmitCache(new RtpRetransmitCacheOptions { MaxPackets = 16 }, _time);
        cache.Store(Packet(116));

        Assert.False(cache.Store(Packet(100)));
        Assert.True(cache.TryGet(116, out _));
        Assert.Equal(1, cache.RejectedCount);
    }

    [Fact]
    public void TryGet_OlderThanMaxAge_Misses()
    {
        using var cache = new RtpRetransmitCache(new RtpRetransmitCacheOptions { MaxAge = TimeSpan.FromMilliseconds(500) }, _time);
        cache.Store(Packet(7));

        _time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.True(cache.TryGet(7, out _));
        _time.Advance(TimeSpan.FromMilliseconds(2));
        Assert.False(cache.TryGet(7, out _));
    }

    [Fact]
    public void Store_ExpiredNewerSlot_AcceptsOlderSequence()
    {
        using var cache = new RtpRetransmitCache(new RtpRetransmitCacheOptions { MaxPackets = 16, MaxAge = TimeSpan.FromSeconds(1) }, _time);
        cache.Store(Packet(116));
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.True(cache.Store(Packet(100)));
    }

    [Fact]
    public void Store_PacketLargerThanSlotOrEmpty_IsRefused()
    {
        using var cache = new RtpRetransmitCache(new RtpRetransmitCacheOptions { MaxPacketSize = 200 }, _time);

        Assert.False(cache.Store(Packet(1, 201)));
        Assert.False(cache.Store([], 1));
        Assert.False(cache.Store(new byte[5]));
        Assert.True(cache.Store(Packet(1, 200)));
        Assert.Equal(3, cache.RejectedCount);
    }

    [Fact]
    public void TryCopyTo_CopiesOrRefusesSmallDestination()
    {
        using var cache = new RtpRetransmitCache(timeProvider: _time);
        cache.Store(Packet(9, 64));
        var destination = new byte[64];

        Assert.True(cache.TryCopyTo(9, destination, out int written));
        Assert.Equal(64, written);
        Assert.Equal(Packet(9, 64), destination);
        Assert.False(cache.TryCopyTo(9, new byte[63], out _));
    }

    [Fact]
    public void Clear_DropsEverything()
    {
        using var cache = new RtpRetransmitCache(timeProvider: _time);
        cache.Store(Packet(9));

        cache.Clear();

        Assert.False(cache.TryGet(9, out _));
    }

    [Fact]
    public void Dispose_ThenUse_Throws()
    {
        var cache = new RtpRetransmitCache(timeProvider: _time);
        cache.Dispose();
        cache.Dispose();

        Assert.Throws<ObjectDisposedException>(() => cache.Store(Packet(1)));
        Assert.Throws<ObjectDisposedException>(() => cache.TryGet(1, out _));
    }

    [Fact]
    public void StoreAndGet_AfterWarmUp_AllocateNothing()
    {
        using var cache = new RtpRetransmitCache(timeProvider: _time);
        byte[] packet = Packet(0, 1200);
        var destination = new byte[1500];
        // Warm up exactly what is measured, so one-time runtime work (tiering, OSR) happens before the window.
        StoreGetCopy(cache, packet, destination, 10_000);

        long before = GC.GetAllocatedBytesForCurrentThread();
        StoreGetCopy(cache, packet, destination, 10_000);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void StoreGetCopy(RtpRetransmitCache cache, byte[] packet, byte[] destination, int count)
    {
        for (int i = 0; i < count; i++)
        {
            cache.Store(packet, (ushort)i);
            cache.TryGet((ushort)(i - 5), out _);
            cache.TryCopyTo((ushort)i, destination, out _);
        }
    }

    [Theory]
    [InlineData(0, 1, 1500)]
    [InlineData(40000, 1, 1500)]
    [InlineData(1024, 0, 1500)]
    [InlineData(1024, 1, 11)]
    public void Options_OutOfRange_ThrowOnValidate(int maxPackets, int maxAgeSeconds, int maxPacketSize)
    {
        var options = new RtpRetransmitCacheOptions
        {
            MaxPackets = maxPackets,
            MaxAge = TimeSpan.FromSeconds(maxAgeSeconds),
            MaxPacketSize = maxPacketSize,
        };

        Assert.Throws<ArgumentException>(options.Validate);
    }
}

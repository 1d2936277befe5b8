using StreamMesh.Rtc.Srtp;

namespace StreamMesh.Rtc.Tests.Srtp;

/// <summary>The 128-entry replay list (RFC 3711 §3.3.2) and index estimation (RFC 3711 Appendix A).</summary>
public sealed class SrtpReplayWindowTests
{
    [Fact]
    public void Check_EmptyWindow_AcceptsAnything()
    {
        var window = default(SrtpReplayWindow);
        Assert.Equal(SrtpResult.Ok, window.Check(0));
        Assert.Equal(SrtpResult.Ok, window.Check(ulong.MaxValue));
    }

    [Fact]
    public void Accept_JumpsOfEverySize_KeepExactlyTheLast128Indexes()
    {
        var window = default(SrtpReplayWindow);
        var accepted = new HashSet<ulong>();
        var random = new Random(33);
        ulong index = 1000;
        for (int i = 0; i < 3000; i++)
        {
            // Mostly forward steps of 1..200, sometimes a late index inside the window.
            ulong candidate = random.Next(4) == 0 ? index - (ulong)random.Next(0, 140) : index + (ulong)random.Next(1, 200);
            SrtpResult expected =
                window.HasValue && candidate <= window.Highest && window.Highest - candidate >= 128 ? SrtpResult.TooOld
                : accepted.Contains(candidate) ? SrtpResult.ReplayDetected
                : SrtpResult.Ok;
            Assert.Equal(expected, window.Check(candidate));
            if (expected == SrtpResult.Ok)
            {
                window.Accept(candidate);
                accepted.Add(candidate);
                index = Math.Max(index, candidate);
            }
        }
    }

    [Theory]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(127)]
    public void Accept_ShiftAcrossWordBoundary_RemembersOlderIndexes(int shift)
    {
        var window = default(SrtpReplayWindow);
        window.Accept(500);
        window.Accept(499);
        window.Accept(500 + (ulong)shift);

        Assert.Equal(SrtpResult.ReplayDetected, window.Check(500));
        Assert.Equal(shift + 1 < SrtpReplayWindow.Size ? SrtpResult.ReplayDetected : SrtpResult.TooOld, window.Check(499));
        Assert.Equal(SrtpResult.Ok, window.Check(501));
        Assert.Equal(SrtpResult.ReplayDetected, window.Check(500 + (ulong)shift));
    }

    [Fact]
    public void Accept_ShiftOfWholeWindow_ForgetsEverything()
    {
        var window = default(SrtpReplayWindow);
        window.Accept(10);
        window.Accept(10 + 128);
        Assert.Equal(SrtpResult.TooOld, window.Check(10));
        Assert.Equal(SrtpResult.Ok, window.Check(11));
    }

    [Theory]
    // RFC 3711 Appendix A, s_l < 32768: a sequence number far above s_l belongs to the previous ROC.
    [InlineData(0x0001_0005UL, 65_530, 0x0000_FFFAL)]
    [InlineData(0x0001_0005UL, 6, 0x0001_0006L)]
    [InlineData(0x0001_0005UL, 32_773, 0x0001_8005L)]
    [InlineData(0x0001_0005UL, 32_774, 0x0000_8006L)]
    // s_l >= 32768: a sequence number far below s_l belongs to the next ROC.
    [InlineData(0x0002_FFF0UL, 3, 0x0003_0003L)]
    [InlineData(0x0002_FFF0UL, 65_535, 0x0002_FFFFL)]
    [InlineData(0x0002_8000UL, 0, 0x0002_0000L)]
    // ROC 0 and a sequence number from "before" the stream: no valid index.
    [InlineData(0x0000_0005UL, 60_000, -1L)]
    public void EstimateIndex_Rfc3711AppendixA_GuessesRollover(ulong highest, int sequenceNumber, long expected)
    {
        var window = default(SrtpReplayWindow);
        window.Accept(highest);
        Assert.Equal(expected, SrtpStream.EstimateIndex(window, (ushort)sequenceNumber));
    }

    [Fact]
    public void EstimateIndex_NewStream_StartsWithRocZero()
    {
        Assert.Equal(65_000, SrtpStream.EstimateIndex(default, 65_000));
    }
}

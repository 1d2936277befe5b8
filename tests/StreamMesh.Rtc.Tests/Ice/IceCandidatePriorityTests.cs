using StreamMesh.Rtc.Ice;

namespace StreamMesh.Rtc.Tests.Ice;

public class IceCandidatePriorityTests
{
    [Theory]
    // (type preference << 24) + (65535 << 8) + (256 - 1): the values browsers show for a single interface.
    [InlineData(IceCandidateType.Host, 2130706431u)]
    [InlineData(IceCandidateType.PeerReflexive, 1862270975u)]
    [InlineData(IceCandidateType.ServerReflexive, 1694498815u)]
    [InlineData(IceCandidateType.Relayed, 16777215u)]
    public void ForCandidate_MaxLocalPreferenceComponentOne_MatchesRfc8445Formula(IceCandidateType type, uint expected)
    {
        Assert.Equal(expected, IceCandidatePriority.ForCandidate(type, 65535));
    }

    [Fact]
    public void ForCandidate_LocalPreference_IsRecoverable()
    {
        uint priority = IceCandidatePriority.ForCandidate(IceCandidateType.Host, 1234);

        Assert.Equal((ushort)1234, IceCandidatePriority.LocalPreferenceOf(priority));
    }

    [Fact]
    public void ForPair_ControllingHigher_MinShiftedPlusTwiceMaxPlusOne()
    {
        const uint g = 2130706431;
        const uint d = 1694498815;

        ulong priority = IceCandidatePriority.ForPair(g, d);

        Assert.Equal(((ulong)d << 32) + (2ul * g) + 1, priority);
        Assert.Equal(((ulong)d << 32) + (2ul * g), IceCandidatePriority.ForPair(d, g));
    }

    [Fact]
    public void ForPair_SamePairSeenFromBothSides_PrioritiesAgree()
    {
        // Both agents compute with G = controlling candidate, so they order the list the same way.
        const uint controllingCandidate = 2130706431;
        const uint controlledCandidate = 1862270975;

        Assert.Equal(IceCandidatePriority.ForPair(controllingCandidate, controlledCandidate), IceCandidatePriority.ForPair(controllingCandidate, controlledCandidate));
        Assert.True(IceCandidatePriority.ForPair(2130706431, 2130706431) > IceCandidatePriority.ForPair(2130706431, 1694498815));
    }
}

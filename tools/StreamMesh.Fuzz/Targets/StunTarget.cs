using StreamMesh.Fuzz.Engine;
using StreamMesh.Fuzz.Seeds;
using StreamMesh.Rtc.Stun;

namespace StreamMesh.Fuzz.Targets;

/// <summary>STUN (RFC 8489): parse, then MESSAGE-INTEGRITY/FINGERPRINT checks and every attribute reader.</summary>
public sealed class StunTarget : FuzzTarget
{
    public override string Name => "stun";

    public override string Description => "StunMessage.TryParse, VerifyMessageIntegrity, attribute getters";

    public override int MaxInputLength => 1500;

    public override IReadOnlyList<byte[]> CreateSeeds(ulong seed) => StunSeedGenerator.Create(seed, 500);

    public override int Execute(ReadOnlySpan<byte> input)
    {
        bool looksLikeStun = StunMessage.LooksLikeStun(input);
        StunParseResult result = StunMessage.TryParse(input, out StunMessage message);
        int outcome = ((int)result << 1) | (looksLikeStun ? 1 : 0);
        if (result != StunParseResult.Ok)
        {
            return outcome;
        }

        int flags = (int)message.Class;
        flags |= message.VerifyMessageIntegrity(StunSeedGenerator.IntegrityKey) ? 1 << 2 : 0;
        flags |= message.TryGetPriority(out _) ? 1 << 3 : 0;
        flags |= message.TryGetIceControlling(out _) ? 1 << 4 : 0;
        flags |= message.TryGetIceControlled(out _) ? 1 << 5 : 0;
        flags |= message.TryGetErrorCode(out _) ? 1 << 6 : 0;
        flags |= message.TryGetXorMappedAddress(out _) ? 1 << 7 : 0;
        flags |= message.TryGetMappedAddress(out _) ? 1 << 8 : 0;
        flags |= message.HasUseCandidate ? 1 << 9 : 0;
        flags |= message.HasFingerprint ? 1 << 10 : 0;
        flags |= message.UsernameLocalPart.Length > 0 ? 1 << 11 : 0;
        flags |= message.TryGetAttribute(StunAttributeType.Software, out _) ? 1 << 12 : 0;
        _ = message.GetErrorReason();
        _ = message.TransactionId;
        _ = message.Method;
        return outcome | (flags << 8);
    }
}

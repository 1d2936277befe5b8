using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using StreamMesh.Rtc.Stun;

namespace StreamMesh.Fuzz.Seeds;

/// <summary>
/// STUN seeds: the RFC 5769 vectors, ICE-shaped messages from <see cref="StunMessageWriter"/>, and
/// FsCheck-generated messages with random attribute sets (well-framed, some with MESSAGE-INTEGRITY
/// and FINGERPRINT) so the mutator starts from every attribute the parser records.
/// </summary>
public static class StunSeedGenerator
{
    public static byte[] IntegrityKey { get; } = Encoding.UTF8.GetBytes(Rfc5769Seeds.Password);

    private static readonly StunAttributeType[] KnownTypes = Enum.GetValues<StunAttributeType>();

    public static IReadOnlyList<byte[]> Create(ulong seed, int generated)
    {
        var seeds = new List<byte[]> { Rfc5769Seeds.SampleRequest, Rfc5769Seeds.SampleIPv4Response, Rfc5769Seeds.SampleIPv6Response };
        seeds.Add(Write(StunMessageClass.Request, (ref StunMessageWriter w) =>
        {
            w.WriteIceUsername("remoteUfrag", "localUfrag");
            w.WritePriority(0x6E0001FF);
            w.WriteIceControlling(0x0102030405060708);
            w.WriteUseCandidate();
        }, integrity: true));
        seeds.Add(Write(StunMessageClass.SuccessResponse, (ref StunMessageWriter w) => w.WriteXorMappedAddress(new IPEndPoint(IPAddress.Parse("2001:db8::1"), 40000)), integrity: true));
        seeds.Add(Write(StunMessageClass.SuccessResponse, (ref StunMessageWriter w) => w.WriteMappedAddress(new IPEndPoint(IPAddress.Parse("192.0.2.7"), 3478)), integrity: false));
        seeds.Add(Write(StunMessageClass.ErrorResponse, (ref StunMessageWriter w) => w.WriteErrorCode(487, "Role Conflict"), integrity: true));
        seeds.Add(Write(StunMessageClass.Indication, (ref StunMessageWriter _) => { }, integrity: false));

        Gen<(ushort Type, byte[] Value)[]> attributes =
            from count in Gen.Choose(0, 8)
            from list in Gen.ArrayOf(Attribute(), count)
            select list;
        Gen<byte[]> messages =
            from cls in Gen.Elements(StunMessageClass.Request, StunMessageClass.SuccessResponse, StunMessageClass.ErrorResponse, StunMessageClass.Indication)
            from list in attributes
            from integrity in Gen.Elements(true, false)
            select Write(cls, (ref StunMessageWriter w) =>
            {
                foreach ((ushort type, byte[] value) in list)
                {
                    w.WriteAttribute((StunAttributeType)type, value);
                }
            }, integrity);
        seeds.AddRange(Gen.Sample(messages, 30, new Rnd(seed), generated));
        return seeds;
    }

    private static Gen<(ushort, byte[])> Attribute() =>
        from type in Gen.Frequency((4, Gen.Elements(KnownTypes).Select(t => (ushort)t)), (1, Gen.Choose(0, 0xFFFF).Select(t => (ushort)t)))
        from length in Gen.Frequency((3, Gen.Elements(0, 4, 8, 20, 24)), (1, Gen.Choose(0, 64)))
        from value in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), length)
        select (type, value);

    private static byte[] Write(StunMessageClass cls, StunBody body, bool integrity)
    {
        byte[] buffer = new byte[1024];
        var writer = new StunMessageWriter(buffer, cls, StunMethod.Binding, StunTransactionId.Read([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));
        body(ref writer);
        if (integrity)
        {
            writer.WriteMessageIntegrity(IntegrityKey);
            writer.WriteFingerprint();
        }

        return writer.Written.ToArray();
    }

    private delegate void StunBody(ref StunMessageWriter writer);
}

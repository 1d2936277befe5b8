using System.Net;
using System.Text;
using StreamMesh.Rtc.Stun;
using StreamMesh.Rtc.Tests.Stun;

namespace StreamMesh.Rtc.Tests.Fuzz;

public sealed class StunFuzzTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes(Rfc5769Vectors.Password);

    [Fact]
    public async Task TryParse_MutatedRfc5769Vectors_NeverThrowsNorAllocates()
    {
        byte[] buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageClass.ErrorResponse, StunMethod.Binding, StunTransactionId.Read(Rfc5769Vectors.TransactionId));
        writer.WriteErrorCode(487, "Role Conflict");
        writer.WriteMappedAddress(new IPEndPoint(IPAddress.Loopback, 9));
        writer.WriteMessageIntegrity(Key);
        writer.WriteFingerprint();
        byte[][] seeds = [Rfc5769Vectors.SampleRequest, Rfc5769Vectors.SampleIPv4Response, Rfc5769Vectors.SampleIPv6Response, writer.Written.ToArray()];

        IReadOnlySet<int> outcomes = await ShortFuzzRun.AssertRobustAsync(seeds, Drive, iterations: 20_000, allocationBound: 0);

        Assert.Contains((int)StunParseResult.Ok, outcomes);
        Assert.Contains((int)StunParseResult.BadFingerprint, outcomes);
        Assert.Contains((int)StunParseResult.BadLength, outcomes);
    }

    private static int Drive(ReadOnlySpan<byte> input)
    {
        StunParseResult result = StunMessage.TryParse(input, out StunMessage message);
        if (result == StunParseResult.Ok)
        {
            // The address getters allocate an IPEndPoint by design, so only the span readers run here.
            _ = message.VerifyMessageIntegrity(Key);
            _ = message.TryGetPriority(out _);
            _ = message.TryGetIceControlled(out _);
            _ = message.TryGetIceControlling(out _);
            _ = message.TryGetErrorCode(out _);
            _ = message.UsernameLocalPart;
            _ = message.TryGetAttribute(StunAttributeType.Software, out _);
        }

        return (int)result;
    }
}

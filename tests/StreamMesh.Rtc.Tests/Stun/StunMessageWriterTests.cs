using System.Net;
using System.Text;
using StreamMesh.Rtc.Stun;

namespace StreamMesh.Rtc.Tests.Stun;

public class StunMessageWriterTests
{
    private static readonly byte[] PasswordKey = Encoding.UTF8.GetBytes(Rfc5769Vectors.Password);

    [Fact]
    public void Write_Rfc5769SampleRequestFields_ReproducesVectorBytes()
    {
        byte[] buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageClass.Request, StunMethod.Binding, StunTransactionId.Read(Rfc5769Vectors.TransactionId));
        writer.WriteSoftware(Rfc5769Vectors.RequestSoftware);
        writer.WritePriority(Rfc5769Vectors.RequestPriority);
        writer.WriteIceControlled(Rfc5769Vectors.RequestIceControlled);
        writer.WriteIceUsername("evtj", "h6vY");
        // RFC 5769 pads with spaces; our writer pads with zeros. Patch the 3 padding bytes so the
        // HMAC and CRC below are computed over exactly the bytes of the vector.
        writer.Buffer.Slice(writer.Length - 3, 3).Fill(0x20);
        writer.WriteMessageIntegrity(PasswordKey);
        writer.WriteFingerprint();

        Assert.Equal(Convert.ToHexString(Rfc5769Vectors.SampleRequest), Convert.ToHexString(writer.Written));
    }

    [Fact]
    public void Write_Rfc5769IPv4ResponseFields_ReproducesVectorBytes()
    {
        byte[] written = WriteResponse(new IPEndPoint(IPAddress.Parse("192.0.2.1"), Rfc5769Vectors.MappedPort));

        Assert.Equal(Convert.ToHexString(Rfc5769Vectors.SampleIPv4Response), Convert.ToHexString(written));
    }

    [Fact]
    public void Write_Rfc5769IPv6ResponseFields_ReproducesVectorBytes()
    {
        byte[] written = WriteResponse(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), Rfc5769Vectors.MappedPort));

        Assert.Equal(Convert.ToHexString(Rfc5769Vectors.SampleIPv6Response), Convert.ToHexString(written));
    }

    [Theory]
    [InlineData(StunErrorCodes.BadRequest, "Bad Request")]
    [InlineData(StunErrorCodes.Unauthenticated, "Unauthenticated")]
    [InlineData(StunErrorCodes.RoleConflict, "Role Conflict")]
    public void WriteErrorCode_ErrorResponse_RoundTripsCodeAndReason(int code, string reason)
    {
        byte[] buffer = new byte[128];
        var id = StunTransactionId.NewRandom();
        var writer = new StunMessageWriter(buffer, StunMessageClass.ErrorResponse, StunMethod.Binding, id);
        writer.WriteErrorCode(code);
        writer.WriteMessageIntegrity("secret"u8);
        writer.WriteFingerprint();

        Assert.Equal(StunParseResult.Ok, StunMessage.TryParse(writer.Written, out StunMessage message));
        Assert.Equal(StunMessageClass.ErrorResponse, message.Class);
        Assert.Equal(id, message.TransactionId);
        Assert.True(message.TryGetErrorCode(out int parsed));
        Assert.Equal(code, parsed);
        Assert.Equal(reason, message.GetErrorReason());
        Assert.True(message.VerifyMessageIntegrity("secret"u8));
    }

    [Fact]
    public void WriteErrorCode_487_EncodesClassAndNumberSeparately()
    {
        byte[] buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunMessageClass.ErrorResponse, StunMethod.Binding, StunTransactionId.NewRandom());
        writer.WriteErrorCode(StunErrorCodes.RoleConflict, "");

        // 0x0111 = Binding error response; ERROR-CODE 0009 len 4: 00 00 | class 4 | number 87.
        Assert.Equal("0111", Convert.ToHexString(buffer, 0, 2));
        Assert.Equal("000900040000" + "04" + "57", Convert.ToHexString(buffer, 20, 8));
    }

    [Theory]
    [InlineData(StunMessageClass.Request, "0001")]
    [InlineData(StunMessageClass.Indication, "0011")]
    [InlineData(StunMessageClass.SuccessResponse, "0101")]
    [InlineData(StunMessageClass.ErrorResponse, "0111")]
    public void Constructor_BindingOfEachClass_WritesRfc8489MessageType(StunMessageClass messageClass, string expectedType)
    {
        byte[] buffer = new byte[20];
        var writer = new StunMessageWriter(buffer, messageClass, StunMethod.Binding, StunTransactionId.NewRandom());

        Assert.Equal(expectedType, Convert.ToHexString(buffer, 0, 2));
        Assert.Equal(StunParseResult.Ok, StunMessage.TryParse(writer.Written, out StunMessage parsed));
        Assert.Equal(messageClass, parsed.Class);
        Assert.Equal(StunMethod.Binding, parsed.Method);
    }

    [Fact]
    public void Write_IceCheckWithAllAttributes_RoundTrips()
    {
        byte[] buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageClass.Request, StunMethod.Binding, StunTransactionId.NewRandom());
        writer.WriteIceUsername("remoteUfrag", "localUfrag");
        writer.WritePriority(1853824767);
        writer.WriteIceControlling(0x0123456789ABCDEF);
        writer.WriteUseCandidate();
        writer.WriteMessageIntegrity("remotePasswordremotePassword"u8);
        writer.WriteFingerprint();

        Assert.Equal(StunParseResult.Ok, StunMessage.TryParse(writer.Written, out StunMessage message));
        Assert.Equal("remoteUfrag", Encoding.UTF8.GetString(message.UsernameLocalPart));
        Assert.True(message.TryGetPriority(out uint priority));
        Assert.Equal(1853824767u, priority);
        Assert.True(message.TryGetIceControlling(out ulong tieBreaker));
        Assert.Equal(0x0123456789ABCDEFul, tieBreaker);
        Assert.True(message.HasUseCandidate);
        Assert.True(message.VerifyMessageIntegrity("remotePasswordremotePassword"u8));
        Assert.False(message.VerifyMessageIntegrity("localPasswordlocalPassword12"u8));
    }

    [Fact]
    public void WriteMappedAddress_LegacyAttribute_DecodesWithoutXor()
    {
        byte[] buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunMessageClass.SuccessResponse, StunMethod.Binding, StunTransactionId.NewRandom());
        var endPoint = new IPEndPoint(IPAddress.Parse("203.0.113.7"), 4242);
        writer.WriteMappedAddress(endPoint);

        Assert.Equal(StunParseResult.Ok, StunMessage.TryParse(writer.Written, out StunMessage message));
        Assert.True(message.TryGetMappedAddress(out IPEndPoint? decoded));
        Assert.Equal(endPoint, decoded);
        Assert.False(message.TryGetXorMappedAddress(out _));
    }

    [Fact]
    public void WriteAttribute_BufferTooSmall_ThrowsArgumentException()
    {
        byte[] buffer = new byte[24];

        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new StunMessageWriter(buffer, StunMessageClass.Request, StunMethod.Binding, StunTransactionId.NewRandom());
            writer.WritePriority(1);
        });
    }

    private static byte[] WriteResponse(IPEndPoint mapped)
    {
        byte[] buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageClass.SuccessResponse, StunMethod.Binding, StunTransactionId.Read(Rfc5769Vectors.TransactionId));
        writer.WriteSoftware(Rfc5769Vectors.ResponseSoftware);
        writer.Buffer[writer.Length - 1] = 0x20; // the vector's padding byte
        writer.WriteXorMappedAddress(mapped);
        writer.WriteMessageIntegrity(PasswordKey);
        writer.WriteFingerprint();
        return writer.Written.ToArray();
    }
}

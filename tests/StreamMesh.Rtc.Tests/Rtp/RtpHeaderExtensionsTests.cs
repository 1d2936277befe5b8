using StreamMesh.Rtc.Rtp;

namespace StreamMesh.Rtc.Tests.Rtp;

public class RtpHeaderExtensionsTests
{
    // RFC 8285 §4.2 figure: elements with L=0 (1 byte), L=1 (2 bytes), two padding bytes, L=3 (4 bytes).
    private static readonly byte[] OneByteExample = WireHex.Parse("""
        10 AA 21 BB   // id=1 L=0: AA | id=2 L=1: BB ..
        CC 00 00 33   // .. CC | pad | pad | id=3 L=3:
        01 02 03 04   // 01 02 03 04
        """);

    // RFC 8285 §4.3 figure: two-byte headers, an element with L=0, one with L=1, a pad byte, one with L=4.
    private static readonly byte[] TwoByteExample = WireHex.Parse("""
        01 00 02 01   // id=1 L=0 | id=2 L=1
        BB 00 03 04   // BB | pad | id=3 L=4
        01 02 03 04   // data
        """);

    [Fact]
    public void Enumerate_Rfc8285OneByteExample_YieldsThreeElements()
    {
        var extensions = new RtpHeaderExtensions(0xBEDE, OneByteExample);
        var found = new List<(byte Id, string Value)>();

        foreach (RtpHeaderExtensionElement element in extensions)
        {
            found.Add((element.Id, WireHex.Format(element.Value)));
        }

        Assert.Equal(RtpHeaderExtensionForm.OneByte, extensions.Form);
        Assert.Equal([(1, "AA"), (2, "BBCC"), (3, "01020304")], found);
        Assert.True(extensions.IsWellFormed());
    }

    [Fact]
    public void Enumerate_Rfc8285TwoByteExample_YieldsThreeElementsIncludingEmptyOne()
    {
        var extensions = new RtpHeaderExtensions(0x1000, TwoByteExample);
        var found = new List<(byte Id, string Value)>();

        foreach (RtpHeaderExtensionElement element in extensions)
        {
            found.Add((element.Id, WireHex.Format(element.Value)));
        }

        Assert.Equal(RtpHeaderExtensionForm.TwoByte, extensions.Form);
        Assert.Equal([(1, ""), (2, "BB"), (3, "01020304")], found);
    }

    [Theory]
    [InlineData(0x1000, RtpHeaderExtensionForm.TwoByte)]
    [InlineData(0x100F, RtpHeaderExtensionForm.TwoByte)] // appbits are ignored
    [InlineData(0xBEDE, RtpHeaderExtensionForm.OneByte)]
    [InlineData(0x1010, RtpHeaderExtensionForm.Unknown)]
    [InlineData(0x0000, RtpHeaderExtensionForm.Unknown)]
    public void GetForm_Profile_MapsToRfc8285Form(int profile, RtpHeaderExtensionForm expected)
    {
        Assert.Equal(expected, RtpHeaderExtensions.GetForm((ushort)profile));
    }

    [Fact]
    public void Enumerate_UnknownProfile_YieldsNothing()
    {
        var extensions = new RtpHeaderExtensions(0x1234, OneByteExample);

        Assert.False(extensions.GetEnumerator().MoveNext());
        Assert.False(extensions.TryFind(1, out _));
    }

    [Fact]
    public void Enumerate_OneByteId15_StopsProcessing()
    {
        byte[] data = WireHex.Parse("10 AA F3 11 20 BB 00 00"); // id=1, then id=15 (reserved), then id=2
        var extensions = new RtpHeaderExtensions(0xBEDE, data);

        Assert.True(extensions.TryFind(1, out _));
        Assert.False(extensions.TryFind(2, out _));
        Assert.True(extensions.IsWellFormed());
    }

    [Fact]
    public void Enumerate_ElementOverrunsBlock_StopsAndIsNotWellFormed()
    {
        byte[] data = WireHex.Parse("10 AA 2F 01"); // id=2 claims 16 bytes, 1 present
        var extensions = new RtpHeaderExtensions(0xBEDE, data);

        Assert.True(extensions.TryFind(1, out ReadOnlySpan<byte> first));
        Assert.Equal(0xAA, first[0]);
        Assert.False(extensions.TryFind(2, out _));
        Assert.False(extensions.IsWellFormed());
    }

    [Fact]
    public void Enumerate_TwoByteHeaderCutInHalf_IsNotWellFormed()
    {
        var extensions = new RtpHeaderExtensions(0x1000, WireHex.Parse("05"));

        Assert.False(extensions.IsWellFormed());
    }

    [Fact]
    public void TryFindOffset_Element_ReportsPositionInData()
    {
        var extensions = new RtpHeaderExtensions(0xBEDE, OneByteExample);

        Assert.True(extensions.TryFindOffset(3, out int offset, out int length));
        Assert.Equal(8, offset);
        Assert.Equal(4, length);
    }

    [Fact]
    public void Writer_OneByteForm_PacksElementsAndPadsToWord()
    {
        var buffer = new byte[16];
        var writer = new RtpHeaderExtensionWriter(buffer, RtpHeaderExtensionForm.OneByte);

        Assert.True(writer.TryAdd(1, [0xAA]));
        Assert.True(writer.TryAdd(2, [0xBB, 0xCC]));
        Assert.True(writer.TryAdd(3, [0x01, 0x02, 0x03, 0x04]));
        ReadOnlySpan<byte> data = writer.Complete();

        Assert.Equal(RtpHeaderExtensions.OneByteProfile, writer.Profile);
        Assert.Equal("10AA21BBCC3301020304" + "0000", WireHex.Format(data));
    }

    [Fact]
    public void Writer_TwoByteForm_AllowsEmptyAndLongElements()
    {
        var buffer = new byte[300];
        var writer = new RtpHeaderExtensionWriter(buffer, RtpHeaderExtensionForm.TwoByte);
        byte[] longValue = new byte[200];
        longValue.AsSpan().Fill(0x5A);

        Assert.True(writer.TryAdd(1, []));
        Assert.True(writer.TryAdd(200, longValue));
        ReadOnlySpan<byte> data = writer.Complete();

        Assert.Equal(0, data.Length % 4);
        var extensions = new RtpHeaderExtensions(writer.Profile, data);
        Assert.True(extensions.TryFind(1, out ReadOnlySpan<byte> empty));
        Assert.True(empty.IsEmpty);
        Assert.True(extensions.TryFind(200, out ReadOnlySpan<byte> found));
        Assert.Equal(longValue, found.ToArray());
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(15, 1)]
    [InlineData(1, 0)]
    [InlineData(1, 17)]
    public void Writer_OneByteFormOutOfRange_ReturnsFalse(int id, int length)
    {
        var buffer = new byte[64];
        var writer = new RtpHeaderExtensionWriter(buffer, RtpHeaderExtensionForm.OneByte);

        Assert.False(writer.TryAdd((byte)id, new byte[length]));
        Assert.Equal(0, writer.Length);
    }

    [Fact]
    public void Writer_NotEnoughRoomIncludingPadding_ReturnsFalse()
    {
        var buffer = new byte[4];
        var writer = new RtpHeaderExtensionWriter(buffer, RtpHeaderExtensionForm.OneByte);

        Assert.True(writer.TryAdd(1, [1, 2, 3]));
        Assert.False(writer.TryAdd(2, [1]));
    }

    [Theory]
    [InlineData(14, 16, false)]
    [InlineData(15, 1, true)]
    [InlineData(1, 17, true)]
    [InlineData(1, 0, true)]
    public void RequiresTwoByteForm_IdAndLength_FollowsRfc8285Limits(int id, int length, bool expected)
    {
        Assert.Equal(expected, RtpHeaderExtensionWriter.RequiresTwoByteForm(id, length));
    }

    [Fact]
    public void Writer_UnknownForm_Throws()
    {
        Assert.Throws<ArgumentException>(() => new RtpHeaderExtensionWriter(new byte[4], RtpHeaderExtensionForm.Unknown));
    }
}

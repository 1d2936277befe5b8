namespace StreamMesh.Rtc.Rtp;

/// <summary>The element layout of an RTP header extension block (RFC 8285 §4).</summary>
public enum RtpHeaderExtensionForm
{
    /// <summary>A profile other than RFC 8285; its contents are opaque.</summary>
    Unknown = 0,

    /// <summary>One-byte header form, profile 0xBEDE (RFC 8285 §4.2): ids 1-14, 1-16 bytes of data.</summary>
    OneByte = 1,

    /// <summary>Two-byte header form, profile 0x100X (RFC 8285 §4.3): ids 1-255, 0-255 bytes of data.</summary>
    TwoByte = 2,
}

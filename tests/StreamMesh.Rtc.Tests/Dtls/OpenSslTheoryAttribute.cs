namespace StreamMesh.Rtc.Tests.Dtls;

/// <summary>A theory that is skipped (with the reason shown) when the openssl command is not installed.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class OpenSslTheoryAttribute : TheoryAttribute
{
    public OpenSslTheoryAttribute()
    {
        if (!OpenSslProcess.IsAvailable())
        {
            Skip = "openssl is not installed; DTLS interop against OpenSSL not tested.";
        }
    }
}

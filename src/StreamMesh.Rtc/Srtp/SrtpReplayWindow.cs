namespace StreamMesh.Rtc.Srtp;

/// <summary>
/// Sliding replay list of RFC 3711 §3.3.2 over 128 packet indexes, anchored at the highest index
/// authenticated so far. Bit n of the bitmap stands for index (Highest - n).
/// </summary>
internal struct SrtpReplayWindow
{
    public const int Size = 128;

    private ulong _low;   // bits 0..63: Highest .. Highest-63
    private ulong _high;  // bits 64..127: Highest-64 .. Highest-127

    public bool HasValue { get; private set; }

    public ulong Highest { get; private set; }

    /// <summary>Classifies an index before any cryptographic work, so replays are dropped cheaply.</summary>
    public readonly SrtpResult Check(ulong index)
    {
        if (!HasValue || index > Highest)
        {
            return SrtpResult.Ok;
        }

        ulong delta = Highest - index;
        if (delta >= Size)
        {
            return SrtpResult.TooOld;
        }

        return IsSet((int)delta) ? SrtpResult.ReplayDetected : SrtpResult.Ok;
    }

    /// <summary>Records an authenticated index; only call after <see cref="Check"/> returned Ok and the tag verified.</summary>
    public void Accept(ulong index)
    {
        if (!HasValue)
        {
            HasValue = true;
            Highest = index;
            _low = 1;
            _high = 0;
            return;
        }

        if (index > Highest)
        {
            ShiftLeft(index - Highest);
            Highest = index;
            _low |= 1;
            return;
        }

        ulong delta = Highest - index;
        if (delta < Size)
        {
            Set((int)delta);
        }
    }

    private readonly bool IsSet(int bit) =>
        bit < 64 ? (_low & (1UL << bit)) != 0 : (_high & (1UL << (bit - 64))) != 0;

    private void Set(int bit)
    {
        if (bit < 64)
        {
            _low |= 1UL << bit;
        }
        else
        {
            _high |= 1UL << (bit - 64);
        }
    }

    private void ShiftLeft(ulong shift)
    {
        if (shift >= Size)
        {
            _low = 0;
            _high = 0;
        }
        else if (shift >= 64)
        {
            _high = _low << (int)(shift - 64);
            _low = 0;
        }
        else if (shift > 0)
        {
            _high = (_high << (int)shift) | (_low >> (64 - (int)shift));
            _low <<= (int)shift;
        }
    }
}

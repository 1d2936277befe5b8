using System.Buffers.Binary;

namespace StreamMesh.Rtc.Rtcp;

/// <summary>
/// Encodes and decodes packet status chunks (draft-holmer-rmcat-transport-wide-cc-extensions-01
/// §3.1.3, §3.1.4):
/// <code>
/// run length:    |0| S (2) |      run length (13)      |
/// status vector: |1|0| 14 one-bit symbols (0 lost, 1 small delta) |
///                |1|1| 7 two-bit symbols                          |
/// </code>
/// </summary>
internal static class TransportWideChunkCodec
{
    public const int MaxRunLength = 0x1FFF;
    public const int OneBitCapacity = 14;
    public const int TwoBitCapacity = 7;

    /// <summary>
    /// Encodes the statuses into chunks and returns how many. With an empty destination it only counts.
    /// Greedy: a run of at least a vector's capacity becomes a run-length chunk, otherwise the densest
    /// vector that can hold the next symbols is used.
    /// </summary>
    public static int Encode(ReadOnlySpan<TransportWidePacketStatus> statuses, Span<byte> destination)
    {
        int chunks = 0;
        int i = 0;
        while (i < statuses.Length)
        {
            TransportWideStatusSymbol symbol = statuses[i].Symbol;
            int run = 1;
            while (i + run < statuses.Length && run < MaxRunLength && statuses[i + run].Symbol == symbol)
            {
                run++;
            }

            int remaining = statuses.Length - i;
            int oneBitWindow = Math.Min(OneBitCapacity, remaining);
            bool windowHasLarge = false;
            for (int k = i; k < i + oneBitWindow; k++)
            {
                windowHasLarge |= statuses[k].Symbol == TransportWideStatusSymbol.ReceivedLargeDelta;
            }

            ushort chunk;
            int covered;
            int vectorWindow = windowHasLarge ? Math.Min(TwoBitCapacity, remaining) : oneBitWindow;
            if (run >= vectorWindow)
            {
                chunk = (ushort)(((int)symbol << 13) | run);
                covered = run;
            }
            else if (!windowHasLarge)
            {
                chunk = 0x8000;
                for (int k = 0; k < vectorWindow; k++)
                {
                    chunk |= (ushort)((int)statuses[i + k].Symbol << (OneBitCapacity - 1 - k));
                }

                covered = vectorWindow;
            }
            else
            {
                chunk = 0xC000;
                for (int k = 0; k < vectorWindow; k++)
                {
                    chunk |= (ushort)((int)statuses[i + k].Symbol << (2 * (TwoBitCapacity - 1 - k)));
                }

                covered = vectorWindow;
            }

            if (!destination.IsEmpty)
            {
                BinaryPrimitives.WriteUInt16BigEndian(destination[(chunks * 2)..], chunk);
            }

            chunks++;
            i += covered;
        }

        return chunks;
    }

    /// <summary>Number of statuses a chunk describes (before clipping to the status count).</summary>
    public static int Capacity(ushort chunk) =>
        (chunk & 0x8000) == 0 ? chunk & MaxRunLength : (chunk & 0x4000) == 0 ? OneBitCapacity : TwoBitCapacity;

    /// <summary>The symbol at <paramref name="index"/> within a chunk; 3 is returned for the reserved value.</summary>
    public static int SymbolAt(ushort chunk, int index)
    {
        if ((chunk & 0x8000) == 0)
        {
            return (chunk >> 13) & 0x03;
        }

        return (chunk & 0x4000) == 0
            ? (chunk >> (OneBitCapacity - 1 - index)) & 0x01
            : (chunk >> (2 * (TwoBitCapacity - 1 - index))) & 0x03;
    }
}

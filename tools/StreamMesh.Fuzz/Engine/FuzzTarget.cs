namespace StreamMesh.Fuzz.Engine;

/// <summary>
/// One parser under test: where its seed inputs come from, how one input is driven through it, and
/// how much one input may allocate. <see cref="Execute"/> must never throw for the parser to pass.
/// </summary>
/// <remarks>A target is used by one thread at a time; stateful targets (depayloaders, SRTP) keep state between inputs.</remarks>
public abstract class FuzzTarget
{
    /// <summary>Short name used by --target and in the report.</summary>
    public abstract string Name { get; }

    /// <summary>The APIs the target drives.</summary>
    public abstract string Description { get; }

    /// <summary>Line- and token-aware text mutations are added for text protocols (SDP, candidate lines).</summary>
    public virtual bool IsText => false;

    /// <summary>Largest input the mutator produces.</summary>
    public virtual int MaxInputLength => 2048;

    /// <summary>Tokens the mutator splices in (field names, keywords, magic values).</summary>
    public virtual IReadOnlyList<byte[]> Dictionary => [];

    /// <summary>Valid-looking inputs (RFC vectors, test fixtures, writer output, FsCheck samples) to mutate.</summary>
    public abstract IReadOnlyList<byte[]> CreateSeeds(ulong seed);

    /// <summary>
    /// Drives one input through the parser and everything that reads its result; returns an outcome
    /// code (parse result, flags) so the report can count how many distinct behaviours were reached.
    /// </summary>
    public abstract int Execute(ReadOnlySpan<byte> input);

    /// <summary>Bytes one input may allocate; more is reported as unbounded allocation.</summary>
    public virtual long AllocationBound(int inputLength) => 16 * 1024;

    /// <summary>Inputs between calls to <see cref="Refresh"/>; 0 means never.</summary>
    public virtual int RefreshInterval => 0;

    /// <summary>Called outside measurement every <see cref="RefreshInterval"/> inputs (new random keys, fresh state).</summary>
    public virtual void Refresh(FuzzRandom random)
    {
    }
}

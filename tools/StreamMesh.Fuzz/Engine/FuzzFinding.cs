namespace StreamMesh.Fuzz.Engine;

/// <summary>One failing input, with its exact bytes so it can become a regression test.</summary>
public sealed record FuzzFinding(string Target, FuzzFindingKind Kind, byte[] Input, string Detail)
{
    /// <summary>Groups findings with the same cause (exception type and throwing frame).</summary>
    public string Signature { get; init; } = Kind.ToString();

    /// <summary>The input as contiguous lowercase hex.</summary>
    public string InputHex => Convert.ToHexStringLower(Input);

    public string Describe() =>
        $"[{Target}] {Kind}: {Detail}{Environment.NewLine}  input ({Input.Length} bytes): {InputHex}";
}

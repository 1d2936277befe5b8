using StreamMesh.Fuzz.Engine;

namespace StreamMesh.Fuzz;

/// <summary>Writes each finding's exact input (hex) and cause to DIR/target/kind-N.txt for turning into a regression test.</summary>
public static class FindingStore
{
    public static void Save(string directory, IReadOnlyList<FuzzFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        for (int i = 0; i < findings.Count; i++)
        {
            FuzzFinding finding = findings[i];
            string folder = Path.Combine(directory, finding.Target);
            Directory.CreateDirectory(folder);
            string path = Path.Combine(folder, $"{finding.Kind.ToString().ToLowerInvariant()}-{i}-{finding.Input.Length}.txt");
            File.WriteAllText(path, $"{finding.Detail}{Environment.NewLine}{finding.InputHex}{Environment.NewLine}");
        }
    }
}

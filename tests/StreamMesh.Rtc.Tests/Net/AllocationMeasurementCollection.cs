namespace StreamMesh.Rtc.Tests.Net;

/// <summary>Runs its tests alone, after the parallel ones, so that process-wide allocation counts mean something.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasurementCollection
{
    public const string Name = "Allocation measurement";
}

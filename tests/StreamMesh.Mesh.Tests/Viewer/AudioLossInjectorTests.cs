using StreamMesh.Mesh.Viewer;

namespace StreamMesh.Mesh.Tests.Viewer;

public sealed class AudioLossInjectorTests
{
    [Fact]
    public void ShouldDrop_SameSeed_SamePattern()
    {
        var a = new AudioLossInjector(0.1, 42);
        var b = new AudioLossInjector(0.1, 42);
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(a.ShouldDrop(), b.ShouldDrop());
        }
    }

    [Fact]
    public void ShouldDrop_CountsOnlyDropsFollowedByAKeptPacket()
    {
        var injector = new AudioLossInjector(0.3, 7);
        var pattern = new bool[2000];
        for (var i = 0; i < pattern.Length; i++)
        {
            pattern[i] = injector.ShouldDrop();
        }

        // Recount from the pattern: drops after the first kept packet and before the last kept one.
        var first = Array.IndexOf(pattern, false);
        var last = Array.LastIndexOf(pattern, false);
        long drops = 0, runs = 0;
        for (var i = first; i <= last; i++)
        {
            if (pattern[i])
            {
                drops++;
                if (!pattern[i - 1])
                {
                    runs++;
                }
            }
        }

        Assert.Equal(0, first);
        Assert.Equal(drops, injector.DetectableDrops);
        Assert.Equal(runs, injector.DetectableRuns);
        Assert.InRange(drops, 450, 750);
    }

    [Fact]
    public void ShouldDrop_ZeroRate_NeverDrops()
    {
        var injector = new AudioLossInjector(0, 1);
        for (var i = 0; i < 100; i++)
        {
            Assert.False(injector.ShouldDrop());
        }

        Assert.Equal(0, injector.DetectableDrops);
    }
}

using StreamMesh.Mesh.LoadTesting;

namespace StreamMesh.Mesh.Tests.LoadTesting;

public sealed class ProcessUsageSampleTests
{
    [Fact]
    public void TryParseCpuTicks_CommandWithSpacesAndParentheses_SumsUtimeAndStime()
    {
        // proc(5): pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        const string Stat = "4242 (dotnet (x) y) S 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 567 0 0 20 0 30 0 100 2000000 5000";

        Assert.True(ProcessUsageSample.TryParseCpuTicks(Stat, out long ticks));
        Assert.Equal(1234 + 567, ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4242 dotnet S 1")]
    [InlineData("4242 (dotnet) S 1 2 3")]
    [InlineData("4242 (dotnet) S 1 4242 4242 0 -1 4194560 1000 0 0 0 abc 567 0")]
    public void TryParseCpuTicks_Malformed_ReturnsFalse(string stat) =>
        Assert.False(ProcessUsageSample.TryParseCpuTicks(stat, out _));

    [Fact]
    public void TryParseRss_TabSeparatedStatusLine_ReturnsBytes()
    {
        const string Status = "Name:\tdotnet\nVmPeak:\t  999 kB\nVmRSS:\t   123456 kB\nThreads:\t20\n";

        Assert.True(ProcessUsageSample.TryParseRss(Status, out long bytes));
        Assert.Equal(123_456L * 1024, bytes);
    }

    [Fact]
    public void TryParseRss_NoRssLine_ReturnsFalse() =>
        Assert.False(ProcessUsageSample.TryParseRss("Name:\tkthreadd\nState:\tS\n", out _));

    [Fact]
    public void TryRead_OwnProcessOnLinux_ReportsMemory()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Assert.True(ProcessUsageSample.TryRead(Environment.ProcessId, TimeProvider.System, out var sample));
        Assert.True(sample.RssBytes > 1024 * 1024);
        Assert.True(sample.CpuTicks >= 0);
    }

    [Fact]
    public void TryRead_MissingProcess_ReturnsFalse() =>
        Assert.False(ProcessUsageSample.TryRead(int.MaxValue, TimeProvider.System, out _));
}

using System.Net;
using Microsoft.Extensions.Time.Testing;
using StreamMesh.Mesh.Security;

namespace StreamMesh.Mesh.Tests.Security;

public class AddressRateLimiterTests
{
    private static readonly IPAddress Client = IPAddress.Parse("198.51.100.7");
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void TryAcquire_BurstThenRefill_RefusesWithRetryAfterThenAdmitsAtRate()
    {
        var limiter = new AddressRateLimiter(ratePerSecond: 2, burst: 3, maxAddresses: 100, _time);

        for (int i = 0; i < 3; i++)
        {
            Assert.True(limiter.TryAcquire(Client).IsAllowed);
        }

        RateDecision refused = limiter.TryAcquire(Client);
        Assert.False(refused.IsAllowed);
        Assert.Equal(TimeSpan.FromSeconds(0.5), refused.RetryAfter);
        Assert.Equal(1, refused.RetryAfterSeconds);

        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True(limiter.TryAcquire(Client).IsAllowed);
        Assert.False(limiter.TryAcquire(Client).IsAllowed);
    }

    [Fact]
    public void TryAcquire_OtherAddress_HasItsOwnBucket()
    {
        var limiter = new AddressRateLimiter(1, 1, 100, _time);

        Assert.True(limiter.TryAcquire(Client).IsAllowed);
        Assert.False(limiter.TryAcquire(Client).IsAllowed);
        Assert.True(limiter.TryAcquire(IPAddress.Parse("198.51.100.8")).IsAllowed);
    }

    [Fact]
    public void TryAcquire_Ipv6SameSlash64_SharesOneBucketAndMappedIpv4IsIpv4()
    {
        var limiter = new AddressRateLimiter(1, 1, 100, _time);

        Assert.True(limiter.TryAcquire(IPAddress.Parse("2001:db8:1:2::1")).IsAllowed);
        Assert.False(limiter.TryAcquire(IPAddress.Parse("2001:db8:1:2:ffff::9")).IsAllowed);
        Assert.True(limiter.TryAcquire(IPAddress.Parse("2001:db8:1:3::1")).IsAllowed);
        Assert.True(limiter.TryAcquire(Client).IsAllowed);
        Assert.False(limiter.TryAcquire(Client.MapToIPv6()).IsAllowed);
    }

    [Fact]
    public void TryAcquire_TableFull_DropsIdleBucketsElseRefusesNewAddressesWithoutGrowing()
    {
        var limiter = new AddressRateLimiter(1, 2, maxAddresses: 16, _time);
        for (int i = 0; i < 16; i++)
        {
            Assert.True(limiter.TryAcquire(IPAddress.Parse($"10.0.0.{i}")).IsAllowed);
        }

        RateDecision full = limiter.TryAcquire(IPAddress.Parse("10.0.1.1"));
        Assert.False(full.IsAllowed);
        Assert.True(full.TableFull);
        Assert.Equal(16, limiter.TrackedAddresses);

        // Once the buckets have refilled they are idle and make room.
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(limiter.TryAcquire(IPAddress.Parse("10.0.1.1")).IsAllowed);
        Assert.Equal(1, limiter.TrackedAddresses);
    }

    [Fact]
    public void TryAcquire_RateZero_Unlimited()
    {
        var limiter = new AddressRateLimiter(0, 1, 16, _time);

        for (int i = 0; i < 1000; i++)
        {
            Assert.True(limiter.TryAcquire(Client).IsAllowed);
        }

        Assert.Equal(0, limiter.TrackedAddresses);
    }
}

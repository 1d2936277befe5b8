using System.Net;
using System.Net.Sockets;

namespace StreamMesh.Mesh.Security;

/// <summary>
/// One token bucket per client address: <c>burst</c> requests at once, refilled at <c>ratePerSecond</c>. IPv6 clients
/// are bucketed by their /64 (one subscriber's allocation, RFC 6177), IPv4-mapped addresses as IPv4. The address
/// table is bounded: when full, idle (refilled) buckets are dropped at most once a second, and new addresses are
/// refused until there is room, so a flood of spoofed sources cannot grow memory. Thread-safe.
/// </summary>
public sealed class AddressRateLimiter
{
    private readonly Dictionary<IPAddress, Bucket> _buckets = [];
    private readonly Lock _gate = new();
    private readonly double _rate;
    private readonly int _burst;
    private readonly int _maxAddresses;
    private readonly TimeProvider _time;
    private long _lastSweep = long.MinValue;

    /// <param name="ratePerSecond">Refill rate; 0 disables the limiter.</param>
    /// <param name="burst">Bucket size (at least 1).</param>
    /// <param name="maxAddresses">Bound of the address table.</param>
    /// <param name="timeProvider">Clock.</param>
    public AddressRateLimiter(double ratePerSecond, int burst, int maxAddresses, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAddresses, 1);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _rate = ratePerSecond;
        _burst = burst;
        _maxAddresses = maxAddresses;
        _time = timeProvider;
    }

    /// <summary>Addresses currently tracked.</summary>
    public int TrackedAddresses
    {
        get
        {
            lock (_gate)
            {
                return _buckets.Count;
            }
        }
    }

    /// <summary>Takes one token for <paramref name="address"/>.</summary>
    /// <returns>The decision; when refused, how long until a token is available.</returns>
    public RateDecision TryAcquire(IPAddress? address)
    {
        if (_rate <= 0)
        {
            return RateDecision.Allowed;
        }

        IPAddress key = KeyOf(address);
        long now = _time.GetTimestamp();
        lock (_gate)
        {
            if (!_buckets.TryGetValue(key, out Bucket? bucket))
            {
                if (_buckets.Count >= _maxAddresses && !Sweep(now))
                {
                    return new RateDecision(false, TimeSpan.FromSeconds(1), TableFull: true);
                }

                bucket = new Bucket { Tokens = _burst, Stamp = now };
                _buckets[key] = bucket;
            }

            Refill(bucket, now);
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                return RateDecision.Allowed;
            }

            return new RateDecision(false, TimeSpan.FromSeconds((1 - bucket.Tokens) / _rate), TableFull: false);
        }
    }

    /// <summary>The bucket key: IPv4 as is (mapped IPv6 unwrapped), IPv6 reduced to its /64.</summary>
    public static IPAddress KeyOf(IPAddress? address)
    {
        if (address is null)
        {
            return IPAddress.None;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes);
    }

    private void Refill(Bucket bucket, long now)
    {
        double elapsed = _time.GetElapsedTime(bucket.Stamp, now).TotalSeconds;
        if (elapsed > 0)
        {
            bucket.Tokens = Math.Min(_burst, bucket.Tokens + (elapsed * _rate));
            bucket.Stamp = now;
        }
    }

    /// <returns>True when room was made.</returns>
    private bool Sweep(long now)
    {
        if (_lastSweep != long.MinValue && _time.GetElapsedTime(_lastSweep, now) < TimeSpan.FromSeconds(1))
        {
            return false;
        }

        _lastSweep = now;
        var idle = new List<IPAddress>();
        foreach ((IPAddress key, Bucket bucket) in _buckets)
        {
            Refill(bucket, now);
            if (bucket.Tokens >= _burst)
            {
                idle.Add(key);
            }
        }

        foreach (IPAddress key in idle)
        {
            _buckets.Remove(key);
        }

        return _buckets.Count < _maxAddresses;
    }

    private sealed class Bucket
    {
        public double Tokens;
        public long Stamp;
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using Microsoft.Extensions.Logging;
using StreamMesh.Rtc.Stun;

namespace StreamMesh.Rtc.Net;

/// <summary>
/// The three routes of a <see cref="UdpMux"/>: local ufrag → registration (STUN requests), transaction
/// ID → registration (STUN responses), remote endpoint → registration (DTLS, SRTP). Lock-free reads;
/// the endpoint route is looked up by the receive loop's reused <see cref="SocketAddress"/> so that
/// routing a media datagram allocates nothing.
/// </summary>
internal sealed class UdpMuxRoutingTable(UdpMuxCounterSet counters, ILogger logger, Func<IPEndPoint, SocketAddress> serialize)
{
    private const int MaxUfragLength = 256;

    private readonly ConcurrentDictionary<string, UdpMuxRegistration> _byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<StunTransactionId, UdpMuxRegistration> _byTransaction = new();
    private readonly ConcurrentDictionary<SocketAddress, UdpMuxEndPointBinding> _bySocketAddress = new();
    private readonly ConcurrentDictionary<IPEndPoint, UdpMuxEndPointBinding> _byEndPoint = new();

    public int RegistrationCount => _byUfrag.Count;

    public bool TryAddUfrag(UdpMuxRegistration registration) =>
        _byUfrag.TryAdd(registration.UsernameFragment, registration);

    /// <summary>Finds the registration for the ASCII ufrag in a USERNAME, without allocating a string.</summary>
    public UdpMuxRegistration? FindByUfrag(ReadOnlySpan<byte> ufrag)
    {
        if (ufrag.IsEmpty || ufrag.Length > MaxUfragLength)
        {
            return null;
        }

        Span<char> chars = stackalloc char[ufrag.Length];
        for (int i = 0; i < ufrag.Length; i++)
        {
            if (ufrag[i] >= 0x80)
            {
                return null; // ice-chars are ASCII (RFC 8445 §5.3)
            }

            chars[i] = (char)ufrag[i];
        }

        ConcurrentDictionary<string, UdpMuxRegistration>.AlternateLookup<ReadOnlySpan<char>> lookup = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();
        return lookup.TryGetValue(chars, out UdpMuxRegistration? registration) ? registration : null;
    }

    public void AddTransaction(StunTransactionId id, UdpMuxRegistration registration) => _byTransaction[id] = registration;

    public void RemoveTransaction(StunTransactionId id, UdpMuxRegistration registration) =>
        _byTransaction.TryRemove(new KeyValuePair<StunTransactionId, UdpMuxRegistration>(id, registration));

    public UdpMuxRegistration? FindByTransaction(StunTransactionId id) =>
        _byTransaction.TryGetValue(id, out UdpMuxRegistration? registration) ? registration : null;

    public bool TryGetBinding(SocketAddress address, [NotNullWhen(true)] out UdpMuxEndPointBinding? binding) =>
        _bySocketAddress.TryGetValue(address, out binding);

    public bool TryGetBinding(IPEndPoint endPoint, [NotNullWhen(true)] out UdpMuxEndPointBinding? binding) =>
        _byEndPoint.TryGetValue(endPoint, out binding);

    public bool IsCurrent(UdpMuxEndPointBinding binding) =>
        _byEndPoint.TryGetValue(binding.EndPoint, out UdpMuxEndPointBinding? current) && ReferenceEquals(current, binding);

    /// <summary>
    /// Routes <paramref name="remote"/> to <paramref name="registration"/>. The latest validation wins:
    /// a new session from the same endpoint replaces a stale one. Two live sessions between the same
    /// pair of sockets cannot be told apart by endpoint; <see cref="UdpMuxCounters.EndPointRebinds"/> shows it.
    /// </summary>
    public void Bind(UdpMuxRegistration registration, IPEndPoint remote)
    {
        if (_byEndPoint.TryGetValue(remote, out UdpMuxEndPointBinding? existing) && ReferenceEquals(existing.Registration, registration))
        {
            return;
        }

        IPAddress address = remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address;
        var owned = new IPEndPoint(address, remote.Port);
        var binding = new UdpMuxEndPointBinding(registration, owned, serialize(owned));
        registration.AddBinding(binding);
        _byEndPoint[owned] = binding;
        _bySocketAddress[binding.SocketAddress] = binding;
        if (existing is not null)
        {
            Interlocked.Increment(ref counters.EndPointRebinds);
            UdpMuxLog.EndPointRebound(logger, owned, existing.Registration.UsernameFragment, registration.UsernameFragment);
        }
        else
        {
            UdpMuxLog.EndPointBound(logger, owned, registration.UsernameFragment);
        }

        if (registration.IsDisposed)
        {
            // Lost a race with Dispose: do not leave a route to a dead registration behind.
            RemoveBinding(binding);
        }
    }

    public void Remove(UdpMuxRegistration registration, StunTransactionId[] transactions, UdpMuxEndPointBinding[] bindings)
    {
        _byUfrag.TryRemove(new KeyValuePair<string, UdpMuxRegistration>(registration.UsernameFragment, registration));
        foreach (StunTransactionId id in transactions)
        {
            RemoveTransaction(id, registration);
        }

        foreach (UdpMuxEndPointBinding binding in bindings)
        {
            RemoveBinding(binding);
        }
    }

    private void RemoveBinding(UdpMuxEndPointBinding binding)
    {
        _byEndPoint.TryRemove(new KeyValuePair<IPEndPoint, UdpMuxEndPointBinding>(binding.EndPoint, binding));
        _bySocketAddress.TryRemove(new KeyValuePair<SocketAddress, UdpMuxEndPointBinding>(binding.SocketAddress, binding));
    }
}

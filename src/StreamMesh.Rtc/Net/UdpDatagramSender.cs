using System.Net;

namespace StreamMesh.Rtc.Net;

/// <summary>Sends one datagram now (the undelayed path a <see cref="UdpSendDelayQueue"/> releases into).</summary>
public delegate void UdpDatagramSender(ReadOnlySpan<byte> datagram, SocketAddress remote);

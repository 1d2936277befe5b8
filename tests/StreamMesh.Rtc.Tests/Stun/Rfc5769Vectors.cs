namespace StreamMesh.Rtc.Tests.Stun;

/// <summary>
/// The test vectors of RFC 5769 §2.1–2.3 (short-term credentials). Their padding bytes are 0x20
/// (spaces) on purpose, which exercises "padding may hold anything" in parsers.
/// </summary>
internal static class Rfc5769Vectors
{
    public const string Password = "VOkJxbRl1RmTxUk/WvJxBt";
    public const string Username = "evtj:h6vY";
    public const string RequestSoftware = "STUN test client";
    public const string ResponseSoftware = "test vector";
    public const uint RequestPriority = 0x6e0001ff;
    public const ulong RequestIceControlled = 0x932ff9b151263b36;
    public const int MappedPort = 32853;

    public static readonly byte[] TransactionId = Hex.Parse("b7 e7 a7 01 bc 34 d6 86 fa 87 df ae");

    /// <summary>RFC 5769 §2.1 Sample Request.</summary>
    public static readonly byte[] SampleRequest = Hex.Parse("""
        00 01 00 58   // Request type and message length
        21 12 a4 42   // Magic cookie
        b7 e7 a7 01   // }
        bc 34 d6 86   // }  Transaction ID
        fa 87 df ae   // }
        80 22 00 10   // SOFTWARE attribute header
        53 54 55 4e   // }
        20 74 65 73   // }  User-agent...
        74 20 63 6c   // }  ...name
        69 65 6e 74   // }
        00 24 00 04   // PRIORITY attribute header
        6e 00 01 ff   // ICE priority value
        80 29 00 08   // ICE-CONTROLLED attribute header
        93 2f f9 b1   // }  Pseudo-random tie breaker...
        51 26 3b 36   // }   ...for ICE control
        00 06 00 09   // USERNAME attribute header
        65 76 74 6a   // }
        3a 68 36 76   // }  Username (9 bytes) and padding (3 bytes)
        59 20 20 20   // }
        00 08 00 14   // MESSAGE-INTEGRITY attribute header
        9a ea a7 0c   // }
        bf d8 cb 56   // }
        78 1e f2 b5   // }  HMAC-SHA1 fingerprint
        b2 d3 f2 49   // }
        c1 b5 71 a2   // }
        80 28 00 04   // FINGERPRINT attribute header
        e5 7a 3b cf   // CRC32 fingerprint
        """);

    /// <summary>RFC 5769 §2.2 Sample IPv4 Response: 192.0.2.1 port 32853.</summary>
    public static readonly byte[] SampleIPv4Response = Hex.Parse("""
        01 01 00 3c   // Response type and message length
        21 12 a4 42   // Magic cookie
        b7 e7 a7 01   // }
        bc 34 d6 86   // }  Transaction ID
        fa 87 df ae   // }
        80 22 00 0b   // SOFTWARE attribute header
        74 65 73 74   // }
        20 76 65 63   // }  UTF-8 server name
        74 6f 72 20   // }
        00 20 00 08   // XOR-MAPPED-ADDRESS attribute header
        00 01 a1 47   // Address family (IPv4) and xor'd mapped port number
        e1 12 a6 43   // Xor'd mapped IPv4 address
        00 08 00 14   // MESSAGE-INTEGRITY attribute header
        2b 91 f5 99   // }
        fd 9e 90 c3   // }
        8c 74 89 f9   // }  HMAC-SHA1 fingerprint
        2a f9 ba 53   // }
        f0 6b e7 d7   // }
        80 28 00 04   // FINGERPRINT attribute header
        c0 7d 4c 96   // CRC32 fingerprint
        """);

    /// <summary>RFC 5769 §2.3 Sample IPv6 Response: 2001:db8:1234:5678:11:2233:4455:6677 port 32853.</summary>
    public static readonly byte[] SampleIPv6Response = Hex.Parse("""
        01 01 00 48   // Response type and message length
        21 12 a4 42   // Magic cookie
        b7 e7 a7 01   // }
        bc 34 d6 86   // }  Transaction ID
        fa 87 df ae   // }
        80 22 00 0b   // SOFTWARE attribute header
        74 65 73 74   // }
        20 76 65 63   // }  UTF-8 server name
        74 6f 72 20   // }
        00 20 00 14   // XOR-MAPPED-ADDRESS attribute header
        00 02 a1 47   // Address family (IPv6) and xor'd mapped port number
        01 13 a9 fa   // }
        a5 d3 f1 79   // }  Xor'd mapped IPv6 address
        bc 25 f4 b5   // }
        be d2 b9 d9   // }
        00 08 00 14   // MESSAGE-INTEGRITY attribute header
        a3 82 95 4e   // }
        4b e6 7b f1   // }
        17 84 c9 7c   // }  HMAC-SHA1 fingerprint
        82 92 c2 75   // }
        bf e3 ed 41   // }
        80 28 00 04   // FINGERPRINT attribute header
        c8 fb 0b 4c   // CRC32 fingerprint
        """);
}

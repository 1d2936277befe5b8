using System.Globalization;
using Microsoft.Extensions.Configuration;
using StreamMesh.Topology.Sites;
using StreamMesh.Topology.Tree;

namespace StreamMesh.Mesh.Tracker;

/// <summary>Tracker settings. Immutable; <see cref="Validate"/> throws a clear <see cref="ArgumentException"/>.</summary>
public sealed record TrackerOptions
{
    /// <summary>Tree tuning applied to every stream.</summary>
    public TopologyOptions Topology { get; init; } = TopologyOptions.Default;

    /// <summary>Site rules; <see cref="SitePolicy.AllowAll"/> when no site map is configured.</summary>
    public SitePolicy SitePolicy { get; init; } = SitePolicy.AllowAll;

    /// <summary>Heartbeat interval advertised to peers; the removal deadline is <see cref="TopologyOptions.HeartbeatTimeout"/>.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Lifetime of a ticket: the child must connect to its parent within it.</summary>
    public TimeSpan TicketLifetime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Period of heartbeat expiry and improvement.</summary>
    public TimeSpan MaintenanceInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Peers per stream examined by improvement on each maintenance tick.</summary>
    public int ImprovementBatch { get; init; } = 5_000;

    /// <summary>Largest accepted request body, bytes.</summary>
    public long MaxRequestBodyBytes { get; init; } = 64 * 1024;

    /// <summary>Most streams the tracker keeps at once.</summary>
    public int MaxStreams { get; init; } = 1_024;

    /// <summary>Most peers (pending included) per stream.</summary>
    public int MaxPeersPerStream { get; init; } = 250_000;

    /// <summary>PEM file of the ticket signing key (created if missing); null means a fresh key per process.</summary>
    public string? SigningKeyPath { get; init; }

    /// <summary>When set, origin registration requires "Authorization: Bearer &lt;token&gt;".</summary>
    public string? OriginToken { get; init; }

    /// <summary>Private streams (viewer tokens) and relay node keys; open by default (docs/security.md).</summary>
    public Security.TrackerAccessOptions Access { get; init; } = Security.TrackerAccessOptions.Open;

    /// <summary>
    /// When a child reports its parent unreachable, the tracker GETs the parent's /healthz itself; a refused connection
    /// removes the parent at once (docs/relay-tree.md). Turn off where the tracker cannot reach the nodes' URLs.
    /// </summary>
    public bool VerifyReports { get; init; } = true;

    /// <summary>How long the liveness check of a reported peer may take before it counts as inconclusive.</summary>
    public TimeSpan ReportCheckTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Defaults.</summary>
    public static TrackerOptions Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad value.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Topology, nameof(Topology));
        ArgumentNullException.ThrowIfNull(SitePolicy, nameof(SitePolicy));
        Topology.Validate();
        Require(HeartbeatInterval > TimeSpan.Zero && HeartbeatInterval * 2 <= Topology.HeartbeatTimeout, nameof(HeartbeatInterval), "must be positive and at most half of Topology.HeartbeatTimeout", HeartbeatInterval);
        Require(TicketLifetime >= TimeSpan.FromSeconds(1) && TicketLifetime <= TimeSpan.FromHours(1), nameof(TicketLifetime), "must be between 1 s and 1 h", TicketLifetime);
        Require(MaintenanceInterval >= TimeSpan.FromMilliseconds(10) && MaintenanceInterval <= TimeSpan.FromMinutes(1), nameof(MaintenanceInterval), "must be between 10 ms and 1 min", MaintenanceInterval);
        Require(ImprovementBatch is >= 0 and <= 1_000_000, nameof(ImprovementBatch), "must be in [0, 1000000]", ImprovementBatch);
        Require(MaxRequestBodyBytes is >= 1024 and <= 16 * 1024 * 1024, nameof(MaxRequestBodyBytes), "must be in [1 KiB, 16 MiB]", MaxRequestBodyBytes);
        Require(MaxStreams is >= 1 and <= 1_000_000, nameof(MaxStreams), "must be in [1, 1000000]", MaxStreams);
        Require(MaxPeersPerStream is >= 2 and <= 10_000_000, nameof(MaxPeersPerStream), "must be in [2, 10000000]", MaxPeersPerStream);
        Require(ReportCheckTimeout >= TimeSpan.FromMilliseconds(10) && ReportCheckTimeout <= TimeSpan.FromSeconds(10), nameof(ReportCheckTimeout), "must be between 10 ms and 10 s", ReportCheckTimeout);
        Require(OriginToken is null || OriginToken.Length >= 16, nameof(OriginToken), "must be at least 16 characters when set", "(hidden)");
        ArgumentNullException.ThrowIfNull(Access, nameof(Access));
        Access.Validate();
    }

    /// <summary>
    /// Reads options from a configuration section. Keys (all optional): HeartbeatIntervalSeconds, HeartbeatTimeoutSeconds,
    /// TicketLifetimeSeconds, MaintenanceIntervalSeconds, ImprovementBatch, MaxRequestBodyBytes, MaxStreams,
    /// MaxPeersPerStream, SigningKeyPath, OriginToken, SiteMap (path of a site map CSV), CandidateCount, BackupCount, MaxDepth,
    /// SuspectTimeoutSeconds (default 1.5 × the heartbeat interval), VerifyReports, ReportCheckTimeoutSeconds.
    /// </summary>
    public static TrackerOptions FromConfiguration(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        TrackerOptions d = Default;
        TimeSpan interval = Seconds(section, "HeartbeatIntervalSeconds") ?? d.HeartbeatInterval;
        TopologyOptions topology = d.Topology with
        {
            HeartbeatTimeout = Seconds(section, "HeartbeatTimeoutSeconds") ?? d.Topology.HeartbeatTimeout,

            // A healthy peer heartbeats once per interval; half an interval more is the grace before a reported one goes.
            SuspectTimeout = Seconds(section, "SuspectTimeoutSeconds") ?? interval * 1.5,
            CandidateCount = Int(section, "CandidateCount") ?? d.Topology.CandidateCount,
            BackupCount = Int(section, "BackupCount") ?? d.Topology.BackupCount,
            MaxDepth = Int(section, "MaxDepth") ?? d.Topology.MaxDepth,
            OriginSlotsReservedForRelays = Int(section, "OriginSlotsReservedForRelays") ?? d.Topology.OriginSlotsReservedForRelays,
        };
        string? siteMap = section["SiteMap"];
        SitePolicy policy = SitePolicy.AllowAll;
        if (!string.IsNullOrWhiteSpace(siteMap))
        {
            if (!SiteMapCsv.TryParse(File.ReadAllText(siteMap), out SitePolicy? parsed, out string? error))
            {
                throw new ArgumentException($"{siteMap}: {error}", nameof(section));
            }

            policy = parsed;
        }

        var options = new TrackerOptions
        {
            Topology = topology,
            SitePolicy = policy,
            HeartbeatInterval = interval,
            VerifyReports = Bool(section, "VerifyReports") ?? d.VerifyReports,
            ReportCheckTimeout = Seconds(section, "ReportCheckTimeoutSeconds") ?? d.ReportCheckTimeout,
            TicketLifetime = Seconds(section, "TicketLifetimeSeconds") ?? d.TicketLifetime,
            MaintenanceInterval = Seconds(section, "MaintenanceIntervalSeconds") ?? d.MaintenanceInterval,
            ImprovementBatch = Int(section, "ImprovementBatch") ?? d.ImprovementBatch,
            MaxRequestBodyBytes = Int(section, "MaxRequestBodyBytes") ?? d.MaxRequestBodyBytes,
            MaxStreams = Int(section, "MaxStreams") ?? d.MaxStreams,
            MaxPeersPerStream = Int(section, "MaxPeersPerStream") ?? d.MaxPeersPerStream,
            SigningKeyPath = string.IsNullOrWhiteSpace(section["SigningKeyPath"]) ? null : section["SigningKeyPath"],
            OriginToken = string.IsNullOrEmpty(section["OriginToken"]) ? null : section["OriginToken"],
            Access = Security.TrackerAccessOptions.FromConfiguration(section),
        };
        options.Validate();
        return options;
    }

    private static bool? Bool(IConfiguration section, string key)
    {
        string? text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return bool.TryParse(text, out bool value)
            ? value
            : throw new ArgumentException($"Tracker:{key} must be true or false, was '{text}'.", nameof(section));
    }

    private static int? Int(IConfiguration section, string key)
    {
        string? text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new ArgumentException($"Tracker:{key} must be an integer, was '{text}'.", nameof(section));
    }

    private static TimeSpan? Seconds(IConfiguration section, string key)
    {
        string? text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) && value >= 0
            ? TimeSpan.FromSeconds(value)
            : throw new ArgumentException($"Tracker:{key} must be a number of seconds, was '{text}'.", nameof(section));
    }

    private static void Require(bool condition, string name, string rule, object value)
    {
        if (!condition)
        {
            throw new ArgumentException($"TrackerOptions.{name} {rule}, was {value}.", name);
        }
    }
}

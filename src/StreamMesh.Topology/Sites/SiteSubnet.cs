namespace StreamMesh.Topology.Sites;

/// <summary>One "subnet belongs to site" row of a site map.</summary>
/// <param name="Subnet">The address prefix.</param>
/// <param name="Site">The site (lower-case) that addresses in the prefix belong to.</param>
public sealed record SiteSubnet(IpSubnet Subnet, string Site);

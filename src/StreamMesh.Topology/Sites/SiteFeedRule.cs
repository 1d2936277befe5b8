namespace StreamMesh.Topology.Sites;

/// <summary>
/// Permission for peers of <paramref name="ParentSite"/> to feed peers of <paramref name="ChildSite"/>
/// across a site boundary. Either side may be <see cref="SitePolicy.AnySite"/> ("*").
/// </summary>
/// <param name="ParentSite">Site of the distributing peer, lower-case, or "*".</param>
/// <param name="ChildSite">Site of the receiving peer, lower-case, or "*".</param>
public sealed record SiteFeedRule(string ParentSite, string ChildSite);

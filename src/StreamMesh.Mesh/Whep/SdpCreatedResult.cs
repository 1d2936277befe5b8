using System.Text;
using Microsoft.AspNetCore.Http;

namespace StreamMesh.Mesh.Whep;

/// <summary>201 Created with an <c>application/sdp</c> answer and the session's Location (WHEP §4.2).</summary>
internal sealed class SdpCreatedResult(string location, string sdp) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status201Created;
        response.ContentType = "application/sdp";
        response.Headers.Location = location;
        var bytes = Encoding.UTF8.GetBytes(sdp);
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes, httpContext.RequestAborted).AsTask();
    }
}

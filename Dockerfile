# One image for every StreamMesh role: docker run IMAGE origin|relay|tracker|view|demo [options]
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/StreamMesh.Node/StreamMesh.Node.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
COPY config/ /etc/streammesh/
# Kestrel and the WebRTC socket; pin the UDP port so it can be published: -p 8080:8080 -p 40000:40000/udp
ENV STREAMMESH_Node__Http=0.0.0.0:8080 \
    STREAMMESH_Node__UdpPort=40000
EXPOSE 8080 40000/udp
USER app
ENTRYPOINT ["dotnet", "/app/streammesh.dll"]
CMD ["--help"]

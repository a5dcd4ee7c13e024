# syntax=docker/dockerfile:1
# The rarlhf image: built with the .NET SDK, run on the .NET runtime as an unprivileged user.
#   docker build -t rarlhf:dev .
#   docker run --rm rarlhf:dev info
#   docker run --rm -v rarlhf-data:/data rarlhf:dev node --roles all --config /config/cluster.conf
# Base images are pinned to exact versions (the SDK/runtime this repository is built and tested with); pin a digest
# (@sha256:...) in your registry mirror for fully reproducible builds. See docs/deploy.md.

FROM mcr.microsoft.com/dotnet/sdk:10.0.401-noble AS build
WORKDIR /src
# Restore first: this layer stays cached while only sources change.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/RaRlhf.Tensors/RaRlhf.Tensors.csproj src/RaRlhf.Tensors/
COPY src/RaRlhf.Text/RaRlhf.Text.csproj src/RaRlhf.Text/
COPY src/RaRlhf.Models/RaRlhf.Models.csproj src/RaRlhf.Models/
COPY src/RaRlhf.Rl/RaRlhf.Rl.csproj src/RaRlhf.Rl/
COPY src/RaRlhf.Actors/RaRlhf.Actors.csproj src/RaRlhf.Actors/
COPY src/RaRlhf.Cli/RaRlhf.Cli.csproj src/RaRlhf.Cli/
RUN dotnet restore src/RaRlhf.Cli/RaRlhf.Cli.csproj
COPY src/ src/
RUN dotnet publish src/RaRlhf.Cli -c Release --no-restore -o /out

FROM mcr.microsoft.com/dotnet/runtime:10.0.12-noble AS runtime
# The configuration defaults (reference.conf and the task overlays) ship with the binary; a deployment mounts its
# own overlay at /config/cluster.conf that includes "/app/hocon/reference.conf".
COPY --from=build /out /app
COPY hocon/ /app/hocon/
RUN ln -s /app/rarlhf /usr/local/bin/rarlhf \
 && mkdir -p /data /config \
 && chown -R 1654:1654 /data
ENV RARLHF_DATA=/data/shared \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_gcServer=0
# Datasets (RARLHF_DATA=/data/shared), model assets and local run directories live on this volume.
VOLUME ["/data"]
WORKDIR /data
# 1654 is the 'app' user of the Microsoft .NET images (numeric, so Kubernetes' runAsNonRoot can verify it).
USER 1654:1654
ENTRYPOINT ["rarlhf"]
CMD ["info"]

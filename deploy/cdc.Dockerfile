# The cdc image: one binary for capturers and appliers (`cdc capture ...`, `cdc apply ...`).
#   docker build -f deploy/cdc.Dockerfile -t cdc .
# Stage 1 builds with the SDK; stage 2 is the ASP.NET Core runtime (cdc serves /healthz, /readyz and /metrics, so its
# runtimeconfig needs Microsoft.AspNetCore.App; .ci/check-image-base checks the two agree), as the image's non-root user.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Every project folder the tool may reference (test/ is left out by .dockerignore); a stale list of project
# files would break the build each time a project is added, so there is no separate restore layer.
COPY Directory.Build.props Directory.Packages.props ./
COPY cdc/ cdc/
COPY schemas/ schemas/
COPY appliers/ appliers/
RUN dotnet publish cdc/Cdc.Cli/Cdc.Cli.csproj -c Release -o /out

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /out/ ./
# The .NET images' non-root user (uid 1654).
USER $APP_UID
ENTRYPOINT ["/app/cdc"]
CMD ["--help"]

#!/usr/bin/env bash
# Runs docker-compose.yml for real on a CI machine without a Docker engine or an image registry, and
# checks the whole pipeline through it: a clip dropped into the S3 watch folder with the AWS CLI becomes
# READY in the catalog, and one of its HLS segments plays through the CDN edge with the playback cookies.
#
# With real Docker (and a registry) the same is two commands from the repository root:
#
#   docker build -t vodflow/runtime:17-bookworm compose/runtime && ./mvnw -B -Pimages -DskipTests package
#   docker compose up
#
# Here, instead (Debian 12, root, podman 4.3 and docker-compose 1.29 from Debian; see
# ../shared/notes/containers-on-this-machine.md for the measured facts):
#   1. install podman, docker-compose, mmdebstrap, the AWS CLI, FFmpeg;
#   2. write /etc/containers/containers.conf for the machine's two quirks (hard open-files limit below
#      podman's default; cgroups v1 hybrid, which crun refuses, so runc);
#   3. build the upstream images locally and tag them under their upstream names: debian:bookworm-slim
#      with mmdebstrap, then postgres:15 from Debian's packages and apache/kafka from the Kafka jars;
#   4. build vodflow/runtime from compose/runtime/Dockerfile, and the project's images with Jib through
#      a registry on loopback (Debian's docker-registry; no daemon needed), then podman pull them;
#   5. docker-compose up through podman's Docker API, with a loop running the health checks (podman runs
#      them from systemd timers, and there is no systemd here);
#   6. the pipeline check; on any failure, the services' state and logs;
#   7. tear everything down, including what podman leaves behind (conmon processes, iptables chains);
#   8. run catalog-service's Kafka and PostgreSQL integration tests on Testcontainers through podman's API
#      (platform/test-support with VODFLOW_TEST_INFRASTRUCTURE=containers), on the images of step 3.
#
# Settings: VODFLOW_COMPOSE_TIMEOUT (whole run, seconds, default 1500), VODFLOW_COMPOSE_WORK (cache of
# built base images, default /var/tmp/vodflow-compose), VODFLOW_COMPOSE_KEEP=1 (leave the stack up),
# VODFLOW_COMPOSE_REUSE_IMAGES=1 (skip Jib when the images exist, to re-run only the stack),
# VODFLOW_COMPOSE_TESTCONTAINERS=0 (skip step 8), VODFLOW_COMPOSE_TESTCONTAINERS_TESTS (its test classes).
# The stack is published on ports of its own (18080-18086, 18090, 19000, 19324, 29092, 15432, 11935; each
# VODFLOW_*_PORT variable of docker-compose.yml can be set).
set -euo pipefail
cd "$(dirname "$0")/../.."
repository="$(pwd)"

timeout_seconds="${VODFLOW_COMPOSE_TIMEOUT:-1500}"
work="${VODFLOW_COMPOSE_WORK:-/var/tmp/vodflow-compose}"
project=vodflowci
registry="${VODFLOW_COMPOSE_REGISTRY:-127.0.0.1:5055}"
socket=/run/podman/podman.sock
export DOCKER_HOST="unix://$socket"
export COMPOSE_PROJECT_NAME="$project"
# Ports of its own (the compose file's variables), so that the run neither waits for nor disturbs the
# machine's PostgreSQL, a ./devstack, or the tests that use the dev stack's fixed ports.
export VODFLOW_GATEWAY_PORT="${VODFLOW_GATEWAY_PORT:-18080}" VODFLOW_UPLOAD_PORT="${VODFLOW_UPLOAD_PORT:-18081}" \
  VODFLOW_TRANSCODE_PORT="${VODFLOW_TRANSCODE_PORT:-18082}" VODFLOW_CATALOG_PORT="${VODFLOW_CATALOG_PORT:-18083}" \
  VODFLOW_NOTIFICATION_PORT="${VODFLOW_NOTIFICATION_PORT:-18084}" VODFLOW_PLAYBACK_PORT="${VODFLOW_PLAYBACK_PORT:-18085}" \
  VODFLOW_CDN_PORT="${VODFLOW_CDN_PORT:-18090}" VODFLOW_S3_PORT="${VODFLOW_S3_PORT:-19000}" \
  VODFLOW_SQS_PORT="${VODFLOW_SQS_PORT:-19324}" VODFLOW_KAFKA_PORT="${VODFLOW_KAFKA_PORT:-29092}" \
  VODFLOW_POSTGRES_PORT="${VODFLOW_POSTGRES_PORT:-15432}" VODFLOW_LIVE_PORT="${VODFLOW_LIVE_PORT:-18086}" \
  VODFLOW_RTMP_PORT="${VODFLOW_RTMP_PORT:-11935}"
gateway="http://localhost:$VODFLOW_GATEWAY_PORT"
export AWS_ACCESS_KEY_ID=vodflow-local AWS_SECRET_ACCESS_KEY=vodflow-local-secret AWS_DEFAULT_REGION=us-east-1
started_at=$SECONDS
mkdir -p "$work"

log() { printf '[compose-ci %4ds] %s\n' "$((SECONDS - started_at))" "$*"; }
fail() {
  log "FAILED: $*"
  exit 1
}
remaining() { echo $((timeout_seconds - (SECONDS - started_at))); }
# Runs a step with what is left of the run's time budget, so no step can hang the run.
bounded() {
  local left
  left="$(remaining)"
  [ "$left" -gt 0 ] || fail "out of time (${timeout_seconds}s) before: $*"
  timeout --kill-after=10 "$left" "$@"
}
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

install_packages() {
  local missing=()
  command -v podman >/dev/null || missing+=(podman buildah runc netavark aardvark-dns iptables catatonit uidmap)
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  command -v mmdebstrap >/dev/null || missing+=(mmdebstrap)
  command -v docker-registry >/dev/null || missing+=(docker-registry)
  command -v aws >/dev/null || missing+=(awscli)
  command -v ffmpeg >/dev/null || missing+=(ffmpeg)
  command -v jq >/dev/null || missing+=(jq)
  command -v curl >/dev/null || missing+=(curl)
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing ${missing[*]}"
    as_root apt-get -o DPkg::Lock::Timeout=300 update -q
    as_root env DEBIAN_FRONTEND=noninteractive timeout 900 apt-get -o DPkg::Lock::Timeout=300 install -y -q "${missing[@]}"
  fi
}

configure_podman() {
  local limit conf
  limit="$(ulimit -Hn)"
  conf="$(cat <<EOF
# Written by vodflow's compose/ci/ci-compose-run.sh for this machine kind.
[containers]
# root podman asks for 1048576 open files; this machine's hard limit is lower (no CAP_SYS_RESOURCE)
default_ulimits = ["nofile=${limit}:${limit}", "nproc=32768:32768"]

[engine]
# cgroups v1 hybrid here, which crun refuses
runtime = "runc"
EOF
)"
  if [ "$(cat /etc/containers/containers.conf 2>/dev/null)" != "$conf" ]; then
    log "writing /etc/containers/containers.conf"
    printf '%s\n' "$conf" | as_root tee /etc/containers/containers.conf >/dev/null
  fi
}

api_pid=""
healthchecks_pid=""
start_api() {
  as_root mkdir -p /run/podman
  podman system service --time=0 "unix://$socket" >"$work/podman-service.log" 2>&1 &
  api_pid=$!
  for _ in $(seq 1 100); do
    curl -fs --unix-socket "$socket" http://d/_ping >/dev/null 2>&1 && return 0
    kill -0 "$api_pid" 2>/dev/null || fail "podman system service stopped: $(tail -5 "$work/podman-service.log")"
    sleep 0.2
  done
  fail "podman's Docker API did not answer on $socket"
}

# Podman runs health checks from systemd timers; without systemd, run them for the project's containers
# until they are healthy, or docker-compose waits forever on "condition: service_healthy".
start_healthchecks() {
  (
    while true; do
      # in parallel: on a loaded machine one check can take seconds
      for id in $(podman ps -q --filter "label=com.docker.compose.project=$project" --filter health=starting 2>/dev/null); do
        podman healthcheck run "$id" >/dev/null 2>&1 &
      done
      wait
      sleep 3
    done
  ) &
  healthchecks_pid=$!
}

# An image is rebuilt only when what it is built from changed: its inputs' digest is kept in a label.
image_digest() { podman image inspect --format '{{ index .Labels "dev.vodflow.inputs" }}' "$1" 2>/dev/null || true; }
inputs_digest() { cat "$@" | sha256sum | cut -c1-16; }

build_debian() {
  local image=docker.io/library/debian:bookworm-slim digest
  digest="$(inputs_digest /etc/apt/sources.list.d/debian.sources)"
  [ "$(image_digest "$image")" = "$digest" ] && return 0
  log "building $image with mmdebstrap (from this machine's apt sources)"
  rm -f "$work/debian.tar"
  bounded mmdebstrap --quiet --variant=minbase --include=ca-certificates bookworm "$work/debian.tar" \
    /etc/apt/sources.list.d/debian.sources
  podman import --change 'CMD ["bash"]' --change "LABEL dev.vodflow.inputs=$digest" "$work/debian.tar" "$image" >/dev/null 2>&1
  rm -f "$work/debian.tar"
}

# podman build of a Dockerfile directory, skipped when the image was built from the same files.
# $3: the image its FROM names, whose id is part of the inputs.
build_dockerfile() {
  local image=$1 directory=$2 from=$3 digest
  digest="$(inputs_digest $(find "$directory" -type f | sort) <(podman image inspect --format '{{.Id}}' "$from"))"
  [ "$(image_digest "$image")" = "$digest" ] && return 0
  log "building $image from $directory"
  bounded podman build --quiet --format docker --label "dev.vodflow.inputs=$digest" -t "$image" "$directory" >/dev/null
}

# Jib reads its base from, and writes the images to, a registry on loopback (Debian's docker-registry,
# kept in $work): then the 1 GB base is compressed once, not once per image into a tar, and pushing
# and pulling move only the application layers.
registry_pid=""
start_registry() {
  mkdir -p "$work/registry"
  printf '%s\n' "version: 0.1" "log:" "  level: warn" "storage:" "  filesystem:" \
    "    rootdirectory: $work/registry" "http:" "  addr: $registry" > "$work/registry.yml"
  docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
  registry_pid=$!
  for _ in $(seq 1 100); do
    curl -fs "http://$registry/v2/" >/dev/null 2>&1 && return 0
    kill -0 "$registry_pid" 2>/dev/null || fail "docker-registry stopped: $(tail -5 "$work/registry.log")"
    sleep 0.2
  done
  fail "docker-registry did not answer on $registry"
}

build_project_images() {
  start_registry
  bounded podman push -q --tls-verify=false vodflow/runtime:17-bookworm "$registry/vodflow/runtime:17-bookworm"
  log "building the project's images with Jib"
  bounded ./mvnw -B -q -Pimages -DskipTests \
    -Dvodflow.image.base="$registry/vodflow/runtime:17-bookworm" -Dvodflow.image.goal=build \
    -Dvodflow.image.registry="$registry/" -Djib.allowInsecureRegistries=true \
    -pl upload-service,transcode-orchestrator,catalog-service,notification-service,playback-service,live-service,platform/local-aws,platform/devstack \
    -am package
  for image in gateway local-aws upload-service transcode-orchestrator catalog-service notification-service playback-service live-service; do
    bounded podman pull -q --tls-verify=false "$registry/vodflow/$image:latest" >/dev/null
    podman tag "$registry/vodflow/$image:latest" "vodflow/$image:latest"
  done
  kill "$registry_pid" 2>/dev/null
  wait "$registry_pid" 2>/dev/null || true
  registry_pid=""
}

compose() { bounded docker-compose -f "$repository/docker-compose.yml" "$@"; }

report_failure() {
  [ -n "$api_pid" ] || return 0
  log "stack state:"
  docker-compose -f "$repository/docker-compose.yml" ps 2>&1 || true
  podman ps -a --filter "label=com.docker.compose.project=$project" --format '{{.Names}} {{.Status}}' 2>&1 || true
  log "logs (last 60 lines of each):"
  docker-compose -f "$repository/docker-compose.yml" logs --no-color --tail=60 2>&1 || true
}

teardown() {
  local status=$?
  set +e
  if [ "$status" -ne 0 ]; then
    report_failure
  fi
  if [ "${VODFLOW_COMPOSE_KEEP:-0}" = 1 ] && [ "$status" -eq 0 ]; then
    log "leaving the stack up (VODFLOW_COMPOSE_KEEP=1); stop it with: DOCKER_HOST=$DOCKER_HOST docker-compose -p $project down -v"
    return
  fi
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null
  [ -n "$api_pid" ] || return 0
  log "tearing down"
  local containers
  containers="$(podman ps -aq --no-trunc --filter "label=com.docker.compose.project=$project" 2>/dev/null)"
  timeout 120 docker-compose -f "$repository/docker-compose.yml" down -v --remove-orphans >/dev/null 2>&1
  # whatever compose could not remove
  for id in $containers; do podman rm -f "$id" >/dev/null 2>&1; done
  podman volume ls -q --filter "label=com.docker.compose.project=$project" 2>/dev/null | xargs -r podman volume rm -f >/dev/null 2>&1
  podman network ls -q --filter "label=com.docker.compose.project=$project" 2>/dev/null | xargs -r podman network rm -f >/dev/null 2>&1
  [ -n "$healthchecks_pid" ] && kill "$healthchecks_pid" 2>/dev/null
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null
  [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null && wait "$api_pid" 2>/dev/null
  # an exec through the API leaves its conmon running for 300 s: end those of this run's containers
  for id in $containers; do
    pgrep -f "conmon .*-c $id" | xargs -r kill 2>/dev/null
  done
  # netavark leaves its iptables chains for removed networks behind
  remove_stale_chains
  remove_stale_dns
  log "done in $((SECONDS - started_at))s (status $status)"
}

# aardvark-dns keeps a removed network's entries when a container's network was torn down out of order;
# a network made again under the same name (and a new subnet) then answers no name at all.
remove_stale_dns() {
  local dns=/run/containers/networks/aardvark-dns
  [ -d "$dns" ] || return 0
  rm -f "$dns/${project}_default"
  if [ -z "$(ls "$dns" | grep -v '^aardvark.pid$')" ] && [ -f "$dns/aardvark.pid" ]; then
    kill "$(cat "$dns/aardvark.pid")" 2>/dev/null
    rm -f "$dns/aardvark.pid"
  fi
}

# Chains netavark made for networks that no longer exist (their subnet is no longer any network's).
remove_stale_chains() {
  command -v iptables >/dev/null || return 0
  local subnets chain
  subnets="$(podman network ls -q | xargs -r podman network inspect --format '{{range .Subnets}}{{.Subnet}} {{end}}' 2>/dev/null)"
  for table in nat filter; do
    for chain in $(iptables -t "$table" -S 2>/dev/null | awk '/^-N NETAVARK-[0-9A-F]{8,}/ {print $2}'); do
      # a network's chain is referenced by a rule naming its subnet; keep chains of live networks
      local rule_subnet
      rule_subnet="$(iptables -t "$table" -S 2>/dev/null | awk -v c="$chain" '$0 ~ ("-j " c "$") {for (i = 1; i <= NF; i++) if ($i == "-s") print $(i + 1)}' | head -1)"
      if [ -n "$rule_subnet" ] && printf '%s' "$subnets" | grep -qF "$rule_subnet"; then
        continue
      fi
      iptables -t "$table" -S 2>/dev/null | awk -v c="$chain" '$0 ~ ("-j " c "$") {sub(/^-A/, "-D"); print}' |
        while read -r rule; do eval iptables -t "$table" "$rule" 2>/dev/null; done
      iptables -t "$table" -F "$chain" 2>/dev/null
      iptables -t "$table" -X "$chain" 2>/dev/null
    done
  done
}

# Polls until "$@" succeeds, for at most $1 seconds; prints what it waited for on failure.
wait_for() {
  local seconds=$1 what=$2
  shift 2
  local until=$((SECONDS + seconds))
  while ! "$@"; do
    [ "$SECONDS" -lt "$until" ] || fail "$what: not within ${seconds}s"
    [ "$(remaining)" -gt 0 ] || fail "$what: out of time"
    sleep 2
  done
}

# A container that stops is restarted by its restart policy (restart: unless-stopped), as an orchestrator would:
# a service that could not resolve a name at start (podman's DNS, seen once: Kafka's "No resolvable bootstrap
# urls") comes back on its own. Each restart is logged with the container's last lines; more than
# max_restarts of one container, a stopped container without such a policy, or a failed health check fails the step.
max_restarts=2
declare -A restarts_seen=()
all_healthy() {
  local states name count status policy
  states="$(podman ps -a --filter "label=com.docker.compose.project=$project" --format '{{.Names}} {{.Status}}')"
  if printf '%s\n' "$states" | grep -q 'unhealthy'; then
    printf '%s\n' "$states" >&2
    fail "a container is unhealthy"
  fi
  while read -r name count status policy; do
    [ -n "$name" ] || continue
    if [ "$count" -gt "${restarts_seen[$name]:-0}" ]; then
      restarts_seen[$name]=$count
      log "$name was restarted by its restart policy ($count so far); its last lines before:"
      podman logs --tail 15 "$name" 2>&1 | sed 's/^/    /' >&2
    fi
    [ "$count" -le "$max_restarts" ] || fail "$name stopped and was restarted $count times"
    if [ "$status" = exited ] && [ "$policy" != unless-stopped ] && [ "$policy" != always ]; then
      printf '%s\n' "$states" >&2
      fail "$name stopped and has no restart policy"
    fi
  done < <(podman ps -aq --filter "label=com.docker.compose.project=$project" |
    xargs -r podman inspect --format '{{.Name}} {{.RestartCount}} {{.State.Status}} {{.HostConfig.RestartPolicy.Name}}')
  [ "$(printf '%s\n' "$states" | grep -c '(healthy)')" -eq "$service_count" ]
}

token=""
video_id=""
video_ready() {
  local videos
  videos="$(curl -fsS -H "Authorization: Bearer $token" "$gateway/api/videos")" || return 1
  video_id="$(printf '%s' "$videos" | jq -r '.items[] | select(.title == "beach walk" and .state == "READY") | .id' | head -1)"
  [ -n "$video_id" ]
}

check_pipeline() {
  log "uploading a clip into the watch folder with the AWS CLI"
  # small and short: the ladder never upscales, so a 360p source is one HLS rung, the MP4 and the frames
  ffmpeg -loglevel error -y -f lavfi -i testsrc2=size=640x360:rate=25:duration=4 -f lavfi -i sine=duration=4 \
    -pix_fmt yuv420p -shortest "$work/clip.mp4"
  bounded aws --endpoint-url "http://127.0.0.1:$VODFLOW_S3_PORT" s3 cp --only-show-errors "$work/clip.mp4" \
    "s3://vodflow-media/input/beach walk.mp4"
  token="$(curl -fsS -u dev-alice:alice -d grant_type=client_credentials "$gateway/oauth2/token" | jq -r .access_token)"
  [ -n "$token" ] && [ "$token" != null ] || fail "no token from the gateway's issuer"
  wait_for 300 "the catalog saying READY for 'beach walk'" video_ready
  log "READY in the catalog: video $video_id"

  local session manifest jar="$work/cookies.txt" variant segment base
  rm -f "$jar"
  # through localhost, as the page is: the cookies are host-only, for the CDN's host localhost
  session="$(curl -fsS -c "$jar" -X POST -H "Authorization: Bearer $token" \
    "$gateway/api/playback/videos/$video_id/playback-session")" || fail "no playback session"
  manifest="$(printf '%s' "$session" | jq -r .manifestUrl)"
  curl -fsS -o /dev/null -w '%{http_code}' "$manifest" >/dev/null 2>&1 &&
    fail "the edge served $manifest without the playback cookies"
  base="${manifest%/*}"
  variant="$(curl -fsS -b "$jar" "$manifest" | grep -v '^#' | head -1)" || fail "the edge refused $manifest with the cookies"
  [ -n "$variant" ] || fail "$manifest lists no variant"
  local playlist init directory
  playlist="$(curl -fsS -b "$jar" "$base/$variant")" || fail "the edge refused $base/$variant"
  segment="$(printf '%s\n' "$playlist" | grep -v '^#' | head -1)"
  [ -n "$segment" ] || fail "$base/$variant lists no segment"
  directory="$(dirname "$base/$variant")"
  # CMAF segments (.cmfv) play only after their initialisation section (EXT-X-MAP), as a player joins them
  init="$(printf '%s\n' "$playlist" | sed -n 's/^#EXT-X-MAP:.*URI="\([^"]*\)".*/\1/p' | head -1)"
  : >"$work/segment"
  if [ -n "$init" ]; then
    curl -fsS -b "$jar" "$directory/$init" >>"$work/segment" || fail "the edge refused the init section $init"
  fi
  local bytes
  bytes="$(curl -fsS -b "$jar" -o "$work/segment.media" -w '%{size_download}' "$directory/$segment")" ||
    fail "the edge refused the segment $segment"
  [ "$bytes" -gt 0 ] || fail "the segment $segment is empty"
  cat "$work/segment.media" >>"$work/segment"
  ffprobe -v error -show_entries stream=codec_type -of csv=p=0 "$work/segment" | grep -q video ||
    fail "the segment $segment (with ${init:-no init section}) holds no video"
  local frames
  frames="$(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 \
    "$work/segment")"
  [ "${frames:-0}" -gt 0 ] 2>/dev/null || fail "no frame of $segment decodes"
  log "played $segment ($bytes bytes, $frames video frames decoded) through the edge with the playback cookies"
}

# Issue 17.3: the test support's Testcontainers path, proven on podman's Docker API with the images built above
# (apache/kafka and postgres, tagged under their upstream names): catalog-service's Kafka and PostgreSQL
# integration tests. Ryuk's image cannot be pulled here, so it is off; the test JVM stops its containers, and
# any it leaves (killed JVM) are removed by their label.
testcontainers_check() {
  local tests="${VODFLOW_COMPOSE_TESTCONTAINERS_TESTS:-ProjectionIntegrationTests}" status=0
  log "catalog-service's $tests on Testcontainers' Kafka and PostgreSQL through podman's API"
  VODFLOW_TEST_INFRASTRUCTURE=containers TESTCONTAINERS_RYUK_DISABLED=true \
    bounded ./mvnw -B -pl catalog-service -am -Dsurefire.failIfNoSpecifiedTests=false \
    -Dfailsafe.failIfNoSpecifiedTests=false -Dtest=none -Dit.test="$tests" verify >"$work/testcontainers.log" 2>&1 ||
    status=$?
  podman ps -aq --filter label=dev.vodflow.test-infrastructure | xargs -r podman rm -f >/dev/null 2>&1
  grep -E 'Test infrastructure:|Testcontainers up in|Tests run:.*in dev\.vodflow|Tests run: [0-9]+, F.*[0-9]$|BUILD|ERROR\]' \
    "$work/testcontainers.log" | sed 's/^/    /' | head -40
  [ "$status" -eq 0 ] || fail "the Testcontainers run failed (status $status; log $work/testcontainers.log)"
  grep -q 'Kafka and PostgreSQL from Testcontainers' "$work/testcontainers.log" ||
    fail "the tests did not run on Testcontainers (log $work/testcontainers.log)"
}

main() {
  trap teardown EXIT
  install_packages
  configure_podman
  build_debian
  build_dockerfile docker.io/library/postgres:15 compose/ci/postgres docker.io/library/debian:bookworm-slim
  build_dockerfile vodflow/runtime:17-bookworm compose/runtime docker.io/library/debian:bookworm-slim
  if [ "${VODFLOW_COMPOSE_REUSE_IMAGES:-0}" = 1 ] && podman image exists vodflow/gateway:latest; then
    log "reusing the project's images (VODFLOW_COMPOSE_REUSE_IMAGES=1)"
  else
    build_project_images
  fi
  build_dockerfile docker.io/apache/kafka:4.1.2 compose/ci/kafka vodflow/local-aws:latest
  images_ready=$((SECONDS - started_at))
  log "images ready"

  start_api
  start_healthchecks
  log "docker-compose up"
  compose down -v --remove-orphans >/dev/null 2>&1 || true
  remove_stale_dns
  compose up -d --no-build
  service_count="$(docker-compose -f "$repository/docker-compose.yml" config --services | wc -l)"
  wait_for 600 "every container healthy" all_healthy
  local healthy_at=$((SECONDS - started_at))
  log "all $service_count containers healthy ($((healthy_at - images_ready))s after up)"
  check_pipeline
  local pipeline_at=$((SECONDS - started_at))
  if [ "${VODFLOW_COMPOSE_TESTCONTAINERS:-1}" = 1 ]; then
    # the stack's JVMs would only slow the tests down
    compose down -v --remove-orphans >/dev/null 2>&1
    testcontainers_check
  fi
  log "PASSED in $((SECONDS - started_at))s: images ${images_ready}s, stack up $((healthy_at - images_ready))s," \
    "pipeline $((pipeline_at - healthy_at))s, Testcontainers $((SECONDS - pipeline_at))s"
}

main "$@"

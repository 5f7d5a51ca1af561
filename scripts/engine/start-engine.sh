#!/usr/bin/env bash
# start-engine.sh: install (apt, idempotent) and start a private Docker Engine for
# berth's tests and demo, then make sure the local test image exists. Safe to re-run.
# Installing and starting need root; an engine that already answers at $DOCKER_HOST
# (or /var/run/docker.sock) is used as it is, by any user that may talk to it.
# Adapted from the team's reference script (shared/engine/start-engine.sh).
#  engine : Debian docker.io 20.10.24 (API 1.41) + its own containerd 1.6 / runc 1.1
#  network: no host firewall rules, host forwarding left off, container DNS -> 127.0.0.1;
#           containers cannot reach beyond this machine; -p 127.0.0.1:H:C works (docker-proxy)
#  compose: Debian docker-compose 1.29.2 (v1, command `docker-compose`; no `docker compose`)
#  image  : tuitest/busybox:latest from busybox-static via `docker import` (no registry);
#           `httpd -f -p 8080 -h /var/www` serves "tuitest ok"
# Env: ENGINE_SOCK ENGINE_DATA_ROOT ENGINE_EXEC_ROOT ENGINE_PIDFILE ENGINE_LOG ENGINE_WAIT_S
#      ENGINE_IMAGE ENGINE_REBUILD_IMAGE=1 ENGINE_COMPOSE=0 ENGINE_STORAGE_DRIVER ENGINE_EXTRA_ARGS
set -euo pipefail
export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin${PATH:+:$PATH}"
if [ -z "${ENGINE_SOCK:-}" ] && [[ "${DOCKER_HOST:-}" == unix://* ]]; then ENGINE_SOCK=${DOCKER_HOST#unix://}; fi
SOCK=${ENGINE_SOCK:-/var/run/docker.sock}
DATA_ROOT=${ENGINE_DATA_ROOT:-/var/lib/docker-test}
EXEC_ROOT=${ENGINE_EXEC_ROOT:-/var/run/docker-test}
PIDFILE=${ENGINE_PIDFILE:-/var/run/docker-test.pid}
LOG=${ENGINE_LOG:-/var/log/docker-test.log}
WAIT_S=${ENGINE_WAIT_S:-60}
IMAGE=${ENGINE_IMAGE:-tuitest/busybox:latest}
STORAGE=${ENGINE_STORAGE_DRIVER:-auto}

log() { printf '[start-engine %(%H:%M:%S)T] %s\n' -1 "$*"; }
die() { printf '[start-engine] ERROR: %s\n' "$*" >&2; exit 1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
since() { local d=$(( $(now_ms) - $1 )); printf '%d.%03d' $((d / 1000)) $((d % 1000)); }
dk() { docker -H "unix://$SOCK" "$@"; }
answers() { dk version --format '{{.Server.APIVersion}}' >/dev/null 2>&1; }
our_pid() {  # pid of the live dockerd that this script started, from the pidfile
  local p; p=$(cat "$PIDFILE" 2>/dev/null) || return 1
  [[ "$p" =~ ^[0-9]+$ ]] && [ "$(cat "/proc/$p/comm" 2>/dev/null)" = dockerd ] || return 1
  tr '\0' ' ' <"/proc/$p/cmdline" | grep -q -- "--pidfile $PIDFILE " && echo "$p"
}
need_root() {
  [ "$(id -u)" = 0 ] && return 0
  printf '[start-engine] ERROR: no Docker engine answers at unix://%s, and starting a private one needs root (%s).\n' "$SOCK" "$1" >&2
  printf '  What to do: start your Docker daemon (e.g. "sudo systemctl start docker"), or point DOCKER_HOST at one\n' >&2
  printf '  that answers (e.g. DOCKER_HOST=unix:///run/user/%s/docker.sock), or run this script as root.\n' "$(id -u)" >&2
  exit 1
}
T0=$(now_ms)
if [ "$(id -u)" != 0 ] && answers; then SKIP_INSTALL=1; fi

# 1. packages ------------------------------------------------------------------
PKGS=(docker.io busybox-static tmux); [ "${ENGINE_COMPOSE:-1}" = 1 ] && PKGS+=(docker-compose)
MISSING=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || MISSING+=("$p")
done
if [ ${#MISSING[@]} -gt 0 ] && [ -n "${SKIP_INSTALL:-}" ]; then
  log "not root: not installing ${MISSING[*]}; using the engine that answers"
elif [ ${#MISSING[@]} -gt 0 ]; then
  need_root "apt-get install ${MISSING[*]}"
  command -v apt-get >/dev/null || die "apt-get not found: install ${MISSING[*]} yourself, or set DOCKER_HOST to an engine that answers"
  log "apt-get install ${MISSING[*]}"
  if [ ! -e /usr/sbin/policy-rc.d ]; then   # keep the package from starting a default dockerd
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=300 update -qq >/tmp/start-engine-apt.log 2>&1 &&
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${MISSING[@]}" \
    >>/tmp/start-engine-apt.log 2>&1 || { tail -20 /tmp/start-engine-apt.log >&2; die "apt failed (see /tmp/start-engine-apt.log)"; }
  log "apt done in $(since "$T0") s"
else
  log "packages present: ${PKGS[*]}"
fi

# 2. daemon --------------------------------------------------------------------
start_dockerd() {  # args: storage-driver [extra dockerd args]; 0 = API answers
  local args=(--data-root "$DATA_ROOT" --exec-root "$EXEC_ROOT" --pidfile "$PIDFILE"
    -H "unix://$SOCK" --storage-driver "$@" --iptables=false --ip6tables=false
    --ip-forward=false --ip-masq=false --dns 127.0.0.1 ${ENGINE_EXTRA_ARGS:-})
  mkdir -p "$DATA_ROOT" "$(dirname "$LOG")"
  echo "==== $(date -u +%FT%TZ) dockerd ${args[*]}" >>"$LOG"
  setsid dockerd "${args[@]}" >>"$LOG" 2>&1 </dev/null &
  local launcher=$! t=$(now_ms)
  while :; do
    answers && our_pid >/dev/null && return 0
    if ! kill -0 "$launcher" 2>/dev/null && ! our_pid >/dev/null; then
      log "dockerd --storage-driver $* exited:"; tail -4 "$LOG" | sed 's/^/    /' >&2; return 1
    fi
    if [ $(( $(now_ms) - t )) -ge $((WAIT_S * 1000)) ]; then
      log "dockerd not answering after ${WAIT_S}s; stopping it:"; tail -15 "$LOG" | sed 's/^/    /' >&2
      kill -TERM "$(our_pid || echo "$launcher")" 2>/dev/null || true; return 2
    fi
    sleep 0.2
  done
}
if pid=$(our_pid) && answers; then
  log "engine already running (pid $pid)"
elif answers; then
  log "an engine not started by this script answers at $SOCK; using it as is"
else
  need_root "starting dockerd"
  pid=$(our_pid) && die "our dockerd (pid $pid) is alive but not answering; run stop-engine.sh"
  if [ "$STORAGE" = auto ]; then TRIES=("overlay2" "vfs" "vfs --bridge=none")
  else TRIES=("$STORAGE" "$STORAGE --bridge=none"); fi
  T1=$(now_ms); ok=0
  for t in "${TRIES[@]}"; do
    log "starting dockerd --storage-driver $t (log: $LOG)"
    rc=0; start_dockerd $t || rc=$?
    [ $rc = 0 ] && { ok=1; break; }
    [ $rc = 2 ] && die "dockerd hung at start (see $LOG)"
  done
  [ $ok = 1 ] || die "dockerd failed with every option set tried (see $LOG)"
  log "daemon ready in $(since "$T1") s (pid $(our_pid))"
fi
log "$(dk version --format 'engine {{.Server.Version}}, API {{.Server.APIVersion}} (min {{.Server.MinAPIVersion}}); client {{.Client.Version}}'), $(dk info --format 'storage {{.Driver}}, cgroup v{{.CgroupVersion}}')"

# 3. test image, no registry ---------------------------------------------------
if [ "${ENGINE_REBUILD_IMAGE:-0}" != 1 ] && dk image inspect "$IMAGE" >/dev/null 2>&1; then
  log "image $IMAGE present"
else
  BB=/bin/busybox; "$BB" --list >/dev/null 2>&1 || die "no static busybox at $BB"
  R=$(mktemp -d /tmp/tuitest-rootfs.XXXXXX)
  mkdir -p "$R"/{bin,etc,root,tmp,var/www}; chmod 1777 "$R/tmp"; chmod 700 "$R/root"
  cp "$BB" "$R/bin/busybox"
  for a in $("$BB" --list); do [ "$a" = busybox ] || ln -s busybox "$R/bin/$a"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$R/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$R/etc/group"
  echo 'tuitest ok' >"$R/var/www/index.html"
  tar --numeric-owner -C "$R" -cf - . | dk import --change 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'LABEL org.opencontainers.image.title=tuitest-busybox' --change 'CMD ["sh"]' - "$IMAGE" >/dev/null
  rm -rf "$R"
  log "built $IMAGE ($("$BB" 2>&1 | head -1 | cut -d' ' -f1-2))"
fi
dk run --rm --log-driver none "$IMAGE" true 2>/dev/null || die "cannot run a container from $IMAGE"
command -v docker-compose >/dev/null && log "compose: docker-compose $(docker-compose version --short)"
log "ready: DOCKER_HOST=unix://$SOCK image $IMAGE (total $(since "$T0") s)"

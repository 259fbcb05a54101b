#!/usr/bin/env bash
# Peer run (issue 3's acceptance): Debian's Tempest 33 runs its cold-migration and resize API tests
# (include-list.txt minus exclude-list.txt) against `vftest sim start`, proving the simulator speaks Nova as Tempest
# expects. Idempotent: installs what is missing (apt, npm ci), starts the simulator on a free loopback port, measures
# its start-up time and memory, runs Tempest serially (two pre-provisioned accounts), always stops the simulator, and
# writes the subunit stream and a summary into results/peer-tempest/.
# Closing lines: "startup_ms=N rss_mb=N peak_rss_mb=N total_s=N", "N skipped", "N passed, N failed".
# Exit 0 only if >= 1 passed and 0 failed. CI-safe: it never passes without running Tempest; if tempest is missing
# and cannot be installed (offline mirror, no root/passwordless sudo, not Debian) it fails with the reason
# (ensure-packages.sh: exit 3 = mirror unreachable, 2 = other); the Tempest run is cut off after
# PEER_TEMPEST_RUN_TIMEOUT_S (default 240) as a hang guard. Typical total: ~1 min, plus ~1-2 min for a first install.
# Env: PEER_TEMPEST_PORT (default: a free port), PEER_TEMPEST_OUT (default: results/peer-tempest),
#      PEER_TEMPEST_KEEP=1 keeps the temporary Tempest workspace, PEER_TEMPEST_APT_TIMEOUT_S (default 150).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${PEER_TEMPEST_OUT:-$ROOT/results/peer-tempest}
# Debian's tempest, stestr and subunit live under the system interpreter, not the python3 first on PATH (pyenv).
PY=/usr/bin/python3
export PATH="/usr/bin:/bin:$PATH" PYTHON="$PY"
SIM_READY_TIMEOUT_S=120
RUN_TIMEOUT_S=${PEER_TEMPEST_RUN_TIMEOUT_S:-240}
SIM_PID=""
WS=""

log() { echo "peer-tempest: $*" >&2; }
die() {
  log "$*"
  exit "${DIE_CODE:-2}"
}

# --- prerequisites -------------------------------------------------------------------------------------------------
# Installs tempest & co. when missing; its own one-line reason is already on stderr when it fails.
ensure_packages() {
  local rc=0
  bash "$ROOT/scripts/ensure-debian-packages.sh" "$OUT/apt.log" peer-tempest || rc=$?
  [ "$rc" -eq 0 ] || DIE_CODE=$rc die "FAILED: Tempest is not installed, so the peer run did not run (see above)"
}

ensure_node_modules() {
  [ -e "$ROOT/node_modules/tsx/package.json" ] && return 0
  log "node_modules missing: running npm ci"
  (cd "$ROOT" && flock /tmp/vftest-npm.lock npm ci --no-audit --no-fund) >"$OUT/npm-ci.log" 2>&1 ||
    die "npm ci failed; see $OUT/npm-ci.log"
}

free_port() {
  "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# --- workspace -----------------------------------------------------------------------------------------------------
# A plain directory (no `tempest init`, which would register it in ~/.tempest/workspace.yaml).
make_workspace() {
  local port=$1 pkgdir
  WS=$(mktemp -d /tmp/vftest-peer-tempest.XXXXXX)
  mkdir -p "$WS/etc" "$WS/logs" "$WS/tempest_lock"
  sed -e "s|@WS@|$WS|g" -e "s|@PORT@|$port|g" "$HERE/tempest.conf.in" >"$WS/etc/tempest.conf"
  cp "$HERE/accounts.yaml.in" "$WS/etc/accounts.yaml"
  pkgdir=$("$PY" -c 'import os, tempest; print(os.path.dirname(os.path.dirname(tempest.__file__)))')
  printf '[DEFAULT]\ntest_path=%s/tempest/test_discover\ntop_dir=%s\ngroup_regex=([^\\.]*\\.)*\n' \
    "$pkgdir" "$pkgdir" >"$WS/.stestr.conf"
}

# Passwords never leave the temporary workspace: copies in results/ have them masked.
redact() { sed -E 's/^([[:space:]]*[A-Za-z_]*password[A-Za-z_]*[[:space:]]*[:=][[:space:]]*).*/\1****/I' "$1"; }

# --- simulator -----------------------------------------------------------------------------------------------------
now_ms() { echo $(($(date +%s%N) / 1000000)); }

start_sim() {
  local port=$1 t0 code
  t0=$(now_ms)
  (cd "$ROOT" && exec node bin/vftest.js sim start --port "$port" --hosts 2) >"$WS/sim.out" 2>&1 &
  SIM_PID=$!
  while :; do
    kill -0 "$SIM_PID" 2>/dev/null || die "simulator exited during start-up; output: $(tail -5 "$WS/sim.out")"
    code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$port/identity/v3" || true)
    [ "$code" != "000" ] && [ -n "$code" ] && break
    [ $(($(now_ms) - t0)) -gt $((SIM_READY_TIMEOUT_S * 1000)) ] &&
      die "simulator on port $port did not answer GET /identity/v3 within ${SIM_READY_TIMEOUT_S}s"
    sleep 0.02
  done
  STARTUP_MS=$(($(now_ms) - t0))
  log "simulator pid $SIM_PID answers on 127.0.0.1:$port after ${STARTUP_MS} ms"
}

# Prints "rss_kb hwm_kb" of the simulator process (VmRSS now, VmHWM = peak).
sim_memory_kb() {
  awk '/^VmRSS:/ {rss = $2} /^VmHWM:/ {hwm = $2} END {print rss + 0, hwm + 0}' "/proc/$SIM_PID/status" 2>/dev/null ||
    echo "0 0"
}

stop_sim() {
  [ -n "$SIM_PID" ] && kill -0 "$SIM_PID" 2>/dev/null || return 0
  kill -INT "$SIM_PID" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$SIM_PID" 2>/dev/null || return 0
    sleep 0.1
  done
  log "simulator pid $SIM_PID ignored SIGINT for 10s: sending SIGKILL"
  kill -KILL "$SIM_PID" 2>/dev/null || true
}

stop_tempest() {
  local pgid
  [ -n "$WS" ] && [ -s "$WS/run.pgid" ] || return 0
  pgid=$(cat "$WS/run.pgid")
  kill -TERM -- "-$pgid" 2>/dev/null || true
}

cleanup() {
  stop_tempest
  stop_sim
  if [ -n "$WS" ] && [ -d "$WS" ]; then
    [ -f "$WS/sim.out" ] && redact "$WS/sim.out" >"$OUT/sim.log"
    # tempest.conf's log_dir puts tempest.log under logs/; older layouts wrote it into the workspace itself.
    local f
    for f in "$WS/logs/tempest.log" "$WS/tempest.log"; do
      if [ -f "$f" ]; then
        cp "$f" "$OUT/tempest.log"
        break
      fi
    done
    if [ "${PEER_TEMPEST_KEEP:-0}" = 1 ]; then log "workspace kept: $WS"; else rm -rf "$WS"; fi
  fi
}

# --- main ----------------------------------------------------------------------------------------------------------
main() {
  mkdir -p "$OUT"
  rm -f "$OUT"/{tempest.subunit,tempest-run.txt,summary.txt,summary.json,tempest.log,sim.log,tempest.conf} \
    "$OUT"/{testr_results.html,junit.xml,metrics.txt,apt.log}
  ensure_packages
  ensure_node_modules
  log "tempest $(dpkg-query -W -f='${Version}' tempest) from Debian"

  local port rc
  port=${PEER_TEMPEST_PORT:-$(free_port)}
  make_workspace "$port"
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  redact "$WS/etc/tempest.conf" >"$OUT/tempest.conf"
  start_sim "$port"

  log "running tempest (serial, at most ${RUN_TIMEOUT_S}s); console in $OUT/tempest-run.txt"
  # In the background so that SIGINT/SIGTERM reach the trap at once (a foreground pipeline would defer it); timeout
  # leads its own process group (Tempest and its stestr worker), which cleanup() ends by group id.
  (
    (cd "$WS" && echo "$BASHPID" >"$WS/run.pgid" && exec timeout -k 10 "$RUN_TIMEOUT_S" /usr/bin/tempest run \
      --config-file "$WS/etc/tempest.conf" --serial \
      --include-list "$HERE/include-list.txt" --exclude-list "$HERE/exclude-list.txt") 2>&1 | tee "$OUT/tempest-run.txt"
    exit "${PIPESTATUS[0]}"
  ) &
  rc=0
  wait $! || rc=$?
  rm -f "$WS/run.pgid"
  [ "$rc" -eq 124 ] && log "FAILED: tempest run exceeded ${RUN_TIMEOUT_S}s (PEER_TEMPEST_RUN_TIMEOUT_S) and was stopped"

  local rss_kb hwm_kb
  kill -0 "$SIM_PID" 2>/dev/null || log "the simulator died during the run: see $OUT/sim.log (memory not measured)"
  read -r rss_kb hwm_kb < <(sim_memory_kb)
  (cd "$WS" && /usr/bin/stestr last --subunit) >"$OUT/tempest.subunit" 2>/dev/null || true
  # Optional renderings (Zuul's testr_results.html, JUnit): best effort, the subunit stream is the record.
  if command -v subunit2html >/dev/null; then
    subunit2html "$OUT/tempest.subunit" "$OUT/testr_results.html" >/dev/null 2>&1 || true
  fi
  if command -v subunit2junitxml >/dev/null; then
    subunit2junitxml <"$OUT/tempest.subunit" >"$OUT/junit.xml" 2>/dev/null || true
  fi
  "$PY" "$HERE/summarize.py" "$OUT" <"$OUT/tempest.subunit"

  local rss_mb hwm_mb metrics result passed failed
  rss_mb=$(awk -v k="$rss_kb" 'BEGIN {printf "%.1f", k / 1024}')
  hwm_mb=$(awk -v k="$hwm_kb" 'BEGIN {printf "%.1f", k / 1024}')
  metrics="startup_ms=$STARTUP_MS rss_mb=$rss_mb peak_rss_mb=$hwm_mb total_s=$SECONDS"
  echo "$metrics" >"$OUT/metrics.txt"
  result=$(tail -n 1 "$OUT/summary.txt")
  [[ $result =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]] || die "unexpected summary line: $result"
  passed=${BASH_REMATCH[1]}
  failed=${BASH_REMATCH[2]}
  if [ "$failed" -eq 0 ] && [ "$rc" -ne 0 ]; then
    log "tempest exited $rc with no failed test: see $OUT/tempest-run.txt"
  fi
  echo "results: $OUT (tempest.subunit, summary.txt, tempest.log, sim.log)"
  echo "$metrics"
  tail -n 2 "$OUT/summary.txt"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ] && [ "$rc" -eq 0 ]
}

main "$@"

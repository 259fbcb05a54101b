#!/usr/bin/env bash
# Installs the Debian packages of scripts/debian-packages.txt that are missing (all of them, or the rows matching
# FILTER, e.g. `peer-tempest`) and FAILS loudly when it cannot, so a CI job never passes without the tools its tests
# call: no apt-get (not Debian), no root and no passwordless sudo, Debian mirror unreachable (offline), or a failed
# install.
# Bounded for CI: apt gets VFTEST_APT_TIMEOUT_S seconds in all (default 300), 15 s per connection, no retries,
# and no recommended packages.
# Usage: ensure-debian-packages.sh LOGFILE [FILTER]   (apt's output goes to LOGFILE; one-line reasons go to stderr)
# Exit: 0 = all installed; 3 = Debian mirror unreachable; 2 = any other failure.
set -euo pipefail

LOG=${1:?usage: ensure-debian-packages.sh LOGFILE [FILTER]}
mapfile -t PACKAGES < <(bash "$(dirname "${BASH_SOURCE[0]}")/lib/debian-packages.sh" "${2:-.}")
BUDGET_S=${VFTEST_APT_TIMEOUT_S:-300}

log() { echo "debian-packages: $*" >&2; }
fail() {
  local code=$1
  shift
  log "$*"
  exit "$code"
}

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

preinstall="preinstall them (apt-get install --no-install-recommends ${missing[*]})"
command -v apt-get >/dev/null || fail 2 "missing ${missing[*]} and no apt-get here (vftest's tests and scripts call Debian tools): $preinstall"
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  sudo -n true 2>/dev/null || fail 2 "missing ${missing[*]}: not root and sudo needs a password; run as root or $preinstall"
  as_root=(sudo -n)
fi

APT=(apt-get -q -o Acquire::Retries=0 -o Acquire::http::Timeout=15 -o Acquire::https::Timeout=15 -o Dpkg::Use-Pty=0)
deadline=$((SECONDS + BUDGET_S))
remaining() {
  local left=$((deadline - SECONDS))
  echo $((left > 1 ? left : 1))
}
# apt's words for "could not reach the mirror" (DNS, connect, timeout, HTTP-level refusal).
OFFLINE_RE='Temporary failure resolving|Could not resolve|Could not connect to|Unable to connect to|Connection timed out|Network is unreachable|No route to host'
offline() {
  fail 3 "cannot reach the Debian mirror to install ${missing[*]} (offline? $(grep -m1 -oE "($OFFLINE_RE).*" "$LOG" | cut -c1-160)); give the job network access or $preinstall; apt log: $LOG"
}

: >"$LOG"
log "installing ${missing[*]} with apt-get (at most ${BUDGET_S}s; log: $LOG)"
rc=0
# --error-on=any: without it an unreachable mirror is only a warning and update exits 0.
DEBIAN_FRONTEND=noninteractive timeout "$(remaining)" "${as_root[@]}" "${APT[@]}" update --error-on=any >>"$LOG" 2>&1 ||
  rc=$?
if [ "$rc" -ne 0 ]; then
  grep -qE "$OFFLINE_RE" "$LOG" && offline
  [ "$rc" -eq 124 ] && fail 2 "apt-get update took longer than ${BUDGET_S}s (slow mirror?); apt log: $LOG"
  fail 2 "apt-get update failed (exit $rc); apt log: $LOG"
fi
DEBIAN_FRONTEND=noninteractive timeout "$(remaining)" "${as_root[@]}" "${APT[@]}" install -y --no-install-recommends \
  "${missing[@]}" >>"$LOG" 2>&1 || rc=$?
if [ "$rc" -ne 0 ]; then
  grep -qE "$OFFLINE_RE" "$LOG" && offline
  [ "$rc" -eq 124 ] && fail 2 "apt-get install ${missing[*]} took longer than ${BUDGET_S}s in all (slow mirror?); apt log: $LOG"
  fail 2 "apt-get install ${missing[*]} failed (exit $rc): $(grep -m1 '^E:' "$LOG" || tail -n1 "$LOG"); apt log: $LOG"
fi
for pkg in "${missing[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
    fail 2 "apt-get reported success but $pkg is not installed; apt log: $LOG"
done
log "installed ${missing[*]}"

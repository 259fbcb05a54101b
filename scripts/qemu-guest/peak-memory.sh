#!/bin/bash
# Runs a command and reports its wall time and the peak memory of its whole process tree (node, QEMU, virtiofsd),
# sampled every 0.5 s as the sum of PSS (RSS double-counts the guest RAM QEMU shares with virtiofsd).
# Usage: scripts/qemu-guest/peak-memory.sh CMD [ARGS...]   (prints "peak-memory: ..." on stderr at the end)
set -uo pipefail
"$@" &
top=$!
start=$SECONDS
peak=0
peak_procs=""
tree() {
  local p=$1
  echo "$p"
  for c in $(cat /proc/"$p"/task/*/children 2>/dev/null); do tree "$c"; done
}
while kill -0 "$top" 2>/dev/null; do
  sum=0
  names=()
  for p in $(tree "$top"); do
    kb=$(awk '/^Pss:/{print $2}' /proc/"$p"/smaps_rollup 2>/dev/null || echo 0)
    sum=$((sum + ${kb:-0}))
    names+=("$(cat /proc/"$p"/comm 2>/dev/null)")
  done
  if [ "$sum" -gt "$peak" ]; then
    peak=$sum
    peak_procs="$(printf '%s\n' "${names[@]}" | sort | uniq -c | awk '{printf "%s%s x%s", sep, $2, $1; sep=", "}')"
  fi
  sleep 0.5
done
wait "$top"
rc=$?
echo "peak-memory: $((peak / 1024)) MB PSS at peak ($peak_procs); wall $((SECONDS - start)) s; exit $rc" >&2
exit "$rc"

#!/usr/bin/env bash
# Prints the package names of scripts/debian-packages.txt, one per line (comments and blank lines dropped).
# Usage: scripts/lib/debian-packages.sh [FILTER_REGEX]   (only packages whose row matches FILTER_REGEX)
set -euo pipefail
list="$(dirname "${BASH_SOURCE[0]}")/../debian-packages.txt"
filter=${1:-.}
grep -vE '^[[:space:]]*(#|$)' "$list" | grep -E -- "$filter" | awk -F'|' '{gsub(/[[:space:]]/, "", $1); print $1}'

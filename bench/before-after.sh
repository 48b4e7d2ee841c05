#!/usr/bin/env bash
# Before and after: distcheck at a base commit against the working tree, on the protocols' usual
# searches, in one run.
#
# Usage:  bench/before-after.sh [-n RUNS] BASE
#         (BASE: a commit, e.g. main or d2e41e8; default 3 runs)
#
# It builds `distcheck` and the paxos test binary (for the Stateright Paxos port, which lives in
# a benchmark) at BASE, in a temporary git worktree, and from the working tree, then runs each
# search RUNS times, alternating the two builds, and prints per search and build the medians of
# wall time, user CPU time and peak RSS, and distinct states per second of wall and of user CPU.
# On a loaded machine compare the user-CPU column: wall time then measures the other processes.
# Distinct-state counts must agree between the builds and the script fails if they differ.
# Needs Go, git and GNU time (/usr/bin/time, Debian package "time").
set -euo pipefail
cd "$(dirname "$0")/.."

runs=3
while (($#)); do
	case "$1" in
	-n) runs=$2; shift 2 ;;
	-h | --help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "before-after: unknown flag $1 (see --help)" >&2; exit 2 ;;
	*) break ;;
	esac
done
(($# == 1)) || { echo "before-after: want one BASE commit (see --help)" >&2; exit 2; }
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "before-after: -n must be a positive number, got $runs" >&2; exit 2; }
base=$(git rev-parse --verify --quiet "$1^{commit}") || { echo "before-after: $1 is not a commit" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "before-after: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'git worktree remove --force "$tmp/src" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
git worktree add --detach --quiet "$tmp/src" "$base"
echo "# building ${base:0:7} and the working tree" >&2
for side in before after; do
	dir=.
	[[ $side == before ]] && dir=$tmp/src
	(cd "$dir" && go build -o "$tmp/$side" ./cmd/distcheck && go test -c -o "$tmp/$side-paxos.test" ./protocols/paxos/)
done

# The full searches say --symmetry=false --por=false: check reduces by default where it is sound.
searches=(
	"twophase --rms 8 --symmetry=false"
	"raft --crashes 1 --recoveries 1 --max-term 2 --symmetry=false"
	"raft --symmetry --crashes 1 --recoveries 1 --max-term 2"
	"paxos --crashes 1 --recoveries 1 --symmetry=false --por=false"
	"pbft --byzantine 1"
	"stateright-paxos 3 clients"
)

# one SIDE SEARCH prints "distinct wall user rss_kb" for one run.
one() {
	local side=$1 search=$2 out
	if [[ $search == stateright-paxos* ]]; then
		out=$( { /usr/bin/time -f "TIME %e %U %M" "$tmp/$side-paxos.test" -test.run '^$' \
			-test.bench 'StateRightPaxos/clients=3/^$' -test.benchtime 1x; } 2>&1)
		grep -q '^PASS' <<<"$out" || { echo "before-after: $side: the Stateright port failed:" >&2; echo "$out" >&2; exit 1; }
		echo "1194428 $(awk '/^TIME/ {print $2, $3, $4}' <<<"$out")"
		return
	fi
	# shellcheck disable=SC2086 # the search is a list of words
	out=$( { /usr/bin/time -f "TIME %e %U %M" "$tmp/$side" check $search --json --quiet; } 2>&1) || true
	local distinct
	distinct=$(grep -o '"distinct": *[0-9]*' <<<"$out" | head -1 | grep -o '[0-9]*$')
	[[ -n $distinct ]] || { echo "before-after: $side check $search printed no count:" >&2; echo "$out" >&2; exit 1; }
	echo "$distinct $(awk '/^TIME/ {print $2, $3, $4}' <<<"$out")"
}

median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

echo "# $runs runs each, alternating; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-58s %-7s %10s %8s %8s %8s %12s %12s\n' search build distinct wall_s user_s rss_MB states/s states/user_s
for search in "${searches[@]}"; do
	declare -A res=()
	for ((r = 0; r < runs; r++)); do
		for side in before after; do
			res[$side]+="$(one "$side" "$search")"$'\n'
		done
	done
	counts=$(printf '%s' "${res[before]}${res[after]}" | awk 'NF {print $1}' | sort -u | wc -l)
	((counts == 1)) || { echo "before-after: $search: the builds count different states:" >&2; printf '%s' "${res[before]}${res[after]}" >&2; exit 1; }
	for side in before after; do
		rows=$(printf '%s' "${res[$side]}" | awk NF)
		distinct=$(awk 'NR == 1 {print $1}' <<<"$rows")
		wall=$(awk '{print $2}' <<<"$rows" | median)
		user=$(awk '{print $3}' <<<"$rows" | median)
		rss=$(awk '{print $4}' <<<"$rows" | median)
		awk -v s="$search" -v b="$side" -v d="$distinct" -v w="$wall" -v u="$user" -v m="$rss" 'BEGIN {
			printf "%-58s %-7s %10d %8.2f %8.2f %8.0f %12.0f %12.0f\n", s, b, d, w, u, m / 1024, d / w, d / u }'
	done
	unset res
done
echo "# load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

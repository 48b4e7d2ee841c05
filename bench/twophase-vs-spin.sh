#!/usr/bin/env bash
# TwoPhase side by side: distcheck against SPIN on the same state space.
#
# Usage:  bench/twophase-vs-spin.sh [-n RUNS] [-w WORKERS] [--no-spin] [RMS ...]
#         (default: 3 runs, 2 workers, RMS = 8 9; add 10 for the large one)
#
# For each number of resource managers it builds distcheck (go build) and a Promela model of
# Lamport's TwoPhase.tla whose states are TLC's states one for one (generated here), compiled
# with SPIN's exhaustive safety search (-DSAFETY -DNOREDUCE: no partial-order reduction, so
# both tools visit every state). It then runs the two tools in turn, RUNS times, alternating,
# and prints the median wall time and peak RSS of each process, and the ratio. Distinct-state
# counts are compared and the script fails if they differ.
#
# Needs Go. SPIN and gcc come from Debian (apt-get install spin gcc) when they are missing;
# --no-spin times distcheck alone. Peak RSS needs GNU time (/usr/bin/time, Debian package
# "time"); without it RSS is shown as "-".
set -euo pipefail
cd "$(dirname "$0")/.."

runs=3 workers=2 spin=1 sizes=()
while (($#)); do
	case "$1" in
	-n) runs=$2; shift 2 ;;
	-w) workers=$2; shift 2 ;;
	--no-spin) spin=0; shift ;;
	-h | --help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "twophase-vs-spin: unknown flag $1 (see --help)" >&2; exit 2 ;;
	*) [[ $1 =~ ^[0-9]+$ ]] && (($1 >= 1 && $1 <= 20)) || { echo "twophase-vs-spin: RMS must be 1..20, got $1" >&2; exit 2; }
		sizes+=("$1"); shift ;;
	esac
done
((${#sizes[@]})) || sizes=(8 9)
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "twophase-vs-spin: -n must be a positive number, got $runs" >&2; exit 2; }

install() { # install Debian packages if a command is missing
	local cmd=$1; shift
	command -v "$cmd" >/dev/null 2>&1 && return
	echo "# installing $* (apt-get)" >&2
	if [[ $(id -u) == 0 ]]; then apt-get update -qq && apt-get install -y -qq "$@" >/dev/null
	else sudo apt-get update -qq && sudo apt-get install -y -qq "$@" >/dev/null; fi
}
if ((spin)); then
	install spin spin
	install gcc gcc
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/distcheck" ./cmd/distcheck

# promela N: TwoPhase.tla with N RMs. One process whose loop takes one d_step per action
# instance, so a SPIN state is a TLA+ state and SPIN's transitions are TLC's generated states.
# rmState[r] ∈ {0 working, 1 prepared, 2 committed, 3 aborted}; tmState ∈ {0 init, 1 committed,
# 2 aborted}; tmPrepared and the Prepared messages are bit sets; Commit and Abort are bits.
promela() {
	local n=$1 r all=$(((1 << $1) - 1)) aborted="" committed=""
	for ((r = 0; r < n; r++)); do
		aborted+="${aborted:+ || }rm[$r] == 3"
		committed+="${committed:+ || }rm[$r] == 2"
	done
	cat <<EOF
#define consistent (!(($aborted) && ($committed)))
byte rm[$n];
byte tm = 0;
unsigned prepared : $n = 0;
unsigned sentPrepared : $n = 0;
bit sentCommit = 0;
bit sentAbort = 0;
active proctype TwoPhase() {
	do
	:: d_step { tm == 0 && prepared == $all -> tm = 1; sentCommit = 1; assert(consistent) }
	:: d_step { tm == 0 -> tm = 2; sentAbort = 1; assert(consistent) }
EOF
	for ((r = 0; r < n; r++)); do
		cat <<EOF
	:: d_step { tm == 0 && (sentPrepared & $((1 << r))) != 0 -> prepared = prepared | $((1 << r)); assert(consistent) }
	:: d_step { rm[$r] == 0 -> rm[$r] = 1; sentPrepared = sentPrepared | $((1 << r)); assert(consistent) }
	:: d_step { rm[$r] == 0 -> rm[$r] = 3; assert(consistent) }
	:: d_step { sentCommit -> rm[$r] = 2; assert(consistent) }
	:: d_step { sentAbort -> rm[$r] = 3; assert(consistent) }
EOF
	done
	echo "	od"
	echo "}"
}

# timed OUT CMD...: runs CMD with its output in OUT and prints "wall_seconds peak_rss_MB".
timed() {
	local out=$1; shift
	local t0 t1 rss=-
	t0=$(date +%s.%N)
	if [[ -x /usr/bin/time ]]; then
		/usr/bin/time -f '%M' -o "$out.time" "$@" >"$out" 2>&1
		rss=$(awk '{printf "%.0f", $1/1024}' "$out.time")
	else
		"$@" >"$out" 2>&1
	fi
	t1=$(date +%s.%N)
	echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}') $rss"
}

median() { sort -g | awk '$1 == "-" {dash=1} {v[NR]=$1} END{if (dash) print "-"; else if (NR%2) print v[(NR+1)/2]; else printf "%.2f\n", (v[NR/2]+v[NR/2+1])/2}'; }

echo "# $(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $runs alternating runs each, medians; distcheck with $workers workers; SPIN -DSAFETY -DNOREDUCE, one thread"
if ((spin)); then
	echo "| RMs | distinct states | distcheck wall | distcheck RSS | SPIN wall | SPIN RSS | SPIN ÷ distcheck |"
	echo "|---|---|---|---|---|---|---|"
else
	echo "| RMs | distinct states | distcheck wall | distcheck RSS |"
	echo "|---|---|---|---|"
fi
for n in "${sizes[@]}"; do
	if ((spin)); then
		dir=$work/spin$n
		mkdir -p "$dir"
		promela "$n" >"$dir/model.pml"
		# pan's hash table: 2^w slots for about 288·5.78^(n-3) states, at least twice over.
		w=$(awk -v n="$n" 'BEGIN{w=int(log(288*5.78^(n-3))/log(2))+2; if (w<18) w=18; if (w>30) w=30; print w}')
		(cd "$dir" && spin -a model.pml >spin.out 2>&1 &&
			sed -i -E 's/%9\.8g (states, stored)/%9.0f \1/' pan.c &&
			gcc -O2 -DSAFETY -DNOREDUCE -DMEMLIM=16384 -o pan pan.c >gcc.out 2>&1) ||
			{ echo "twophase-vs-spin: building the SPIN model failed; see $dir" >&2; cat "$dir/spin.out" "$dir/gcc.out" >&2; exit 1; }
	fi
	: >"$work/dc$n" && : >"$work/sp$n"
	for ((i = 0; i < runs; i++)); do
		timed "$work/dc.out" "$work/distcheck" check twophase --rms "$n" --workers "$workers" --symmetry=false --json --quiet >>"$work/dc$n"
		dcount=$(sed -n 's/.*"distinct": \([0-9]*\).*/\1/p' "$work/dc.out")
		[[ -n $dcount ]] || { echo "twophase-vs-spin: distcheck failed:" >&2; cat "$work/dc.out" >&2; exit 1; }
		if ((spin)); then
			timed "$work/sp.out" bash -c "cd '$dir' && ./pan -n -m100000 -w$w" >>"$work/sp$n"
			scount=$(awk '/states, stored/ {print $1}' "$work/sp.out")
			if [[ $scount != "$dcount" ]]; then
				echo "twophase-vs-spin: $n RMs: SPIN stored $scount states, distcheck counted $dcount" >&2
				cat "$work/sp.out" >&2
				exit 1
			fi
		fi
	done
	dw=$(cut -d' ' -f1 "$work/dc$n" | median) dm=$(cut -d' ' -f2 "$work/dc$n" | median)
	if ((spin)); then
		sw=$(cut -d' ' -f1 "$work/sp$n" | median) sm=$(cut -d' ' -f2 "$work/sp$n" | median)
		ratio=$(awk -v a="$sw" -v b="$dw" 'BEGIN{printf "%.2f×", a/b}')
		echo "| $n | $(printf "%'d" "$dcount") | $dw s | $dm MB | $sw s | $sm MB | $ratio |"
	else
		echo "| $n | $(printf "%'d" "$dcount") | $dw s | $dm MB |"
	fi
done

#!/usr/bin/env bash
# A one-node Slurm on this machine runs a distcheck swarm as a job array: slurmctld and slurmd
# on localhost with a munged of their own, configured, logged and spooled in a temporary
# directory (nothing in /etc is changed), and stopped at the end. The array's 4 tasks search
# Raft with five servers and the fixed-quorum bug; the merge must report it (exit 1), with a
# trace that replays; a rerun of one task must do nothing (its result is kept).
#
# Installs Debian's slurm-wlm and munge with apt-get when they are missing (as root). Exits 0
# when the swarm found and merged the bug, 77 when Slurm is missing and cannot be installed
# here (not root, or no apt-get), and 1 otherwise, saying which step failed and showing the
# daemons' logs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/sbin:/sbin" # munged, slurmctld and slurmd live there

say() { echo "slurm: [$SECONDS s] $*"; }
T=""
pids=()
jobid=""
fail() {
	echo "slurm: FAILED: $*" >&2
	if [ -n "$T" ]; then
		for log in "$T"/slurmctld.log "$T"/slurmd.log "$T"/munged.log "$T"/swarm/slurm-*.out; do
			[ -f "$log" ] || continue
			echo "---- $log (last 15 lines)" >&2
			tail -n 15 "$log" >&2
		done
		echo "slurm: everything is kept in $T" >&2
		T_KEEP=1
	fi
	exit 1
}
cleanup() {
	set +e
	if [ -n "$jobid" ]; then scancel "$jobid" 2>/dev/null; fi
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
	for pid in "${pids[@]}"; do
		for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	done
	if [ -n "$T" ] && [ -z "${T_KEEP:-}" ]; then rm -rf "$T"; fi
}
trap cleanup EXIT

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
	if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
		say "skipped: slurm-wlm and munge are not installed, and cannot be installed here (not root, or no apt-get)"
		exit 77
	fi
	say "installing slurm-wlm and munge with apt-get"
	(apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends slurm-wlm munge) >/tmp/distcheck-ci-slurm-apt.log 2>&1 ||
		{ tail -n 20 /tmp/distcheck-ci-slurm-apt.log; fail "apt-get install slurm-wlm munge (log: /tmp/distcheck-ci-slurm-apt.log)"; }
fi

T=$(mktemp -d /tmp/distcheck-slurm.XXXXXX)
chmod 755 "$T" # munged wants every directory above its socket searchable
mkdir -p "$T/munge" "$T/state" "$T/spool"
chmod 755 "$T/munge"

say "building distcheck"
go build -o "$T/distcheck" ./cmd/distcheck || fail "go build ./cmd/distcheck"

say "starting munged (socket $T/munge/munge.sock)"
mungekey --create --keyfile="$T/munge.key" >/dev/null 2>&1 ||
	dd if=/dev/urandom of="$T/munge.key" bs=128 count=1 status=none
chmod 600 "$T/munge.key"
munged --socket="$T/munge/munge.sock" --key-file="$T/munge.key" --pid-file="$T/munged.pid" \
	--log-file="$T/munged.log" --seed-file="$T/munged.seed" || fail "munged did not start"
pids+=("$(cat "$T/munged.pid")")
munge -n -S "$T/munge/munge.sock" | unmunge -S "$T/munge/munge.sock" >/dev/null || fail "munge cannot encode and decode a credential"

host=$(hostname -s)
# Ports of our own, so that a Slurm already on this machine is not disturbed.
port=$((20000 + ($$ % 5000) * 2))
cpus=$(nproc)
export SLURM_CONF="$T/slurm.conf"
cat >"$SLURM_CONF" <<EOF
ClusterName=distcheck-ci
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$T/munge/munge.sock
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/slurmctld.log
SlurmdLogFile=$T/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=ci Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF

say "starting slurmctld and slurmd on $host (ports $port, $((port + 1)); $cpus CPUs)"
slurmctld -D -c >"$T/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -N "$host" >"$T/slurmd.out" 2>&1 &
pids+=($!)
state=""
for _ in $(seq 120); do
	state=$(sinfo -h -N -o %t 2>/dev/null | head -n 1 || true)
	case "$state" in idle | mix | alloc) break ;; esac
	sleep 0.5
done
case "$state" in idle | mix | alloc) say "node $host is $state" ;; *) fail "the node did not come up within 60s (state: '${state:-none}')" ;; esac

# wait_array JOB N SECONDS waits until job array JOB has left the queue (polling: sbatch --wait
# polls every 30 s or so), then checks that its N tasks completed.
wait_array() {
	local i
	for i in $(seq $(($3 * 4))); do
		[ -z "$(squeue -h -j "$1" 2>/dev/null)" ] && break
		[ "$i" = $(($3 * 4)) ] && fail "job $1 did not end within $3 s"
		sleep 0.25
	done
	local completed
	completed=$(scontrol -o show job "$1" | grep -c 'JobState=COMPLETED' || true)
	[ "$completed" = "$2" ] || fail "job $1: $completed of $2 tasks completed ($(scontrol -o show job "$1" | sed -E 's/.*(JobId=[0-9_]+).*(ArrayTaskId=[0-9]+).*(JobState=[A-Z_]+).*(ExitCode=[0-9:]+).*/\2 \3 \4/' | tr '\n' ';'))"
	jobid=""
}

dir="$T/swarm"
say "submitting a 4-task array: raft --nodes 5 --bug fixed-quorum"
"$T/distcheck" swarm sbatch raft --nodes 5 --bug fixed-quorum --dir "$dir" --shards 4 \
	--strategy swarm,pct --walks 1000 >"$T/job.sh" || fail "distcheck swarm sbatch"
jobid=$(sbatch --parsable "$T/job.sh") || fail "sbatch $T/job.sh"
jobid=${jobid%%;*}
wait_array "$jobid" 4 300
say "array done; merging"
set +e
"$T/distcheck" swarm merge "$dir" >"$T/merge.txt" 2>&1
code=$?
set -e
cat "$T/merge.txt"
[ "$code" = 1 ] || fail "distcheck swarm merge exited $code, want 1 (a violation)"
grep -q "VIOLATION: CommittedSurvives" "$T/merge.txt" || fail "the merge does not report CommittedSurvives"
grep -q "4 of 4 shards done" "$T/merge.txt" || fail "the merge does not have all 4 shards"
grep -q "(replays: " "$T/merge.txt" || fail "the merged trace does not replay"

say "rerunning task 2: it must keep its result"
before=$(sha256sum "$dir/shard-00002.json")
jobid=$(sbatch --parsable --array=2 "$T/job.sh") || fail "sbatch --array=2 $T/job.sh"
jobid=${jobid%%;*}
wait_array "$jobid" 1 120
[ "$(sha256sum "$dir/shard-00002.json")" = "$before" ] || fail "the rerun changed shard 2's result"
grep -q "done already" "$dir"/slurm-*_2.out || fail "the rerun of task 2 did not say it was done already"
say "ok: a Slurm array found and merged raft's fixed-quorum bug"

// Package swarm holds the pieces of a sampled search split across machines: a plan (the
// protocol and flags, and the strategy and seed of each shard), the results each shard
// writes to a shared directory, and their merge — counterexamples deduplicated by
// fingerprint, totals of walks, distinct states estimated with a mergeable HyperLogLog
// sketch, and the shards that are missing (a rerun of that index completes the swarm).
//
// Nothing in a swarm's directory is overwritten: a plan or a result is written once, through
// a temporary file linked into place. The command that runs shards on batch engines (Slurm
// job arrays, Kubernetes Indexed Jobs, local processes) is distcheck swarm.
package swarm

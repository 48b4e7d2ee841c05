// Package swarm holds the pieces of a sampled search split across machines: shards (a seed
// range each), the results each shard writes to a shared directory, and their merge —
// counterexamples deduplicated by fingerprint, totals of walks, distinct states estimated with
// a mergeable HyperLogLog sketch, and the shards that are missing (a rerun of that index
// completes the swarm).
//
// The command that runs shards on batch engines (Slurm job arrays, Kubernetes Indexed Jobs,
// local processes) is not written yet; this package is what it will merge with.
package swarm

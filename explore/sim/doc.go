// Package sim is a discrete-event simulator for peer-to-peer experiments: the same actor.Node
// code the model checker explores runs here in virtual time, with latencies, bandwidth, packet
// loss, downtime, slowdowns and malicious peers, and the run is measured.
//
// A run (Config, Simulate) places peers of several types (PeerType: relays, clients, malicious
// peers) in locations; the overlay among them is a Topology (full mesh, ring, random regular,
// Erdős–Rényi, small world, scale-free, or an edge list). A message takes a latency sampled
// from the distribution of its pair of locations (Dist: constant, uniform, normal, exponential,
// log-normal, from gonum's distuv), plus its size over the sender's bandwidth (a peer sends one
// message at a time), and may be lost. Timers fire at virtual times. Disruptions take peers
// offline or slow them down, on a schedule or at random (with a mean time between failures and
// an availability). Everything random is drawn from streams seeded by Config.Seed, one per
// concern, so that the same seed gives the same run — and two protocols run with the same
// seed meet the same downtimes.
//
// Inside a node, the Context is the simulator's: Choose draws at random, Now is the virtual
// time, Peers are the overlay neighbours, Sign signs as the peer. Protocols report the items
// they spread through Produced and Seen; malicious peers act as their Sybil identities through
// AdversaryOf. The Result holds what was recorded; Summarize, Convergence and TrafficSeries
// compute the metrics (delay from production to first receipt, coverage of the peers online,
// copies per delivery, bytes and messages per peer per second), and Report writes them as JSON
// or CSV. Package simplot draws them.
//
// Consensus protocols run here too (package protocols/smr has their clients and harnesses):
// Config.Timeouts gives the timers of nodes written for the model checker their timing (Raft's
// randomized election timeouts), Config.Partitions split the network for a time, a
// Disruption with Crash restarts a peer from its durable fields, and Config.Props — the
// protocol's own safety properties — are judged on the peers after every step through
// actor.Snapshot; the first that fails stops the run (Result.Violation, with the last steps).
// With Config.Trace the run keeps every step as an action of the actor layer (Logged: each
// delivery, timer, crash and restart with the choices it made, and each message the network
// lost as a drop), so that a violation's Steps are a path of the actor.System of the same
// nodes, which replays it (distcheck simulate saves it as a counterexample trace).
// Harnesses report roles and commits (ReportRole, ReportCommit), from which Consensus computes
// elections, time without a leader, commit and reply latencies, throughput and messages per
// command.
package sim

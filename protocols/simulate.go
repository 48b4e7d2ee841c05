package protocols

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/p2p"
	"github.com/distcheck/distcheck/protocols/p2p/attack"
	"github.com/distcheck/distcheck/protocols/p2p/dht"
	"github.com/distcheck/distcheck/protocols/p2p/flooding"
	"github.com/distcheck/distcheck/protocols/p2p/loadbalance"
	"github.com/distcheck/distcheck/protocols/p2p/pullgossip"
	"github.com/distcheck/distcheck/protocols/p2p/pushgossip"
)

// SimConfig is what `distcheck simulate` passes a protocol: the peers and workload its flags ask
// for. Zero values mean the protocol's defaults where the flag's help says so.
type SimConfig struct {
	Nodes, Clients, Attach int
	// AttachGiven says whether --attach was given (a defence may raise the default).
	AttachGiven bool
	// Rate is items, operations or requests per second per producer; 0 is the protocol's
	// default.
	Rate     float64
	Size     int
	Duration time.Duration
	Settle   time.Duration
	// Push gossip.
	Fanout, TTL int
	// Pull gossip.
	Period time.Duration
	// DHT.
	Replicas, VNodes, Keys int
	OpTimeout              time.Duration
	// Load balancing.
	Policy, Speeds string
	Work           int
	// Malicious peers.
	Malicious, Sybils int
	Attack            string
	// AttackGiven says whether --attack was given (each protocol has its default).
	AttackGiven bool
	Defend      bool
	// Consensus: NodesGiven says whether --nodes was given (servers default to 5); Bug names a
	// buggy variant.
	NodesGiven bool
	Bug        string
	// Latency is the mean latency of a message (the timeouts scale with it); ElectionTimeout
	// and Heartbeat set Raft's (0: the defaults of raft.SimConfig).
	Latency                    time.Duration
	ElectionTimeout, Heartbeat time.Duration
	// Clocks: each node's drift bound in parts per million and initial error bound;
	// CheckBound makes a synchronisation outside its bound a safety violation.
	DriftPPM   float64
	Skew       time.Duration
	CheckBound bool
	// Timed protocols of the course (nakamoto, dv, linkstate): see TimedConfig.
	Timed TimedConfig
	// Replay builds the peers for a replay of a simulation's trace on the actor layer (see
	// SimulationRunner): the properties judge the whole state, not only what changed.
	Replay bool
}

// SimSetup is what a protocol contributes to a simulation: its peers, and optionally its own
// metrics computed from the result.
type SimSetup struct {
	Types   []sim.PeerType
	Metrics func(*sim.Result) map[string]float64
	// Consensus protocols also give the timing of their timers and the safety properties
	// judged on every step (sim.Config.Timeouts, Props), and need a full mesh among their
	// servers.
	Timeouts sim.TimeoutFunc
	Props    []model.Property[*actor.State]
	FullMesh bool
	// Replayable says that the peers' steps are a path of the actor layer (their code reads
	// no virtual time and no overlay): a traced run's violation saves a trace that replays
	// (SimulationTrace).
	Replayable bool
	// Plots, if set, draws the protocol's own plots into dir (format png or svg) beside the
	// simulator's, and returns their paths.
	Plots func(dir, format string, res *sim.Result) ([]string, error)
	// CSV, if set, writes the protocol's own tables into dir beside the simulator's, and
	// returns their paths.
	CSV func(dir string, res *sim.Result) ([]string, error)
	// SweepMetrics are the metrics that distcheck simulate --sweep plots, if any;
	// SweepBaselines names, for some of them, a metric drawn dashed on the same plot (e.g. the
	// selfish miner's hash power beside its share of the chain).
	SweepMetrics   []string
	SweepBaselines map[string]string
}

// simulated returns the protocols that run only under `distcheck simulate`.
func simulated() []Protocol {
	gossip := func(name, summary, kind string) Protocol {
		return Protocol{Name: name, Summary: summary, Layer: ActorLayer, simulate: gossipSim(kind), malicious: true}
	}
	return append([]Protocol{
		gossip("push-gossip", "push gossip: each new item goes to --fanout random neighbours, --ttl hops", "push"),
		gossip("pull-gossip", "anti-entropy: every --period a peer sends a neighbour its index of items and gets back what it misses", "pull"),
		gossip("ranged-pull", "anti-entropy with ranged indices (per origin, how many items held)", "ranged"),
		gossip("flooding", "every new item goes to every neighbour", "flooding"),
		{Name: "dht", Layer: ActorLayer, simulate: dhtSim,
			Summary: "consistent hashing with --vnodes and --replicas; clients put, get and delete, failing over to the next node when a replica does not answer"},
		{Name: "loadbalance", Layer: ActorLayer, simulate: loadbalanceSim,
			Summary: "a balancer in front of servers of different --speeds, by --policy"},
	}, clockProtocols()...)
}

// orDefault returns v, or def when v is zero.
func orDefault[T int | float64](v, def T) T {
	if v == 0 {
		return def
	}
	return v
}

// gossipSim builds relays running one of the gossip protocols, clients and malicious relays.
func gossipSim(kind string) func(SimConfig) (SimSetup, error) {
	return func(c SimConfig) (SimSetup, error) {
		peers := p2p.Peers{
			Relays: c.Nodes, Clients: c.Clients, Attach: c.Attach, Malicious: c.Malicious,
			Produce: p2p.Production{Every: time.Duration(float64(time.Second) / orDefault(c.Rate, 1)), Size: c.Size, Until: c.Duration - c.Settle},
		}
		fc := flooding.Config{}
		verify := false
		if c.Malicious > 0 {
			b, err := p2p.ParseBehavior(c.Attack)
			if err != nil {
				return SimSetup{}, fmt.Errorf("--attack: %w", err)
			}
			peers.Behavior = b
			if b == p2p.Sybil {
				peers.Sybils = c.Sybils
			}
			if b == p2p.Bogus {
				peers.ForgeEvery = peers.Produce.Every
			}
			if c.Defend {
				switch b {
				case p2p.Hide:
					if c.Clients > 0 && !c.AttachGiven {
						peers.Attach = min(c.Malicious+1, c.Nodes)
					}
				case p2p.Bogus:
					verify = true
				case p2p.Equivocate, p2p.Sybil:
					if kind != "flooding" {
						return SimSetup{}, fmt.Errorf("--defend against %s needs flooding (its vouching quorum)", b)
					}
					verify = true
					fc.Quorum = attack.Quorum(c.Nodes, c.Malicious)
					fc.MembersOnly = b == p2p.Sybil
				}
			}
		}
		if c.Clients > 0 && (c.Attach < 1 || c.Attach > c.Nodes) {
			return SimSetup{}, fmt.Errorf("--attach %d: want 1 to %d (the --nodes)", c.Attach, c.Nodes)
		}
		if err := peers.Validate(); err != nil {
			return SimSetup{}, fmt.Errorf("--%w", err)
		}
		fc.Verify = verify
		peers.Relay = func(_ model.NodeID, own p2p.Production) actor.Node {
			switch kind {
			case "pull", "ranged":
				return pullgossip.New(pullgossip.Config{Period: c.Period, Ranged: kind == "ranged", Produce: own, Verify: verify})
			case "flooding":
				f := fc
				f.Produce = own
				return flooding.New(f)
			}
			return pushgossip.New(pushgossip.Config{Fanout: c.Fanout, TTL: c.TTL, Produce: own, Verify: verify})
		}
		return SimSetup{Types: peers.Types()}, nil
	}
}

func dhtSim(c SimConfig) (SimSetup, error) {
	cfg := dht.Config{
		VNodes: c.VNodes, Replicas: c.Replicas, Timeout: c.OpTimeout, Keys: c.Keys,
		Every: time.Duration(float64(time.Second) / orDefault(c.Rate, 1)),
	}
	types, err := dht.Peers(c.Nodes, orDefault(c.Clients, 10), cfg)
	if err != nil {
		return SimSetup{}, flagged(err, "dht: ", map[string]string{"replicas": "--replicas", "vnodes": "--vnodes", "timeout": "--op-timeout", "keys": "--keys"})
	}
	return SimSetup{Types: types, Metrics: dht.Metrics}, nil
}

func loadbalanceSim(c SimConfig) (SimSetup, error) {
	policy, err := loadbalance.ParsePolicy(c.Policy)
	if err != nil {
		return SimSetup{}, fmt.Errorf("--policy: %w", err)
	}
	var speeds []int
	for _, s := range strings.Split(c.Speeds, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || v < 1 {
			return SimSetup{}, fmt.Errorf("--speeds: %q is not a speed (a whole number ≥ 1)", s)
		}
		speeds = append(speeds, v)
	}
	if c.Work < 1 {
		return SimSetup{}, fmt.Errorf("--work %d: want at least 1", c.Work)
	}
	setup := loadbalance.Setup{Policy: policy, Speeds: speeds, Clients: orDefault(c.Clients, 8),
		Every: time.Duration(float64(time.Second) / orDefault(c.Rate, 50)), Work: c.Work, Keys: 100}
	types, err := setup.Peers()
	if err != nil {
		return SimSetup{}, err
	}
	return SimSetup{Types: types, Metrics: loadbalance.Metrics}, nil
}

// flagged rewrites a configuration error's field names as flags.
func flagged(err error, prefix string, names map[string]string) error {
	msg := strings.TrimPrefix(err.Error(), prefix)
	for field, flag := range names {
		if strings.HasPrefix(msg, field+" ") {
			return fmt.Errorf("%s%s", flag, msg[len(field):])
		}
	}
	return fmt.Errorf("%s", msg)
}

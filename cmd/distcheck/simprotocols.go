package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

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

// simBuild is what a protocol contributes to a simulation: its peers, and its own metrics.
type simBuild struct {
	types   []sim.PeerType
	metrics func(*sim.Result) map[string]float64
}

// simProtocols are the protocols distcheck simulate runs. Any model.Node protocol can join:
// its entry makes the peer types from the flags (and, optionally, metrics from the result).
var simProtocols = map[string]func(*simFlags) (simBuild, error){
	"gossip":      gossipSim("gossip"),
	"push-gossip": gossipSim("gossip"),
	"pull-gossip": gossipSim("pull"),
	"ranged-pull": gossipSim("ranged"),
	"flooding":    gossipSim("flooding"),
	"dht":         dhtSim,
	"loadbalance": loadbalanceSim,
}

func simProtocolNames() []string {
	var names []string
	for n := range simProtocols {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// gossipSim builds relays running one of the gossip protocols, clients and malicious relays.
func gossipSim(kind string) func(*simFlags) (simBuild, error) {
	return func(f *simFlags) (simBuild, error) {
		rate := f.rate
		if rate == 0 {
			rate = 1
		}
		peers := p2p.Peers{
			Relays: f.nodes, Clients: f.clients, Attach: f.attach, Malicious: f.malicious,
			Produce: p2p.Production{Every: time.Duration(float64(time.Second) / rate), Size: f.size, Until: f.duration - f.settle},
		}
		fc := flooding.Config{}
		verify := false
		if f.malicious > 0 {
			b, err := p2p.ParseBehavior(f.attack)
			if err != nil {
				return simBuild{}, fmt.Errorf("--attack: %v", err)
			}
			peers.Behavior = b
			if b == p2p.Sybil {
				peers.Sybils = f.sybils
			}
			if b == p2p.Bogus {
				peers.ForgeEvery = peers.Produce.Every
			}
			if f.defend {
				switch b {
				case p2p.Hide:
					if f.clients > 0 && !f.given["attach"] {
						peers.Attach = min(f.malicious+1, f.nodes)
					}
				case p2p.Bogus:
					verify = true
				case p2p.Equivocate, p2p.Sybil:
					if kind != "flooding" {
						return simBuild{}, fmt.Errorf("--defend against %s needs flooding (its vouching quorum)", b)
					}
					verify = true
					fc.Quorum = attack.Quorum(f.nodes, f.malicious)
					fc.MembersOnly = b == p2p.Sybil
				}
			}
		}
		if f.clients > 0 && (f.attach < 1 || f.attach > f.nodes) {
			return simBuild{}, fmt.Errorf("--attach %d: want 1 to %d (the --nodes)", f.attach, f.nodes)
		}
		if err := peers.Validate(); err != nil {
			return simBuild{}, fmt.Errorf("--%s", err)
		}
		fc.Verify = verify
		peers.Relay = func(_ model.NodeID, own p2p.Production) model.Node {
			switch kind {
			case "pull", "ranged":
				return pullgossip.New(pullgossip.Config{Period: f.period, Ranged: kind == "ranged", Produce: own, Verify: verify})
			case "flooding":
				c := fc
				c.Produce = own
				return flooding.New(c)
			}
			return pushgossip.New(pushgossip.Config{Fanout: f.fanout, TTL: f.ttl, Produce: own, Verify: verify})
		}
		return simBuild{types: peers.Types()}, nil
	}
}

func dhtSim(f *simFlags) (simBuild, error) {
	clients := f.clients
	if clients == 0 {
		clients = 10
	}
	rate := f.rate
	if rate == 0 {
		rate = 1
	}
	cfg := dht.Config{
		VNodes: f.vnodes, Replicas: f.replicas, Timeout: f.opTimeout, Keys: f.keys,
		Every: time.Duration(float64(time.Second) / rate),
	}
	types, err := dht.Peers(f.nodes, clients, cfg)
	if err != nil {
		return simBuild{}, flagged(err, "dht: ", map[string]string{"replicas": "--replicas", "vnodes": "--vnodes", "timeout": "--op-timeout", "keys": "--keys"})
	}
	return simBuild{types: types, metrics: dht.Metrics}, nil
}

func loadbalanceSim(f *simFlags) (simBuild, error) {
	policy, err := loadbalance.ParsePolicy(f.policy)
	if err != nil {
		return simBuild{}, fmt.Errorf("--policy: %v", err)
	}
	var speeds []int
	for _, s := range strings.Split(f.speeds, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || v < 1 {
			return simBuild{}, fmt.Errorf("--speeds: %q is not a speed (a whole number ≥ 1)", s)
		}
		speeds = append(speeds, v)
	}
	clients := f.clients
	if clients == 0 {
		clients = 8
	}
	rate := f.rate
	if rate == 0 {
		rate = 50
	}
	if f.work < 1 {
		return simBuild{}, fmt.Errorf("--work %d: want at least 1", f.work)
	}
	types, err := (loadbalance.Setup{Policy: policy, Speeds: speeds, Clients: clients, Every: time.Duration(float64(time.Second) / rate), Work: f.work, Keys: 100}).Peers()
	if err != nil {
		return simBuild{}, err
	}
	return simBuild{types: types, metrics: loadbalance.Metrics}, nil
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

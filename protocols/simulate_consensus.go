package protocols

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/adversary"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/multipaxos"
	"github.com/distcheck/distcheck/protocols/paxos"
	"github.com/distcheck/distcheck/protocols/pbft"
	"github.com/distcheck/distcheck/protocols/smr"
)

// instancesSim runs a single-shot protocol once per log slot (smr.Instances) with clients:
// servers default to 5 (4 for PBFT), clients to 1 at 10 commands a second, and the protocol's
// timers to ten times the mean latency.
func instancesSim(defNodes int, in func(n int, bug bugs.Bug, timer time.Duration) *smr.Instances, metrics func(*sim.Result) map[string]float64) func(SimConfig) (SimSetup, error) {
	return instancesSimMalicious(defNodes, in, nil, metrics)
}

// instancesSimMalicious is instancesSim whose first c.Malicious servers are malicious, made
// so by byz (nil: the protocol has no malicious servers).
func instancesSimMalicious(defNodes int, in func(n int, bug bugs.Bug, timer time.Duration) *smr.Instances,
	byz func(n int, c SimConfig) (*smr.Byzantine, error), metrics func(*sim.Result) map[string]float64) func(SimConfig) (SimSetup, error) {
	return func(c SimConfig) (SimSetup, error) {
		n := c.Nodes
		if !c.NodesGiven {
			n = defNodes
		}
		timer := max(150*time.Millisecond, 10*c.Latency)
		inst := in(n, bugs.Bug(c.Bug), timer)
		inst.EverySlot = c.Replay
		if c.Malicious > 0 && byz != nil {
			var err error
			if inst.Byzantine, err = byz(n, c); err != nil {
				return SimSetup{}, err
			}
		}
		every := time.Duration(float64(time.Second) / orDefault(c.Rate, 10))
		servers := make([]model.NodeID, n)
		for i := range servers {
			servers[i] = model.NodeID(i)
		}
		types, timeouts, props, err := inst.Peers(orDefault(c.Clients, 1),
			smr.ClientConfig{Servers: servers, Every: every, Until: c.Duration - c.Settle, Timeout: 4 * timer})
		if err != nil {
			return SimSetup{}, flagged(err, "", map[string]string{"paxos: acceptors": "--nodes", "multipaxos: acceptors": "--nodes", "pbft: replicas": "--nodes"})
		}
		return SimSetup{Types: types, Timeouts: timeouts, Props: props, FullMesh: true, Replayable: true, Metrics: metrics}, nil
	}
}

// after returns a timer function that gives every timer the same delay, drawn from [d, 2d).
func after(d time.Duration) func(model.NodeID, actor.Timer, time.Duration, *rand.Rand) time.Duration {
	return func(_ model.NodeID, _ actor.Timer, _ time.Duration, rnd *rand.Rand) time.Duration {
		return d + time.Duration(rnd.Int64N(int64(d)))
	}
}

// paxosInstances: per slot, single-decree Paxos with the starter's proposer, an acceptor on
// every server and up to paxos.MaxLearners learners, the first on the starter.
func paxosInstances(n int, bug bugs.Bug, timer time.Duration) *smr.Instances {
	learners := min(n, paxos.MaxLearners)
	return &smr.Instances{
		Servers: n,
		New: func() (*actor.System, error) {
			return paxos.New(paxos.Config{Proposers: 1, Acceptors: n, Learners: learners, Rounds: paxos.MaxRounds, Bug: bug})
		},
		Host: func(starter model.NodeID, i int) model.NodeID {
			switch {
			case i == 0:
				return starter
			case i <= n:
				return model.NodeID(i - 1)
			}
			return model.NodeID((int(starter) + i - n - 1) % n)
		},
		Decided: func(node actor.Node) bool { l, ok := node.(*paxos.Learner); return ok && len(l.Learned) > 0 },
		Timeout: after(timer),
	}
}

// multipaxosInstances: per slot, Multi-Paxos with one leader (the starter) and a log of one
// slot, an acceptor (and replica) on every server.
func multipaxosInstances(n int, bug bugs.Bug, timer time.Duration) *smr.Instances {
	return &smr.Instances{
		Servers: n,
		New: func() (*actor.System, error) {
			return multipaxos.New(multipaxos.Config{Leaders: 1, Acceptors: n, Slots: 1, Bug: bug})
		},
		Host: func(starter model.NodeID, i int) model.NodeID {
			if i == 0 {
				return starter
			}
			return model.NodeID(i - 1)
		},
		Decided: func(node actor.Node) bool {
			r, ok := node.(multipaxos.Replica)
			return ok && len(r.ExecutedLog()) > 0
		},
		Timeout: after(timer),
	}
}

// pbftInstances: per slot, PBFT among n replicas tolerating f = (n−1)/3, replica i on server
// starter+i, so that the starter is the primary of view 0; up to pbft.MaxViews view changes.
func pbftInstances(n int, bug bugs.Bug, timer time.Duration) *smr.Instances {
	return &smr.Instances{
		Servers: n,
		New: func() (*actor.System, error) {
			return pbft.New(pbft.Config{Replicas: n, F: (n - 1) / 3, Views: pbft.MaxViews, Bug: bug})
		},
		Host: func(starter model.NodeID, i int) model.NodeID { return model.NodeID((int(starter) + i) % n) },
		Decided: func(node actor.Node) bool {
			r, ok := node.(pbft.Committer)
			return ok && len(r.CommittedRequests()) > 0
		},
		Timeout: after(timer),
	}
}

// pbftSends is how many messages a malicious PBFT replica may send of its own accord in one
// instance (--attack forge or replay).
const pbftSends = 2

// pbftByzantine makes the first c.Malicious of n PBFT servers malicious with the model
// checker's adversary's behaviours (--attack, a comma-separated list; default equivocate):
// equivocate — each message sent goes as it is or as one of pbft's mutations (the other
// request, re-signed), at random per recipient; forge — up to pbftSends messages per instance
// from pbft's Forge (any message its identity can sign, built from what it got); replay — up
// to pbftSends messages per instance that it got, sent again. The clients send to n0 first,
// so a malicious n0 is the primary of the slots they start there.
func pbftByzantine(n int, c SimConfig) (*smr.Byzantine, error) {
	if c.Malicious >= n {
		return nil, fmt.Errorf("--malicious %d: want fewer than the %d replicas (--nodes)", c.Malicious, n)
	}
	sys, err := pbft.New(pbft.Config{Replicas: n, F: (n - 1) / 3, Views: pbft.MaxViews, Bug: bugs.Bug(c.Bug),
		Adversary: adversary.Config{Byzantine: 1, Behavior: actor.Equivocate}})
	if err != nil {
		return nil, err
	}
	b := &smr.Byzantine{}
	attack := c.Attack
	if !c.AttackGiven {
		attack = "equivocate"
	}
	for _, a := range strings.Split(attack, ",") {
		switch strings.TrimSpace(a) {
		case "equivocate":
			b.Mutate = sys.Byzantine.Mutate
		case "forge":
			b.Forge, b.Sends = sys.Byzantine.Forge, pbftSends
		case "replay":
			b.Replay, b.Sends = true, pbftSends
		default:
			return nil, fmt.Errorf("--attack %s: pbft's malicious replicas equivocate, forge or replay (a comma-separated list)", attack)
		}
	}
	for i := range c.Malicious {
		b.Servers = append(b.Servers, model.NodeID(i))
	}
	return b, nil
}

// pbftMetrics counts the view changes: in each slot, the highest view a replica reached.
func pbftMetrics(res *sim.Result) map[string]float64 {
	views := map[int]int{}
	for _, n := range res.Nodes {
		slots, ok := smr.SlotsOf(n)
		if !ok {
			continue
		}
		for k, nodes := range slots {
			for _, node := range nodes {
				if r, ok := node.(*pbft.Replica); ok {
					views[k] = max(views[k], r.View)
				}
			}
		}
	}
	total, changed := 0, 0
	for _, v := range views {
		total += v
		if v > 0 {
			changed++
		}
	}
	return map[string]float64{"view_changes": float64(total), "slots_with_view_change": float64(changed), "slots": float64(len(views))}
}

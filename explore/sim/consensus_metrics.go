package sim

import (
	"slices"
	"time"

	"gonum.org/v1/gonum/stat"

	"github.com/distcheck/distcheck/model"
)

// ConsensusSummary is a run's consensus metrics, from what harnesses reported (ReportRole,
// ReportCommit) and the clients' operations. Times are in seconds. A leader is a server in the
// role "leader" (or "primary") that is up and whose term is the highest among the servers up.
type ConsensusSummary struct {
	// Servers counts the peers that reported a role.
	Servers int `json:"servers"`
	// Elections counts the times a server became leader; ElectionMean and ElectionMax are the
	// times from its candidacy to its win (0 when it won without one, e.g. a fixed primary).
	Elections    int     `json:"elections"`
	ElectionMean float64 `json:"election_mean_s"`
	ElectionMax  float64 `json:"election_max_s"`
	// Terms is the highest term (or view) any server reached; LeaderChanges counts the
	// changes of leader (or of its term) after the first.
	Terms         int `json:"terms"`
	LeaderChanges int `json:"leader_changes"`
	// Leaderless is the time without a leader, and LeaderlessFraction its share of the run.
	Leaderless         float64 `json:"leaderless_s"`
	LeaderlessFraction float64 `json:"leaderless_fraction"`
	// Requested counts client commands, Committed those some server committed, Replied those
	// whose client got the reply; Throughput is Committed per second of the run.
	Requested  int     `json:"requested"`
	Committed  int     `json:"committed"`
	Replied    int     `json:"replied"`
	Throughput float64 `json:"throughput_per_s"`
	// Commit latencies: from a client's request to the first server's commit.
	CommitMean float64 `json:"commit_mean_s"`
	CommitP50  float64 `json:"commit_p50_s"`
	CommitP90  float64 `json:"commit_p90_s"`
	CommitP99  float64 `json:"commit_p99_s"`
	CommitMax  float64 `json:"commit_max_s"`
	// Reply latencies: from a client's request to its reply.
	ReplyP50 float64 `json:"reply_p50_s"`
	ReplyP90 float64 `json:"reply_p90_s"`
	ReplyP99 float64 `json:"reply_p99_s"`
	// MessagesPerCommand and BytesPerCommand are every message and byte sent, clients'
	// included, over Committed.
	MessagesPerCommand float64 `json:"messages_per_command"`
	BytesPerCommand    float64 `json:"bytes_per_command"`
	// Leaders is the leader timeline: who led, in which term, when.
	Leaders []LeaderSpan `json:"leaders"`
}

// LeaderSpan is a time during which one server led in one term.
type LeaderSpan struct {
	Peer  model.NodeID `json:"peer"`
	Term  int          `json:"term"`
	Start float64      `json:"start_s"`
	End   float64      `json:"end_s"`
}

// CommandTimes are one client command's times, in seconds; -1 for what did not happen.
type CommandTimes struct {
	Client    model.NodeID
	Cmd       uint64
	Requested float64
	Committed float64
	Replied   float64
}

func isLeader(role string) bool { return role == "leader" || role == "primary" }

// Commands returns the client commands (operations whose input is a uint64 command) with
// when each was requested, first committed and replied to.
func (r *Result) Commands() []CommandTimes {
	first := map[uint64]time.Duration{}
	for _, c := range r.Commits {
		if _, ok := first[c.Cmd]; !ok {
			first[c.Cmd] = c.At
		}
	}
	var out []CommandTimes
	for _, op := range r.Ops {
		cmd, ok := op.Input.(uint64)
		if !ok {
			continue
		}
		ct := CommandTimes{Client: op.ID.Client, Cmd: cmd, Requested: op.Invoked.Seconds(), Committed: -1, Replied: -1}
		if at, ok := first[cmd]; ok {
			ct.Committed = at.Seconds()
		}
		if op.Returned >= 0 {
			ct.Replied = op.Returned.Seconds()
		}
		out = append(out, ct)
	}
	return out
}

// Consensus returns the run's consensus metrics, or nil if no harness reported a role or a
// commit. Without roles (a protocol run once per slot, with no leader) the leader metrics
// are left at zero, and the servers are the peers that committed.
func (r *Result) Consensus() *ConsensusSummary {
	if len(r.Roles) == 0 && len(r.Commits) == 0 {
		return nil
	}
	c := &ConsensusSummary{Leaders: []LeaderSpan{}}
	var servers []model.NodeID
	for _, rc := range r.Roles {
		if !slices.Contains(servers, rc.Peer) {
			servers = append(servers, rc.Peer)
		}
		c.Terms = max(c.Terms, rc.Term)
	}
	if len(r.Roles) > 0 {
		r.elections(c)
		r.leaderTimeline(c, servers)
	}
	for _, cm := range r.Commits {
		if !slices.Contains(servers, cm.Peer) {
			servers = append(servers, cm.Peer)
		}
	}
	c.Servers = len(servers)

	var commit, reply []float64
	cmds := r.Commands()
	committed := map[uint64]bool{}
	for _, ct := range cmds {
		c.Requested++
		if ct.Committed >= 0 {
			commit = append(commit, ct.Committed-ct.Requested)
		}
		if ct.Replied >= 0 {
			c.Replied++
			reply = append(reply, ct.Replied-ct.Requested)
		}
	}
	for _, cm := range r.Commits {
		committed[cm.Cmd] = true
	}
	c.Committed = len(committed)
	c.Throughput = float64(c.Committed) / r.Duration.Seconds()
	q := func(x []float64, p float64) float64 { return stat.Quantile(p, stat.Empirical, x, nil) }
	if len(commit) > 0 {
		slices.Sort(commit)
		c.CommitMean, c.CommitMax = stat.Mean(commit, nil), commit[len(commit)-1]
		c.CommitP50, c.CommitP90, c.CommitP99 = q(commit, 0.5), q(commit, 0.9), q(commit, 0.99)
	}
	if len(reply) > 0 {
		slices.Sort(reply)
		c.ReplyP50, c.ReplyP90, c.ReplyP99 = q(reply, 0.5), q(reply, 0.9), q(reply, 0.99)
	}
	if c.Committed > 0 {
		c.MessagesPerCommand = float64(r.Messages.Sent) / float64(c.Committed)
		c.BytesPerCommand = float64(r.Messages.Bytes) / float64(c.Committed)
	}
	return c
}

// elections counts the times servers became leader, and how long from their candidacy.
func (r *Result) elections(c *ConsensusSummary) {
	since := map[model.NodeID]time.Duration{} // a candidate's candidacy in its term
	var took []float64
	prev := map[model.NodeID]RoleChange{}
	for _, rc := range r.Roles {
		p, had := prev[rc.Peer]
		prev[rc.Peer] = rc
		switch {
		case rc.Role == "candidate" && (!had || p.Role != "candidate" || p.Term != rc.Term):
			since[rc.Peer] = rc.At
		case isLeader(rc.Role) && (!had || !isLeader(p.Role) || p.Term != rc.Term):
			c.Elections++
			if at, ok := since[rc.Peer]; ok && had && p.Role == "candidate" {
				took = append(took, (rc.At - at).Seconds())
			} else {
				took = append(took, 0)
			}
			delete(since, rc.Peer)
		}
	}
	if len(took) > 0 {
		c.ElectionMean, c.ElectionMax = stat.Mean(took, nil), slices.Max(took)
	}
}

// leaderAt returns the leader at time t, given each server's latest role: of the servers up
// in the role of leader, the one of the highest term, if at least a majority of all servers
// are at that term or below (a majority that moved to a later term has deposed it).
func (r *Result) leaderAt(t time.Duration, servers []model.NodeID, cur map[model.NodeID]RoleChange) model.NodeID {
	up := func(p model.NodeID) bool { return int(p) >= len(r.Peers) || r.Peers[p].OnlineAt(t) }
	leader, term := model.NoNode, -1
	for _, p := range servers {
		if rc, ok := cur[p]; ok && up(p) && isLeader(rc.Role) && rc.Term > term {
			leader, term = p, rc.Term
		}
	}
	if leader == model.NoNode {
		return leader
	}
	behind := 0
	for _, p := range servers {
		if rc, ok := cur[p]; ok && rc.Term <= term {
			behind++
		}
	}
	if behind <= len(servers)/2 {
		return model.NoNode
	}
	return leader
}

// leaderTimeline works out who led when: between two role changes or downtime boundaries
// nothing changes, so it judges each such interval once.
func (r *Result) leaderTimeline(c *ConsensusSummary, servers []model.NodeID) {
	end := r.Duration
	times := []time.Duration{0, end}
	for _, rc := range r.Roles {
		times = append(times, rc.At)
	}
	for _, p := range servers {
		if int(p) < len(r.Peers) {
			for _, w := range r.Peers[p].Down {
				times = append(times, w.Start, w.End)
			}
		}
	}
	slices.Sort(times)
	times = slices.Compact(times)
	cur := map[model.NodeID]RoleChange{}
	k := 0
	var leaderless time.Duration
	span := -1 // index in c.Leaders of the span under way
	for i, t := range times {
		if t >= end {
			break
		}
		for ; k < len(r.Roles) && r.Roles[k].At <= t; k++ {
			cur[r.Roles[k].Peer] = r.Roles[k]
		}
		next := end
		if i+1 < len(times) {
			next = min(times[i+1], end)
		}
		leader := r.leaderAt(t, servers, cur)
		term := cur[leader].Term
		if leader == model.NoNode {
			leaderless += next - t
			span = -1
			continue
		}
		if span >= 0 && c.Leaders[span].Peer == leader && c.Leaders[span].Term == term {
			c.Leaders[span].End = next.Seconds()
			continue
		}
		c.Leaders = append(c.Leaders, LeaderSpan{Peer: leader, Term: term, Start: t.Seconds(), End: next.Seconds()})
		span = len(c.Leaders) - 1
	}
	c.Leaderless = leaderless.Seconds()
	if end > 0 {
		c.LeaderlessFraction = leaderless.Seconds() / end.Seconds()
	}
	c.LeaderChanges = max(len(c.Leaders)-1, 0)
	for i := 1; i < len(c.Leaders); i++ {
		if c.Leaders[i].Peer == c.Leaders[i-1].Peer && c.Leaders[i].Term == c.Leaders[i-1].Term {
			c.LeaderChanges-- // the same leader again after a gap
		}
	}
	if c.Leaders == nil {
		c.Leaders = []LeaderSpan{}
	}
}

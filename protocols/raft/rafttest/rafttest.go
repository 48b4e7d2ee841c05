package rafttest

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/internal/testrun"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/raft"
)

// Peer is the interface a Raft server must implement to be checked: a deterministic
// model.Node that reports its term, role, log and commit index, and takes client commands
// while it leads. Persistent state lives in fields tagged `distcheck:"durable"`. See raft.Peer.
type Peer = raft.Peer

// Entry is a log entry: the term in which the leader received a command, and the command.
type Entry = raft.Entry

// Role is a server's role.
type Role = raft.Role

// The roles.
const (
	Follower  = raft.Follower
	Candidate = raft.Candidate
	Leader    = raft.Leader
)

// NewPeer makes the server with the given ID; peers are the other servers' IDs.
type NewPeer = func(id model.NodeID, peers []model.NodeID) Peer

// Protocol is the name the suite's counterexamples record: the "go:" prefix says they are of a
// model built in a Go test, to replay with go test -distcheck.replay.
const Protocol = "go:rafttest"

var jsonFlag = flag.String("rafttest.json", "", "write rafttest.Run's graded summary as JSON to this file")

// Option configures Run.
type Option func(*options)

type options struct {
	scenarios   []Scenario
	json        string
	out         io.Writer
	traceDir    string
	seed        uint64
	failFast    bool
	determinism bool
}

// Scenarios replaces the scenarios Run explores (DefaultScenarios).
func Scenarios(s ...Scenario) Option { return func(o *options) { o.scenarios = s } }

// JSON writes the graded summary as JSON to path (as the flag -rafttest.json does).
func JSON(path string) Option { return func(o *options) { o.json = path } }

// Output sets where Run prints the graded summary (default os.Stdout).
func Output(w io.Writer) Option { return func(o *options) { o.out = w } }

// TraceDir sets the directory under which counterexamples are saved and replayed (default
// distcheck.DefaultTraceDir): <dir>/<TestName>/<scenario>/<hash>.json.
func TraceDir(dir string) Option { return func(o *options) { o.traceDir = dir } }

// Seed seeds the random walks.
func Seed(seed uint64) Option { return func(o *options) { o.seed = seed } }

// FailFast stops after the first scenario that finds a property violated.
func FailFast() Option { return func(o *options) { o.failFast = true } }

// CheckDeterminism runs every step twice and fails the property model.DeterminismProperty
// when the two runs differ — a node that iterates over a map, say. It doubles the cost.
func CheckDeterminism() Option { return func(o *options) { o.determinism = true } }

// Run checks the servers newPeer makes against the Raft properties (raft.Properties, and that
// no server panics) in each scenario, under faults: exhaustively at three servers, in random
// walks at five. It first replays the counterexamples saved by earlier runs, as distcheck.Check
// does; it fails t for each property violated, with a sequence diagram and the command that
// replays it; prints the graded summary (each property: passed, or the path of its
// counterexample file); writes it as JSON if asked (JSON, -rafttest.json); and returns it.
//
//	func TestRaft(t *testing.T) {
//		rafttest.Run(t, mypkg.NewServer)
//	}
func Run(t testing.TB, newPeer NewPeer, opts ...Option) *Report {
	t.Helper()
	o := &options{scenarios: DefaultScenarios(), out: os.Stdout, traceDir: distcheck.DefaultTraceDir, json: *jsonFlag}
	for _, opt := range opts {
		opt(o)
	}
	props := slices.Clone(raft.PropertyNames)
	props = append(props, model.PanicProperty)
	if o.determinism {
		props = append(props, model.DeterminismProperty)
	}
	rep := &Report{Test: t.Name()}
	scenarios, err := o.selectScenarios(newPeer)
	if err != nil {
		t.Fatalf("%v", err)
		return rep
	}
	for _, sc := range scenarios {
		sr := o.run(t, sc, newPeer, props)
		rep.Scenarios = append(rep.Scenarios, sr)
		if o.failFast && slices.ContainsFunc(sr.Results, func(r PropertyResult) bool { return r.Status == StatusFailed }) {
			break
		}
	}
	rep.grade(props)
	fmt.Fprint(o.out, rep)
	if o.json != "" {
		if err := rep.writeJSONFile(o.json); err != nil {
			t.Errorf("%v", err)
		}
	}
	return rep
}

// selectScenarios returns the scenarios to run: all of them, or, when a counterexample is to
// be replayed (-distcheck.replay, DISTCHECK_REPLAY), the one it is of.
func (o *options) selectScenarios(newPeer NewPeer) ([]Scenario, error) {
	for _, sc := range o.scenarios {
		if err := sc.validate(); err != nil {
			return nil, err
		}
	}
	file := replayFile()
	if file == "" {
		return o.scenarios, nil
	}
	tr, err := counterexamples.Load(file)
	if err != nil {
		return nil, fmt.Errorf("rafttest: %w", err)
	}
	for _, sc := range o.scenarios {
		sys, err := o.system(sc, newPeer)
		if err != nil {
			continue
		}
		name, params := sys.Identity()
		if tr.Protocol == name && maps(tr.Params, params) {
			return []Scenario{sc}, nil
		}
	}
	return nil, fmt.Errorf("rafttest: %s is not a counterexample of any of the suite's scenarios (protocol %s, params %v)", file, tr.Protocol, tr.Params)
}

// replayFile returns the counterexample that distcheck.Check is asked to replay, if any.
func replayFile() string {
	if f := flag.Lookup("distcheck.replay"); f != nil && f.Value.String() != "" {
		return f.Value.String()
	}
	return os.Getenv(distcheck.ReplayEnv)
}

func maps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// system returns the system of scenario sc.
func (o *options) system(sc Scenario, newPeer NewPeer) (*model.System, error) {
	cfg := sc.config()
	sys, err := raft.NewSystem(cfg, newPeer)
	if err != nil {
		return nil, err
	}
	sys.Protocol, sys.Params = Protocol, cfg.Params()
	sys.CheckDeterminism = o.determinism
	return sys, nil
}

// run explores one scenario with distcheck.Check and grades each property.
func (o *options) run(t testing.TB, sc Scenario, newPeer NewPeer, props []string) ScenarioReport {
	t.Helper()
	sr := ScenarioReport{Name: sc.Name, Description: sc.describe(), Bound: sc.Depth}
	sys, err := o.system(sc, newPeer)
	if err != nil {
		t.Errorf("rafttest: scenario %s: %v", sc.Name, err)
		for _, p := range props {
			sr.Results = append(sr.Results, PropertyResult{Property: p, Status: StatusNotChecked,
				Result: Result{Scenario: sc.Name, Detail: err.Error()}})
		}
		return sr
	}
	s := &scoped{TB: t, name: t.Name() + "/" + sc.Name, scenario: sc.Name}
	dir := filepath.Join(o.traceDir, testrun.Dir(s.name))
	var res *explore.Result[*model.State]
	check(s, func(tb testing.TB) { res = distcheck.Check(tb, sys, o.checkOptions(sc)...) })
	if res == nil {
		sr.Results = o.replayed(sys, sc, dir, props)
		return sr
	}
	sr.Search, sr.Exhaustive, sr.Stopped = res.Strategy.String(), res.Exhaustive, string(res.Stopped)
	sr.Distinct, sr.Walks, sr.Depth, sr.Seconds = res.Distinct, res.Walks, res.MaxDepth, res.Elapsed.Seconds()
	for _, p := range props {
		pr := PropertyResult{Property: p, Status: StatusPassed}
		if v, ok := res.Violation(p); ok {
			pr.Status, pr.Scenario = StatusFailed, sc.Name
			pr.Counterexample, pr.Detail = savedAt(sys, res, v, dir)
		}
		sr.Results = append(sr.Results, pr)
	}
	return sr
}

func (o *options) checkOptions(sc Scenario) []distcheck.Option {
	opts := []distcheck.Option{distcheck.CollectAll(), distcheck.TraceDir(o.traceDir), distcheck.MaxDepth(sc.Depth)}
	if sc.Walks > 0 {
		opts = append(opts, distcheck.Strategy(explore.Random), distcheck.Walks(sc.Walks), distcheck.Seed(o.seed))
		if sc.ShortWalks > 0 {
			opts = append(opts, distcheck.InShort(distcheck.Walks(sc.ShortWalks)))
		}
	} else if sc.MaxStates > 0 {
		opts = append(opts, distcheck.MaxStates(sc.MaxStates))
	}
	return opts
}

// savedAt returns the path of the file distcheck.Check saved violation v's counterexample to,
// or, for a violation without one, why it failed.
func savedAt(sys *model.System, res *explore.Result[*model.State], v explore.Violation[*model.State], dir string) (path, detail string) {
	if v.Kind == model.KindSometimes {
		return "", v.Reason
	}
	tr, err := counterexamples.New(sys, res, v)
	if err != nil {
		return "", err.Error()
	}
	name, err := tr.FileName()
	if err != nil {
		return "", err.Error()
	}
	path = filepath.Join(dir, name)
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Sprintf("%s; the counterexample was not saved (see the test's log)", v.Reason)
	}
	return path, ""
}

// replayed grades the properties of a scenario whose search did not run: either a saved
// counterexample still fails — the properties of those that do failed, the others were not
// checked — or the suite was asked to replay one counterexample.
func (o *options) replayed(sys *model.System, sc Scenario, dir string, props []string) []PropertyResult {
	why := "the search did not run (a saved counterexample still fails, or see the test's log)"
	var traces []*counterexamples.Trace
	var paths []string
	if file := replayFile(); file != "" {
		why = "only " + file + " was replayed"
		if tr, err := counterexamples.Load(file); err == nil {
			traces, paths = append(traces, tr), append(paths, file)
		}
	} else if trs, ps, err := counterexamples.LoadDir(dir); err == nil {
		traces, paths = trs, ps
	}
	failed := map[string]string{}
	for i, tr := range traces {
		if _, done := failed[tr.Property]; done {
			continue
		}
		if r, err := counterexamples.Replay(sys, tr); err == nil && r.Reproduced {
			failed[tr.Property] = paths[i]
		}
	}
	var out []PropertyResult
	for _, p := range props {
		pr := PropertyResult{Property: p, Status: StatusNotChecked, Result: Result{Scenario: sc.Name, Detail: why}}
		if path, ok := failed[p]; ok {
			pr.Status, pr.Result = StatusFailed, Result{Scenario: sc.Name, Counterexample: path}
		}
		out = append(out, pr)
	}
	return out
}

package swarm

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// Finding is a counterexample one shard found.
type Finding struct {
	// Property is the violated property.
	Property string `json:"property"`
	// Fingerprint identifies the counterexample (of its minimized trace), so that shards that
	// found the same one are merged.
	Fingerprint string `json:"fingerprint"`
	// Strategy, Seed and Walk are the search strategy, seed and walk index that found it:
	// rerunning that walk finds it again.
	Strategy string `json:"strategy"`
	Seed     uint64 `json:"seed"`
	Walk     int64  `json:"walk"`
	// Steps is the length of its trace, and Trace the trace file, relative to the directory.
	Steps int    `json:"steps"`
	Trace string `json:"trace"`
}

// Result is what a shard writes when it completes.
type Result struct {
	// Index is the shard's index, 0 ≤ Index < the number of shards.
	Index int `json:"index"`
	// Strategy and Seed are the shard's (Plan.Shard).
	Strategy string `json:"strategy,omitempty"`
	Seed     uint64 `json:"seed"`
	// Walks is the number of walks the shard ran.
	Walks int64 `json:"walks"`
	// Stopped says why its search ended (explore.StopReason): "complete", or a budget such
	// as "time" that cut it short.
	Stopped string `json:"stopped,omitempty"`
	// Unreached are the Sometimes properties that none of its walks reached.
	Unreached []string `json:"unreached,omitempty"`
	// Seconds is its search's wall-clock time.
	Seconds float64 `json:"seconds"`
	// States sketches the fingerprints of the states it reached.
	States *Sketch `json:"states"`
	// Findings are its counterexamples.
	Findings []Finding `json:"findings"`
}

// resultFile is the name of shard i's result in the shared directory.
func resultFile(i int) string { return fmt.Sprintf("shard-%05d.json", i) }

// ResultPath returns the path of shard i's result in dir.
func ResultPath(dir string, i int) string { return filepath.Join(dir, resultFile(i)) }

// Done reports whether shard i's result is in dir.
func Done(dir string, i int) bool {
	_, err := os.Stat(ResultPath(dir, i))
	return err == nil
}

// Write saves r into dir, atomically: a shard killed while writing leaves no result, so the
// merge reports it missing. It never replaces a result: if shard r.Index has one already (a
// rerun raced with the first run), it fails with an error wrapping fs.ErrExist.
func Write(dir string, r Result) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("swarm: shard %d: %w", r.Index, err)
	}
	return writeNew(ResultPath(dir, r.Index), append(data, '\n'))
}

// Merged is the merge of a swarm's shard results.
type Merged struct {
	// Shards is the number of shards, Done those whose result is there, and Missing the
	// indexes of the others.
	Shards, Done int
	Missing      []int
	// Walks totals the walks of the shards done.
	Walks int64
	// Cut lists the shards done whose search a budget cut short (Result.Stopped).
	Cut []int
	// Unreached are the Sometimes properties that no shard done reached.
	Unreached []string
	// States estimates the distinct states they reached together.
	States float64
	// Findings are the distinct counterexamples, in order of property and length; each keeps
	// the shortest trace found, and Found lists every (seed, walk) that found it.
	Findings []Merged1
}

// Merged1 is one distinct counterexample of a swarm.
type Merged1 struct {
	Finding
	Found []SeedWalk
}

// SeedWalk is a walk that found a counterexample.
type SeedWalk struct {
	Strategy string `json:"strategy"`
	Seed     uint64 `json:"seed"`
	Walk     int64  `json:"walk"`
}

// Merge reads the results of shards 0…shards-1 from dir.
func Merge(dir string, shards int) (*Merged, error) {
	if shards < 1 {
		return nil, fmt.Errorf("swarm: %d shards, want at least 1", shards)
	}
	m := &Merged{Shards: shards}
	states := NewSketch()
	byFP := map[string]int{}
	unreached := map[string]int{} // property → shards that did not reach it
	for i := range shards {
		path := filepath.Join(dir, resultFile(i))
		data, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			m.Missing = append(m.Missing, i)
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("swarm: %w", err)
		}
		var r Result
		if err := json.Unmarshal(data, &r); err != nil {
			return nil, fmt.Errorf("swarm: %s: %w", path, err)
		}
		if r.Index != i || r.States == nil {
			return nil, fmt.Errorf("swarm: %s: index %d and a states sketch expected", path, i)
		}
		if err := states.Merge(r.States); err != nil {
			return nil, fmt.Errorf("swarm: %s: %w", path, err)
		}
		m.Done++
		m.Walks += r.Walks
		if r.Stopped != "" && r.Stopped != "complete" && r.Stopped != "violation" {
			m.Cut = append(m.Cut, i)
		}
		for _, p := range r.Unreached {
			unreached[p]++
		}
		for _, f := range r.Findings {
			sw := SeedWalk{f.Strategy, f.Seed, f.Walk}
			k, ok := byFP[f.Fingerprint]
			if !ok {
				byFP[f.Fingerprint] = len(m.Findings)
				m.Findings = append(m.Findings, Merged1{Finding: f, Found: []SeedWalk{sw}})
				continue
			}
			g := &m.Findings[k]
			g.Found = append(g.Found, sw)
			if f.Steps < g.Steps {
				g.Finding = f
			}
		}
	}
	m.States = states.Estimate()
	for p, n := range unreached {
		if n == m.Done {
			m.Unreached = append(m.Unreached, p)
		}
	}
	slices.Sort(m.Unreached)
	slices.SortStableFunc(m.Findings, func(a, b Merged1) int {
		if a.Property != b.Property {
			if a.Property < b.Property {
				return -1
			}
			return 1
		}
		return a.Steps - b.Steps
	})
	return m, nil
}

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

// PlanFile is the name of a swarm's plan in its directory.
const PlanFile = "plan.json"

// Plan is what every shard of a swarm runs: the same protocol and check flags, and a walk
// budget each, shard i under strategy Strategies[i mod len(Strategies)] and seed
// Seed + i div len(Strategies), so that the shards together cover a grid of seed ranges ×
// configurations and no two run the same walks.
type Plan struct {
	// Protocol is the built-in protocol's name, and Args the check flags every shard runs
	// with (its parameters, bug, faults, depth...), as given on the command line.
	Protocol string   `json:"protocol"`
	Args     []string `json:"args"`
	// Shards is the number of shards.
	Shards int `json:"shards"`
	// Strategies are the sampled strategies the shards take in turn.
	Strategies []string `json:"strategies"`
	// Seed is the first shard's seed, and Walks the walks of each shard.
	Seed  uint64 `json:"seed"`
	Walks int64  `json:"walks"`
}

// Shard returns the strategy and seed of shard i.
func (p Plan) Shard(i int) (strategy string, seed uint64) {
	c := len(p.Strategies)
	return p.Strategies[i%c], p.Seed + uint64(i/c)
}

// Validate reports a plan that cannot run, naming the field.
func (p Plan) Validate() error {
	switch {
	case p.Protocol == "":
		return errors.New("swarm: plan has no protocol")
	case p.Shards < 1:
		return fmt.Errorf("swarm: plan has %d shards, want at least 1", p.Shards)
	case len(p.Strategies) == 0:
		return errors.New("swarm: plan has no strategies")
	case p.Walks < 1:
		return fmt.Errorf("swarm: plan has %d walks per shard, want at least 1", p.Walks)
	}
	return nil
}

// SavePlan writes p as dir's plan, creating dir if need be. If dir has a plan already it must
// be p: the shards of one swarm all save it, and a plan is never overwritten (a directory
// holds one swarm).
func SavePlan(dir string, p Plan) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("swarm: %w", err)
	}
	data, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return fmt.Errorf("swarm: plan: %w", err)
	}
	path := filepath.Join(dir, PlanFile)
	err = writeNew(path, append(data, '\n'))
	if !errors.Is(err, fs.ErrExist) {
		return err
	}
	old, err := LoadPlan(dir)
	if err != nil {
		return err
	}
	if !old.equal(p) {
		return fmt.Errorf("swarm: %s is the plan of another swarm (%s %v, %d shards); give this one a directory of its own", path, old.Protocol, old.Args, old.Shards)
	}
	return nil
}

func (p Plan) equal(o Plan) bool {
	return p.Protocol == o.Protocol && slices.Equal(p.Args, o.Args) && p.Shards == o.Shards &&
		slices.Equal(p.Strategies, o.Strategies) && p.Seed == o.Seed && p.Walks == o.Walks
}

// LoadPlan reads dir's plan.
func LoadPlan(dir string) (Plan, error) {
	path := filepath.Join(dir, PlanFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Plan{}, fmt.Errorf("swarm: %s: no such file: %s is not a swarm's directory (its shards write their plan there)", path, dir)
	}
	if err != nil {
		return Plan{}, fmt.Errorf("swarm: %w", err)
	}
	var p Plan
	if err := json.Unmarshal(data, &p); err != nil {
		return Plan{}, fmt.Errorf("swarm: %s: %w", path, err)
	}
	if err := p.Validate(); err != nil {
		return Plan{}, fmt.Errorf("%w (in %s)", err, path)
	}
	return p, nil
}

// writeNew writes data to path through a temporary file that it links there, so that readers
// never see a partial file, and fails with an error wrapping fs.ErrExist if path exists: of
// two writers, the first wins and nothing is overwritten.
func writeNew(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("swarm: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("swarm: writing %s: %w", tmp.Name(), err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("swarm: writing %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("swarm: %w", err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("swarm: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("swarm: %s exists already: %w", path, fs.ErrExist)
		}
		return fmt.Errorf("swarm: %w", err)
	}
	return nil
}

package protocols_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/anishathalye/porcupine"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/checks"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/abd"
	"github.com/distcheck/distcheck/protocols/causalmem"
	"github.com/distcheck/distcheck/protocols/crdt"
	"github.com/distcheck/distcheck/protocols/linreg"
	"github.com/distcheck/distcheck/protocols/primarybackup"
	"github.com/stretchr/testify/require"
)

// updateTable rewrites README.md's table of consistency models instead of comparing it.
var updateTable = flag.Bool("update", false, "rewrite README.md's table of consistency models")

// storage is a row of the table: a storage protocol of the registry in one configuration.
type storage struct {
	name, config string
	m            porcupine.Model
	build        func() (*actor.System, error)
}

// storageProtocols are the registry's storage protocols, correct and buggy, each in a
// configuration small enough to search exhaustively in a second or so. abd's no-write-back
// needs 3 servers and 3 clients (2,944,662 states, two minutes): it is left out.
func storageProtocols() []storage {
	reg, kv := checks.RegisterModel(), checks.KVModel()
	return []storage{
		{"linreg", "2 clients, 2 ops", reg, func() (*actor.System, error) { return linreg.New(linreg.Config{Clients: 2, Ops: 2}) }},
		{"linreg --bug two-copies", "2 clients, 2 ops", reg, func() (*actor.System, error) {
			return linreg.New(linreg.Config{Clients: 2, Ops: 2, Bug: linreg.BugTwoCopies})
		}},
		{"abd", "2 servers, 2 clients, 1 writer", reg, func() (*actor.System, error) {
			return abd.New(abd.Config{Servers: 2, Clients: 2, Writers: 1})
		}},
		{"primarybackup", "2 clients, 2 ops", kv, func() (*actor.System, error) {
			return primarybackup.New(primarybackup.Config{Clients: 2, Ops: 2})
		}},
		{"lww", "2 replicas, 2 clients, 2 ops", reg, func() (*actor.System, error) {
			return crdt.New(crdt.Config{Replicas: 2, Clients: 2, Ops: 2})
		}},
		{"causal-memory", "1 writer, 1 reader", kv, func() (*actor.System, error) {
			return causalmem.New(causalmem.Config{Writers: 1, Readers: 1})
		}},
		{"causal-memory --writers 2", "2 writers, 1 reader", kv, func() (*actor.System, error) {
			return causalmem.New(causalmem.Config{Writers: 2, Readers: 1})
		}},
		{"causal-memory --bug no-causal-delivery", "1 writer, 1 reader", kv, func() (*actor.System, error) {
			return causalmem.New(causalmem.Config{Writers: 1, Readers: 1, Bug: causalmem.BugNoCausalDelivery})
		}},
	}
}

// consistencyRow explores s exhaustively once per history check, judged by that check alone
// (a search does not go on past a violating state, so one check's violation must not hide
// another's), and returns its row of the table.
func consistencyRow(t *testing.T, s storage) string {
	judges := []model.Property[*actor.State]{
		checks.Linearizable("Linearizable", s.m),
		checks.SequentiallyConsistent("SequentiallyConsistent", s.m),
		checks.CausallyConvergent("CausallyConvergent"),
		checks.CausallyConsistent("CausallyConsistent"),
	}
	row := fmt.Sprintf("| `%s` | %s |", s.name, s.config)
	var states int64
	for _, p := range judges {
		sys, err := s.build()
		require.NoError(t, err)
		sys.Props = []model.Property[*actor.State]{p}
		res, err := explore.Run(context.Background(), sys, explore.Options{Workers: 2})
		require.NoError(t, err)
		mark := "yes"
		if len(res.Violations) > 0 {
			mark = "**no**"
		} else {
			require.True(t, res.Exhaustive, "%s: the search must cover every state", s.name)
			states = res.Distinct
		}
		row += " " + mark + " |"
	}
	if states == 0 {
		return row + " — |"
	}
	return row + fmt.Sprintf(" %d |", states)
}

// The README's table of which consistency check each storage protocol passes — the hierarchy,
// observed — is computed here by exhaustive search: run
//
//	go test ./protocols -run TestConsistencyTable -update
//
// after changing a storage protocol or a check. The hierarchy must show: a protocol that
// passes a check passes every weaker one.
func TestConsistencyTable(t *testing.T) {
	if testing.Short() {
		t.Skip("explores every storage protocol exhaustively; runs without -short")
	}
	lines := []string{
		"| protocol | configuration | linearizable | sequentially consistent | causally convergent (CCv) | causally consistent (CC) | states (of a search that passes) |",
		"|---|---|---|---|---|---|---|",
	}
	for _, s := range storageProtocols() {
		row := consistencyRow(t, s)
		cells := strings.Split(row, "|")
		for i := 3; i < 6; i++ {
			require.False(t, strings.TrimSpace(cells[i]) == "yes" && strings.TrimSpace(cells[i+1]) != "yes",
				"%s passes a check and fails a weaker one: %s", s.name, row)
		}
		lines = append(lines, row)
	}
	table := strings.Join(lines, "\n") + "\n"
	const path = "../README.md"
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	readme := string(data)
	begin := "<!-- generated: consistency models (go test ./protocols -run TestConsistencyTable -update) -->\n"
	end := "<!-- end of generated consistency models -->"
	i := strings.Index(readme, begin)
	require.GreaterOrEqual(t, i, 0, "README.md has no line %q", strings.TrimSpace(begin))
	j := strings.Index(readme[i:], end)
	require.GreaterOrEqual(t, j, 0, "README.md's consistency table has no end marker")
	j += i
	if *updateTable {
		require.NoError(t, os.WriteFile(path, []byte(readme[:i+len(begin)]+table+readme[j:]), 0o644))
		return
	}
	require.Equal(t, table, readme[i+len(begin):j], "README.md's consistency table is stale: run go test ./protocols -run TestConsistencyTable -update")
}

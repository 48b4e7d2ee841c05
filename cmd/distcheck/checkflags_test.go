package main

import (
	"strings"
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each flag is declared once, in checkFlagTable: the fault budgets that traces record
// (actor.FaultParamNames) and the adversary's trace parameters (actor.TraceParams) are flags
// of the same names, and the usage lists every flag of the table with its help.
func TestCheckFlagsAreDeclaredOnceAndMatchTraceParameters(t *testing.T) {
	table := map[string]checkFlag{}
	for _, fl := range checkFlagTable {
		_, dup := table[fl.name]
		require.False(t, dup, "--%s is declared twice", fl.name)
		require.NotEmpty(t, fl.help, "--%s has no help", fl.name)
		table[fl.name] = fl
		assert.Contains(t, checkUsage, "--"+fl.name, "usage lists --%s", fl.name)
	}
	for _, name := range actor.FaultParamNames() {
		fl, ok := table[name]
		if assert.True(t, ok, "fault parameter %q is a flag", name) {
			assert.Equal(t, groupFaults, fl.group, "--%s", name)
		}
	}
	params := actor.TraceParams(nil, "b", actor.Faults{}, actor.Byzantine{Nodes: []model.NodeID{0}, Sybils: 1, Sends: 1})
	for name := range params {
		_, ok := table[name]
		assert.True(t, ok, "trace parameter %q is a flag of check", name)
	}
	for _, line := range strings.Split(checkUsage, "\n") {
		assert.LessOrEqual(t, len([]rune(line)), 100, "usage line too long: %q", line)
	}
}

// explore takes the flags that configure the protocol and refuses, by name, those of the
// search and its output.
func TestExploreRefusesSearchFlagsByName(t *testing.T) {
	for _, fl := range checkFlagTable {
		if fl.explore {
			continue
		}
		arg := []string{"--" + fl.name}
		if fl.arg != "" {
			arg = append(arg, map[string]string{"strategy": "dfs", "time": "1s", "max-memory": "1GB", "fairness": "none"}[fl.name])
			if arg[1] == "" {
				arg[1] = "2"
			}
		}
		code, _, errOut := cli(t, append([]string{"explore", "twophase"}, arg...)...)
		assert.Equal(t, exitUsage, code, "%v", arg)
		assert.Equal(t, "distcheck: explore: --"+fl.name+" does not apply: the page's search is a BFS from the current state with a state budget (--max-states)\n", errOut, "%v", arg)
	}
}

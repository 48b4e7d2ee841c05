package multicast_test

import (
	"testing"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/multicast"
	"github.com/stretchr/testify/assert"
)

// member is a process that only has a record.
type member struct{ multicast.Record }

func (*member) Init(actor.Context)                                {}
func (*member) Handle(actor.Context, model.NodeID, actor.Message) {}
func (*member) Timeout(actor.Context, actor.Timer)                {}

func id(sender, seq int) multicast.ID { return multicast.ID{Sender: model.NodeID(sender), Seq: seq} }

// verdicts judges the safety properties on the given records, by name.
func verdicts(recs ...multicast.Record) map[string]bool {
	nodes := make([]actor.Node, len(recs))
	for i := range recs {
		nodes[i] = &member{Record: recs[i]}
	}
	s := actor.Snapshot(nodes, nil)
	out := map[string]bool{}
	for _, p := range multicast.Properties(len(recs), 2, multicast.FIFO|multicast.Causal|multicast.Total) {
		if p.Kind == model.KindAlways {
			out[p.Name] = p.Holds(s)
		}
	}
	return out
}

func TestPropertiesJudgeHandWrittenLogs(t *testing.T) {
	ok := map[string]bool{"NoDuplication": true, "NoCreation": true, "FIFOOrder": true, "CausalOrder": true, "TotalOrder": true}
	with := func(bad ...string) map[string]bool {
		out := map[string]bool{}
		for k, v := range ok {
			out[k] = v
		}
		for _, b := range bad {
			out[b] = false
		}
		return out
	}
	// n0 broadcasts m0:0 then, having delivered n1:0, m0:1; n1 broadcasts n1:0 first.
	n0 := multicast.Record{Log: []multicast.ID{id(0, 0), id(1, 0), id(0, 1)}, Past: []int{0, 2}}
	n1 := multicast.Record{Log: []multicast.ID{id(1, 0), id(0, 0), id(0, 1)}, Past: []int{0}}
	assert.Equal(t, with("TotalOrder"), verdicts(n0, n1), "n0 and n1 order n0:0 and n1:0 differently")

	n1.Log = []multicast.ID{id(0, 0), id(1, 0), id(0, 1)}
	n1.Past = []int{1}
	assert.Equal(t, ok, verdicts(n0, n1))

	n1.Log = []multicast.ID{id(0, 0), id(1, 0), id(1, 0)}
	assert.Equal(t, with("NoDuplication", "TotalOrder"), verdicts(n0, n1), "a duplicate has no place in an order")

	n1.Log = []multicast.ID{id(0, 0), id(1, 0), id(0, 1), id(0, 2), id(7, 0)}
	assert.Equal(t, with("NoCreation"), verdicts(n0, n1), "n0 broadcast two messages, not three, and there is no n7")

	n1.Log = []multicast.ID{id(1, 0), id(0, 1)}
	n1.Past = []int{0}
	assert.Equal(t, with("FIFOOrder", "CausalOrder"), verdicts(n0, n1), "n0:1 without n0:0")

	// n2 delivers n0:1 — which n0 broadcast after delivering n1:0 — before n1:0: causal, not FIFO.
	n1 = multicast.Record{Log: []multicast.ID{id(1, 0)}, Past: []int{0}}
	n2 := multicast.Record{Log: []multicast.ID{id(0, 0), id(0, 1), id(1, 0)}}
	assert.Equal(t, with("CausalOrder", "TotalOrder"), verdicts(n0, n1, n2))
}

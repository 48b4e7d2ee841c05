package value

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

type describeRole int

func (r describeRole) String() string { return [...]string{"follower", "candidate", "leader"}[r] }

type describeEntry struct {
	Term int
	Cmd  string
}

type describeNode struct {
	term    int
	role    describeRole
	log     []describeEntry
	peers   map[int]bool
	next    *describeNode
	scratch int `distcheck:"-"`
}

type describePtrStringer struct{ n int }

func (p *describePtrStringer) String() string { return fmt.Sprintf("#%d", p.n) }

type describePanics struct{ N int }

func (describePanics) String() string { panic("boom") }

func TestDescribeUsesStringMethodsAndListsFields(t *testing.T) {
	n := describeNode{term: 2, role: 2, log: []describeEntry{{1, "x"}}, peers: map[int]bool{2: true, 1: false}, scratch: 9}
	assert.Equal(t, `value.describeNode{term:2, role:leader, log:[{Term:1, Cmd:"x"}], peers:{1:false, 2:true}, next:nil}`, Describe(n))
	assert.Equal(t, `{term:2, role:leader, log:[{Term:1, Cmd:"x"}], peers:{1:false, 2:true}, next:nil}`, DescribeFields(&n))
	assert.Equal(t, "leader", Describe(describeRole(2)), "a String method is used at the top")
	assert.Equal(t, "{A:#3}", DescribeFields(struct{ A describePtrStringer }{describePtrStringer{3}}), "and on a pointer to a field")
	assert.Equal(t, "value.describePanics{N:1}", Describe(describePanics{1}), "a String that panics gives way to the content")
	assert.Equal(t, `[1 "a" nil]`, Describe([]any{1, "a", nil}))
	cyc := &describeNode{}
	cyc.next = cyc
	assert.Contains(t, Describe(cyc), "next:<cycle>")
	assert.Equal(t, "nil", Describe(nil))
}

package sim

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/distcheck/distcheck/model"
)

// LinkFailure cuts the link between peers A and B (both ways) from Start to End: a message
// between them that arrives in that time is lost. End 0 means to the end of the run. The
// peers are not told; protocols notice by what stops arriving (a routing protocol's hellos).
type LinkFailure struct {
	A, B       model.NodeID
	Start, End time.Duration
}

// String returns the failure as ParseLinkFailure reads it: n1-n2@10s or n1-n2@10s-20s.
func (l LinkFailure) String() string {
	if l.End == 0 {
		return fmt.Sprintf("n%d-n%d@%v", l.A, l.B, l.Start)
	}
	return fmt.Sprintf("n%d-n%d@%v-%v", l.A, l.B, l.Start, l.End)
}

// Down reports whether the link between a and b is cut at time t.
func (l LinkFailure) Down(a, b model.NodeID, t time.Duration) bool {
	if !(a == l.A && b == l.B || a == l.B && b == l.A) {
		return false
	}
	return t >= l.Start && (l.End == 0 || t < l.End)
}

// ParseLinkFailure reads A-B@START or A-B@START-END, e.g. n1-n2@10s or 1-2@10s-25s.
func ParseLinkFailure(s string) (LinkFailure, error) {
	pair, span, ok := strings.Cut(s, "@")
	a, b, ok2 := strings.Cut(pair, "-")
	if !ok || !ok2 {
		return LinkFailure{}, fmt.Errorf("%q: want A-B@START or A-B@START-END, e.g. n1-n2@10s", s)
	}
	var l LinkFailure
	var err error
	if l.A, err = ParseNode(a); err != nil {
		return l, fmt.Errorf("%q: %w", s, err)
	}
	if l.B, err = ParseNode(b); err != nil {
		return l, fmt.Errorf("%q: %w", s, err)
	}
	from, to, hasEnd := strings.Cut(span, "-")
	l.Start, l.End, err = parseSpan(s, from, to, hasEnd)
	return l, err
}

// parseSpan reads the times from and, if hasEnd, to of spec (which the errors quote): a
// start, and an end after it.
func parseSpan(spec, from, to string, hasEnd bool) (start, end time.Duration, err error) {
	if start, err = time.ParseDuration(strings.TrimSpace(from)); err != nil || start < 0 {
		return 0, 0, fmt.Errorf("%q: %q is not a time (use e.g. 10s)", spec, from)
	}
	if !hasEnd {
		return start, 0, nil
	}
	if end, err = time.ParseDuration(strings.TrimSpace(to)); err != nil {
		return 0, 0, fmt.Errorf("%q: %q is not a time (use e.g. 20s)", spec, to)
	}
	if end <= start {
		return 0, 0, fmt.Errorf("%q: the end %v is not after the start %v", spec, end, start)
	}
	return start, end, nil
}

func (l *LinkFailure) validate(n int) error {
	for _, p := range []model.NodeID{l.A, l.B} {
		if p < 0 || int(p) >= n {
			return fmt.Errorf("link failure %v: no node n%d (nodes are n0 to n%d)", l, p, n-1)
		}
	}
	switch {
	case l.A == l.B:
		return fmt.Errorf("link failure %v: a link joins two different nodes", l)
	case l.Start < 0 || l.End != 0 && l.End <= l.Start:
		return fmt.Errorf("link failure %v: want 0 ≤ start < end", l)
	}
	return nil
}

// linkDown reports whether a link failure cuts peers a and b at time now.
func (s *Sim) linkDown(a, b int32, now int64) bool {
	for i := range s.cfg.LinkFailures {
		if s.cfg.LinkFailures[i].Down(model.NodeID(a), model.NodeID(b), time.Duration(now)) {
			return true
		}
	}
	return false
}

// checkLinks checks that every failed link is a link of the overlay.
func (s *Sim) checkLinks() error {
	for _, l := range s.cfg.LinkFailures {
		if !slices.Contains(s.peers[l.A], l.B) {
			return fmt.Errorf("link failure %v: n%d and n%d are not neighbours (n%d's are %v)", l, l.A, l.B, l.A, s.peers[l.A])
		}
	}
	return nil
}

// Package bugs names the buggy variants of the built-in protocols. Every protocol package
// declares its variants as constants of type Bug and lists them, each with a one-line summary,
// in a Catalog; the catalog checks a configuration's bug, and the protocol registry (and so
// `distcheck list`) shows it.
//
// # Bug hooks
//
// A variant is the reference code with a branch where the rule it breaks is implemented, so
// that the correct line and its wrong twin are read side by side. The node keeps its bug in a
// field tagged `distcheck:"-"` (configuration, not state), set by its constructor, and each
// deviation is one condition on it at that line:
//
//	if s.termAt(n) != s.CurrentTerm && s.bug != BugCommitOldTerm {
//
// A bug that changes what survives a crash — the tags are the struct's, not a value's — keeps
// the value in a second, untagged field beside the durable one, and the node reaches the value
// through a method that picks the field (raft's forgotVote, paxos's forgotPromise, election's
// forgotVote): the rest of the code does not know which it has. No variant is a copy of the
// node's type. A variant that is a different algorithm altogether — not a rule broken but
// another protocol, such as election's Naive, which elects without votes — is its own type.
package bugs

import (
	"fmt"
	"strings"
)

// Bug names a buggy variant of a protocol: a mistake students really make. The empty name,
// None, is the correct protocol.
type Bug string

// None is the correct protocol.
const None Bug = ""

// Variant is a named buggy variant and its summary: in a line, what it gets wrong, which
// flags of `distcheck check` show it, and which property breaks.
type Variant struct {
	Bug     Bug
	Summary string
}

// Catalog lists the named buggy variants of one protocol.
type Catalog struct {
	// Protocol names the protocol in errors.
	Protocol string
	Variants []Variant
}

// Names returns the variants' names, in the catalog's order.
func (c Catalog) Names() []string {
	names := make([]string, len(c.Variants))
	for i, v := range c.Variants {
		names[i] = string(v.Bug)
	}
	return names
}

// Bugs returns the variants, in the catalog's order.
func (c Catalog) Bugs() []Bug {
	out := make([]Bug, len(c.Variants))
	for i, v := range c.Variants {
		out[i] = v.Bug
	}
	return out
}

// Has reports whether b is None or one of the catalog's variants.
func (c Catalog) Has(b Bug) bool {
	if b == None {
		return true
	}
	for _, v := range c.Variants {
		if v.Bug == b {
			return true
		}
	}
	return false
}

// Check returns an error naming the known variants unless b is None or one of them.
func (c Catalog) Check(b Bug) error {
	if c.Has(b) {
		return nil
	}
	known := "it has none"
	if len(c.Variants) > 0 {
		known = "known: " + strings.Join(c.Names(), ", ")
	}
	return fmt.Errorf("%s: unknown bug %q (%s)", c.Protocol, string(b), known)
}

// Summary returns the summary of variant b, or "" if the catalog does not list it.
func (c Catalog) Summary(b Bug) string {
	for _, v := range c.Variants {
		if v.Bug == b {
			return v.Summary
		}
	}
	return ""
}

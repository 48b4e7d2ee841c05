package main

import (
	"os"
	"path/filepath"
	"strings"
)

// actorIntro opens the actor package's documentation; the sections of model's documentation
// about the actor layer follow it.
const actorIntro = `// Package actor is distcheck's actor layer: a protocol as a set of Nodes — deterministic state
// machines that handle a start, messages and timers, and act only through their Context — and
// a System that turns them, a network and fault budgets into a model.Model that every explorer
// can search.
//
// A protocol author implements Node (Init, Handle, Timeout) and builds a System. Everything
// else here is optional: Faults for crashes, loss, duplication and partitions; Byzantine and
// Adversary for a Byzantine adversary; Context.Sign and Verify for signatures;
// Context.Invoke and Return for client histories; TraceParams for the parameters a trace
// records. Retransmission over fair-loss links is in package actor/retransmit, and the spec
// layer (Model, Action, Property, Fairness, Symmetric) is in package model.
//
`

// modelActorNote replaces, in model's documentation, the sections that moved to actor.
const modelActorNote = `// The actor layer — Nodes, the System, networks, faults and the Byzantine adversary — is
// package actor, which builds a Model from them; package actor/retransmit makes fair-loss links
// reliable on top of it.
`

// splitDoc moves the actor sections of model/doc.go (from "# The actor layer" on) into
// actor/doc.go, unless actor already has its documentation.
func (s *splitter) splitDoc() {
	actorDoc := filepath.Join(packages["actor"].dir, "doc.go")
	if _, err := os.Stat(filepath.Join(s.root, actorDoc)); err == nil {
		return
	}
	rel := filepath.Join("model", "doc.go")
	src, ok := s.out[rel]
	if !ok {
		b, err := os.ReadFile(filepath.Join(s.root, rel))
		if err != nil {
			return
		}
		src = b
	}
	text := string(src)
	const heading = "// # The actor layer\n//\n"
	i := strings.Index(text, heading)
	j := strings.Index(text, "\npackage model")
	if i < 0 || j < i {
		s.out[actorDoc] = []byte(strings.TrimSuffix(actorIntro, "//\n") + "package actor\n")
		s.note("model/doc.go has no \"# The actor layer\" section: wrote a short actor/doc.go")
		return
	}
	body := text[i+len(heading) : j+1]
	body = strings.ReplaceAll(body, "Retransmitter makes fair-loss links reliable.", "retransmit.Retransmitter makes fair-loss links reliable.")
	s.out[actorDoc] = []byte(actorIntro + body + "package actor\n")
	s.out[rel] = []byte(text[:i] + modelActorNote + text[j+1:])
}

// retransmitDoc documents package actor/retransmit.
const retransmitDoc = `// Package retransmit makes fair-loss links reliable on top of the actor layer, as in the
// textbook layering of stubborn and perfect links: a Retransmitter numbers what a node sends,
// keeps resending it on a RetransmitTimer until a StubbornAck arrives, and hands each Stubborn
// message to the node once.
package retransmit
`

// readmeMap is the package map of the README's "What exists today" section that replaces the
// old model/ entries.
const readmeMap = "- `model/`: the spec layer — `Model` (initial states, successors labelled with an `Action`,\n" +
	"  fingerprints), `Property` kinds, `Fairness`, `Symmetric`, `NodeID`.\n" +
	"- `actor/`: the actor layer — `Node`, `Context`, `System`, `State` — with unordered, duplicating\n" +
	"  and FIFO networks, timers and nondeterministic choices; fault budgets for lost and duplicated\n" +
	"  messages, crashes, recoveries and partitions (`Faults`); a Byzantine adversary (silent,\n" +
	"  equivocating, corrupting, forging, replaying, Sybil identities) with signatures; client\n" +
	"  histories (`Op`); trace parameters. Node panics and nondeterminism become counterexamples.\n" +
	"- `actor/retransmit/`: reliable links over fair-loss ones (`Retransmitter`).\n" +
	"- `actor/actortest/`: a recording `Context` for unit tests of one node's handlers.\n" +
	"- `model/value/`: deep clone, fingerprint and canonical text of plain Go values.\n"

// newDocs writes the documentation of the new packages and the README's package map.
func (s *splitter) newDocs() {
	rel := filepath.Join(packages["retransmit"].dir, "doc.go")
	if _, err := os.Stat(filepath.Join(s.root, rel)); err != nil {
		s.out[rel] = []byte(retransmitDoc)
	}
	b, err := os.ReadFile(filepath.Join(s.root, "README.md"))
	if err != nil {
		return
	}
	text := string(b)
	if o, ok := s.out["README.md"]; ok {
		text = string(o)
	}
	// KeepIgnored is documented with the System.
	if t := strings.Replace(text, "The `model` package documentation says exactly", "The `actor` package documentation says exactly", 1); t != text {
		text = t
		s.out["README.md"] = []byte(text)
	}
	start := strings.Index(text, "\n- `model/`: the spec layer (`Model`), the actor layer")
	end := strings.Index(text, "\n- `model/value/`:")
	if start < 0 || end < start {
		if !strings.Contains(text, "- `actor/`:") {
			s.note("README.md: the old model/ entry of \"What exists today\" was not found: add actor/, actor/retransmit/ and actor/actortest/ by hand")
		}
		return
	}
	rest := text[end+1:]
	rest = rest[strings.Index(rest, "\n")+1:]
	s.out["README.md"] = []byte(text[:start+1] + readmeMap + rest)
}

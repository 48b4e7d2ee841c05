// Package counterexamples saves, loads, replays and renders the counterexamples that distcheck's
// explorers find.
//
// A counterexample is a Trace: one JSON file with a format name and version, the protocol and
// its configuration (see Identity), the violated property, the strategy (and seed) that found
// it, the index of the initial state, and the actions in order. Actions are stored by content
// (ActionRecord: kind, name, node and sender names, argument, the message's type and canonical
// text, the node's nondeterministic choices), never by their position among a state's
// successors, so a trace stays readable in a code review and replayable when unrelated code
// changes.
//
//   - New builds the trace of an explore.Violation; Marshal encodes it canonically (the same
//     trace gives the same bytes), and Save writes it under the first 16 hex digits of the
//     SHA-256 of those bytes, the way Go's fuzzing names its corpus files.
//   - Load, Parse and LoadDir read traces back and validate them; every problem with a file is
//     a one-line error that names the file and says what is wrong.
//   - Replay re-executes a trace on a model and confirms that the same property still fails;
//     a trace of another protocol, configuration or property is refused with a
//     *MismatchError, and a step the model no longer allows stops it with a *DivergedError
//     that lists what the model allows instead.
//   - Render draws a replayed trace as a plain-text sequence diagram: a lifeline per actor,
//     a row per step, messages as arrows between lifelines, payloads summarised (by their
//     String method when they have one).
//   - NewTimeline describes a replayed trace step by step with no reference to the model's
//     state type: every actor's state after each step, the messages in flight, which step
//     sent each message delivered. A Timeline renders as text (WriteText; WriteTextAt shows
//     every node's state at a chosen step), as one self-contained HTML page with a
//     space-time diagram in SVG and a step slider (WriteHTML), as a ShiViz log with vector
//     clocks (WriteShiViz), and as a Mermaid sequence diagram (WriteMermaid).
//   - Minimize shortens a trace so that the same property still fails: delta debugging over
//     its steps, then removal of faults and timer firings, then shortcuts found by bounded
//     breadth-first searches from the states along it; deterministic, within a time budget.
//     NewMinimized is New followed by Minimize, except for BFS's traces, shortest already.
//   - ToolsFor wraps a model so that code which does not know its state type (the command
//     line) can draw and minimize its traces.
//
// A file looks like this (a trace of protocols/twophase with a bug, shortened):
//
//	{
//	  "format": "distcheck-trace",
//	  "version": 1,
//	  "protocol": "twophase",
//	  "params": {
//	    "bug": "early-commit",
//	    "rms": "3"
//	  },
//	  "property": "TCConsistent",
//	  "kind": "always",
//	  "reason": "the invariant does not hold in the last state",
//	  "strategy": "bfs",
//	  "init": 0,
//	  "steps": [
//	    {
//	      "kind": "step",
//	      "name": "RMPrepare",
//	      "node": "rm1",
//	      "arg": 1
//	    },
//	    ...
//	  ]
//	}
package counterexamples

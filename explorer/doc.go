// Package explorer is the interactive explorer: a local web server that lets a person walk a
// model's state space by hand. Its page shows the current state (every actor's state, timers,
// messages in flight, partition, crashes and history), the actions enabled in it, the path so
// far as the space-time diagram of package counterexamples' HTML page, and each property's
// value; from there one can choose an action, go back, search from the current state (a
// breadth-first search with a state budget, its progress streamed as server-sent events), jump
// to a violation the search found, minimize the path and save it as a trace that `distcheck
// replay` and `go test` replay.
//
// It works on any model.Model — actor-layer systems and spec-layer models alike — and is
// started by `distcheck explore` and by a test run with -distcheck.explore.
//
// The server is for one person on one machine: it listens on 127.0.0.1 only, every request
// must carry the random token printed with its URL (compared in constant time), the Host
// header must name the loopback address and port it listens on (so another site cannot reach
// it through DNS rebinding), it reads and writes traces only inside its trace directory, and
// request bodies, headers and durations are bounded.
package explorer

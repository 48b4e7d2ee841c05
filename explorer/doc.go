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
//
// # The API
//
// The page is a client of a small JSON API, which a script may use too (package explorertest
// does, for tests); each request carries the token, in the X-Distcheck-Token header or the
// query's "token":
//
//	GET  /api/state                  the View: state, enabled actions, properties, path, diagram
//	POST /api/choose  {step, action} take enabled action number action in the state after step
//	POST /api/back    {step}         go back to the state after step (0: the initial state)
//	POST /api/restart {init}         start again from initial state number init
//	GET  /api/search?states=N        BFS from here, as server-sent events: progress…, done
//	POST /api/jump    {index}        go to the search's violation number index
//	POST /api/minimize               shorten the path to the violation it ends in
//	POST /api/save                   save the path as a trace in the trace directory (Saved)
//	GET  /api/trace                  the path as a trace file
//	GET  /api/traces                 the trace directory's traces
//	POST /api/open    {file}         follow one of them
//	POST /api/stop                   stop the server (Server.Wait returns)
//
// The POSTs answer with the new View, or with {"error": "..."} and a status of 400 (bad
// request), 403 (outside the trace directory), 409 (the page is out of date) or 413 (too big).
package explorer

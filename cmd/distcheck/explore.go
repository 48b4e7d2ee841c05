package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explorer"
	"github.com/distcheck/distcheck/protocols"
)

const exploreUsage = `Usage: distcheck explore <protocol> [flags]
       distcheck explore <trace.json> [--dir DIR]

Starts the interactive explorer: a web server on 127.0.0.1 whose page shows the current state
of a built-in protocol (every node's state, timers, messages in flight, partition, crashes,
history), the actions enabled in it (deliver, timeout, drop, crash, ...) to choose from, the
path so far as a space-time diagram and each property's value; it can go back, search from
the current state (breadth-first, with a state budget), jump to a violation found, minimize
the path and save it as a trace that distcheck replay and go test replay.

Given a trace, it starts at the end of the trace's path. Given a protocol, it starts at its
initial state, configured by the flags of distcheck check (--bug, the protocol's parameters,
fault budgets, the adversary; see distcheck check --help); --max-states sets the search's
default budget, and --save DIR is --dir DIR. check's other search and output flags do not
apply.

It prints the page's URL, with a random token that every request must carry, and serves until
the page's Stop button is pressed or it is interrupted (Ctrl-C).

Flags:
  --dir DIR    where traces are saved, and the only directory whose traces the page opens
               (default: the trace's directory, or the current directory for a protocol)
`

func runExplore(args []string, stdout, stderr io.Writer) (int, error) {
	if len(args) == 0 {
		return 0, usagef("explore: name a protocol or a trace: distcheck explore <protocol|trace.json> [flags] (protocols: %s)", strings.Join(protocols.NamesFor(protocols.CmdExplore), ", "))
	}
	if isHelp(args[0]) {
		fmt.Fprint(stdout, exploreUsage)
		return 0, errHelp
	}
	dir, rest, err := dirFlag(args[1:])
	if err != nil {
		return 0, err
	}
	var srv *explorer.Server
	what := args[0]
	if strings.HasSuffix(args[0], ".json") {
		srv, err = exploreTrace(args[0], rest, dir)
	} else {
		srv, what, err = exploreProtocol(args[0], rest, dir, stdout)
	}
	if err != nil {
		return 0, err
	}
	url, err := srv.Start()
	if err != nil {
		return 0, err
	}
	fmt.Fprintf(stdout, "Exploring %s\nOpen %s\nPress the page's Stop button or Ctrl-C to stop.\n", what, url)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := srv.Wait(ctx); err != nil {
		return 0, err
	}
	return exitOK, nil
}

// dirFlag takes --dir DIR (or --dir=DIR) out of args.
func dirFlag(args []string) (dir string, rest []string, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--dir" || a == "-dir":
			if i+1 == len(args) {
				return "", nil, usagef("explore: --dir needs a directory")
			}
			dir = args[i+1]
			i++
		case strings.HasPrefix(a, "--dir=") || strings.HasPrefix(a, "-dir="):
			dir = a[strings.Index(a, "=")+1:]
		default:
			rest = append(rest, a)
		}
	}
	if dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return "", nil, usagef("explore: --dir %s: not a directory", dir)
		}
	}
	return dir, rest, nil
}

// exploreTrace makes the explorer of a trace's protocol, at the end of its path.
func exploreTrace(file string, rest []string, dir string) (*explorer.Server, error) {
	if len(rest) > 0 {
		return nil, usagef("explore: unexpected argument %q after the trace (only --dir applies)", rest[0])
	}
	if t, err := counterexamples.Load(file); err == nil && strings.HasPrefix(t.Protocol, "go:") {
		return nil, usagef("explore: %s is a counterexample of a model defined in a Go test (%s): explore it with go test -run <its test> -distcheck.replay=%s -distcheck.explore -timeout 0", file, strings.TrimPrefix(t.Protocol, "go:"), file)
	}
	tr, runner, err := loadTrace("explore", file)
	if err != nil {
		return nil, err
	}
	if dir == "" {
		dir = filepath.Dir(file)
	}
	srv, err := distcheck.NewExplorer(runner, explorer.Options{TraceDir: dir})
	if err != nil {
		return nil, usagef("explore: %s: %v", file, err)
	}
	if err := srv.Open(tr); err != nil {
		return nil, usagef("explore: %s: %v", file, err)
	}
	return srv, nil
}

// exploreProtocol makes the explorer of a built-in protocol configured by check's flags.
func exploreProtocol(name string, rest []string, dir string, stdout io.Writer) (*explorer.Server, string, error) {
	if strings.HasPrefix(name, "-") {
		return nil, "", usagef("explore: name the protocol or trace before the flags: distcheck explore <protocol|trace.json> [flags]")
	}
	p, err := protocols.LookupFor(protocols.CmdExplore, name)
	if err != nil {
		return nil, "", usagef("explore: %v (or name a trace file ending in .json)", err)
	}
	f, err := parseCheckFlags(p, rest, stdout)
	if err != nil {
		return nil, "", err
	}
	if fl := exploreRefuses(f); fl != "" {
		return nil, "", usagef("explore: %s does not apply: the page's search is a BFS from the current state with a state budget (--max-states)", fl)
	}
	r, err := buildRunner(p, f)
	if err != nil {
		return nil, "", usagef("explore: %v", err)
	}
	if f.maxStates < 0 {
		return nil, "", usagef("explore: --max-states %d: want 0 (the default budget) or more", f.maxStates)
	}
	switch {
	case dir == "" && f.save != "":
		dir = f.save
	case dir == "":
		dir = "."
	}
	srv, err := distcheck.NewExplorer(r, explorer.Options{TraceDir: dir, SearchStates: f.maxStates})
	if err != nil {
		return nil, "", usagef("explore: %v", err)
	}
	id, params := r.Identity()
	return srv, describe(id, params), nil
}

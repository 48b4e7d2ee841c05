// Command distcheck model-checks the built-in distributed protocols and replays
// counterexamples.
//
//	distcheck list                      the protocols, their parameters and named bugs
//	distcheck check <protocol> [flags]  explore a protocol and check its properties
//	distcheck replay <trace.json>       replay a counterexample and draw it (text, HTML, ShiViz, Mermaid)
//	distcheck minimize <trace.json>     shorten a counterexample
//	distcheck simulate <protocol> ...   run a timed peer-to-peer simulation
//	distcheck explore <protocol|trace>  walk the state space by hand in the browser
//	distcheck swarm <protocol> ...      split random walks into shards (local, Slurm, Kubernetes)
//
// Exit status: 0 when every property holds, 1 when a violation is found or a replayed trace
// still fails, 2 on bad input or usage (or an output that cannot be written), 3 when a
// search is inconclusive: a budget or an interrupt stopped it before it could judge every
// property.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// Exit statuses.
const (
	exitOK        = 0
	exitViolation = 1
	exitUsage     = 2
)

const usage = `distcheck model-checks distributed protocols.

Usage:
  distcheck list [-v]                  list the built-in protocols, their parameters and bugs
  distcheck check <protocol> [flags]   explore a protocol and check its properties
  distcheck replay <trace.json>        replay a saved counterexample and draw it; --step N,
                                       --html F, --shiviz F, --mermaid F for other views
  distcheck minimize <trace.json>      shorten a saved counterexample (saved beside it)
  distcheck simulate <protocol> [flags] run a timed, seeded peer-to-peer simulation: delays,
                                       coverage, overhead, traffic, JSON, CSV and plots
  distcheck explore <protocol|trace.json> [flags]
                                       walk the state space by hand in the browser
  distcheck swarm <protocol> --dir DIR [flags]
                                       split random walks into shards run as local processes,
                                       Slurm array tasks or Kubernetes Indexed Jobs, and merge

Run 'distcheck <command> --help' for a command's flags.

Exit status:
  0  every property holds (simulate: the simulation ran)
  1  a violation is found, or a replayed trace still fails
  2  bad input or usage, or an output file or directory that cannot be written
  3  inconclusive: a budget (--time, --max-states, --max-memory) or an interrupt
     (Ctrl-C, SIGTERM) stopped the search before it could judge every property, or a
     Sometimes property was not reached by a search that was not exhaustive (--depth,
     random walks); simulate: interrupted, the metrics printed are partial
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// usageError is bad input: it is reported in one line and exits with status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// errHelp means help was printed; the command succeeds.
var errHelp = errors.New("help printed")

// run runs the command line args and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	var (
		code int
		err  error
	)
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	case "list":
		code, err = runList(args[1:], stdout)
	case "check":
		code, err = runCheck(args[1:], stdout, stderr)
	case "replay":
		code, err = runReplay(args[1:], stdout)
	case "minimize":
		code, err = runMinimize(args[1:], stdout, stderr)
	case "simulate":
		code, err = runSimulate(args[1:], stdout, stderr)
	case "explore":
		code, err = runExplore(args[1:], stdout, stderr)
	case "swarm":
		code, err = runSwarm(args[1:], stdout, stderr)
	default:
		err = usagef("unknown command %q (commands: list, check, replay, minimize, simulate, explore, swarm; see distcheck --help)", args[0])
	}
	switch {
	case errors.Is(err, errHelp):
		return exitOK
	case err != nil:
		fmt.Fprintf(stderr, "distcheck: %v\n", err)
		return exitUsage
	}
	return code
}

package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/distcheck/distcheck/protocols"
)

const listUsage = `Usage: distcheck list [-v]

Prints one built-in protocol per line: its name, the commands that run it (check, replay,
minimize and explore for the protocols the explorer searches; simulate for the timed
simulations), its parameters with their defaults (--name=default), then "bugs:" and the names
of its buggy variants, for --bug (for protocols the explorer searches).
With -v, each protocol's summary and each bug's description follow on indented lines.
`

func runList(args []string, stdout io.Writer) (int, error) {
	fs := flag.NewFlagSet("list", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	verbose := fs.Bool("v", false, "describe each protocol and bug")
	if err := parseFlags(fs, "list", args, listUsage, stdout); err != nil {
		return 0, err
	}
	if fs.NArg() > 0 {
		return 0, usagef("list: unexpected argument %q", fs.Arg(0))
	}
	for _, p := range protocols.All() {
		fields := []string{p.Name, strings.Join(p.Commands(), ",")}
		for _, q := range p.Params {
			fields = append(fields, fmt.Sprintf("--%s=%d", q.Name, q.Default))
		}
		if p.Supports(protocols.CmdCheck) {
			fields = append(fields, "bugs:")
			fields = append(fields, p.BugNames()...)
		}
		fmt.Fprintln(stdout, strings.Join(fields, " "))
		if *verbose {
			fmt.Fprintf(stdout, "    %s\n", p.Summary)
			for _, q := range p.Params {
				fmt.Fprintf(stdout, "    --%s: %s (%d to %d)\n", q.Name, q.Help, q.Min, q.Max)
			}
			for _, b := range p.Bugs.Variants {
				fmt.Fprintf(stdout, "    bug %s: %s\n", b.Bug, b.Summary)
			}
		}
	}
	return exitOK, nil
}

// parseFlags parses args into fs. Errors name the flag; -h and --help print help to stdout.
func parseFlags(fs *flag.FlagSet, cmd string, args []string, help string, stdout io.Writer) error {
	err := fs.Parse(args)
	switch {
	case err == flag.ErrHelp:
		fmt.Fprint(stdout, help)
		return errHelp
	case err != nil:
		return usagef("%s: %v (see distcheck %s --help)", cmd, err, cmd)
	}
	return nil
}

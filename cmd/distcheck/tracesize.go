package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/distcheck/distcheck/counterexamples"
)

// maxTraceSizeHelp documents --max-trace-size in the usage of every command that reads a trace.
const maxTraceSizeHelp = `  --max-trace-size SIZE
                  the largest trace file read (default 64MiB; e.g. 256MiB, 1GB): a larger
                  file is refused before it is read`

// traceSize is the value of --max-trace-size: a size in bytes, 0 for the default.
type traceSize int64

func (s *traceSize) String() string {
	if s == nil || *s == 0 {
		return ""
	}
	return fmt.Sprint(int64(*s))
}

func (s *traceSize) Set(v string) error {
	n, err := parseSize(v)
	if err != nil {
		return err
	}
	*s = traceSize(n)
	return nil
}

// loadTraceFile loads a trace file with the limit of --max-trace-size; a file over the limit
// is refused in an error that says how to raise it.
func loadTraceFile(cmd, file string, limit traceSize) (*counterexamples.Trace, error) {
	tr, err := counterexamples.LoadLimit(file, int64(limit))
	switch {
	case errors.Is(err, counterexamples.ErrTooLarge):
		return nil, usagef("%s: %v (raise the limit with --max-trace-size, e.g. --max-trace-size 1GB)", cmd, err)
	case err != nil:
		return nil, usagef("%s: %v", cmd, err)
	}
	return tr, nil
}

// traceSizeArg takes --max-trace-size SIZE (or --max-trace-size=SIZE) out of args, for the
// commands that parse their arguments by hand.
func traceSizeArg(cmd string, args []string) (traceSize, []string, error) {
	var limit traceSize
	var rest []string
	for i := 0; i < len(args); i++ {
		a, v, given := args[i], "", false
		switch {
		case a == "--max-trace-size" || a == "-max-trace-size":
			if i+1 == len(args) {
				return 0, nil, usagef("%s: --max-trace-size needs a size, such as 256MiB", cmd)
			}
			v, given = args[i+1], true
			i++
		case strings.HasPrefix(a, "--max-trace-size=") || strings.HasPrefix(a, "-max-trace-size="):
			v, given = a[strings.Index(a, "=")+1:], true
		}
		if !given {
			rest = append(rest, a)
			continue
		}
		if err := limit.Set(v); err != nil {
			return 0, nil, usagef("%s: --max-trace-size: %v", cmd, err)
		}
	}
	return limit, rest, nil
}

package main

import (
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The README's command lines are part of the documentation a new user copies first: every one
// of them must parse and run. These tests read README.md, so that an edit to either side that
// breaks the other fails here.

const repoRoot = "../.."

// readmeCommand is one `go run ./cmd/distcheck ...` line of README.md.
type readmeCommand struct {
	line int
	args []string
}

// readmeCommands returns the distcheck command lines in README.md's shell blocks, with
// continuation lines joined and comments cut.
func readmeCommands(t *testing.T) []readmeCommand {
	t.Helper()
	return docCommands(t, "README.md")
}

// docCommands returns the distcheck command lines in the shell blocks of the Markdown file at
// path, relative to the repository's root.
func docCommands(t *testing.T, path string) []readmeCommand {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, path))
	require.NoError(t, err)
	var cmds []readmeCommand
	inShell, pending, start := false, "", 0
	for i, line := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(line, "```"):
			inShell = strings.TrimPrefix(line, "```") == "sh"
			continue
		case !inShell:
			continue
		}
		if pending == "" {
			start = i + 1
		}
		if cut, _, found := strings.Cut(line, " #"); found {
			line = cut
		}
		line = strings.TrimSpace(line)
		if strings.HasSuffix(line, `\`) {
			pending += strings.TrimSuffix(line, `\`) + " "
			continue
		}
		line, pending = pending+line, ""
		if rest, ok := strings.CutPrefix(line, "go run ./cmd/distcheck "); ok {
			args := strings.Fields(rest)
			for i, a := range args {
				args[i] = strings.Trim(a, "'") // 'n0|n1@1s-2s': quoted for the shell
			}
			cmds = append(cmds, readmeCommand{line: start, args: args})
		}
	}
	return cmds
}

// outputFlags name files or folders a command writes: README examples get a fresh temporary
// path instead, so that running them writes nothing into the repository.
var outputFlags = map[string]bool{"--save": true, "--output": true, "--plots": true, "--csv": true,
	"--html": true, "--shiviz": true, "--mermaid": true}

// localize makes a README command runnable from this package's folder, quickly and without
// writing into the repository: paths are taken from the repository's root (globs expanded),
// the README's placeholder trace.json is a copy of a committed trace, output paths go to a
// temporary folder, and searches and simulations get a small budget.
//
// A swarm's --dir, and the directory swarm merge reads, go to dirs, shared by the README's
// commands so that a merge reads what the swarm before it wrote.
func localize(t *testing.T, args []string, dirs string) []string {
	t.Helper()
	tmp := t.TempDir()
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--dir" && i+1 < len(args):
			out = append(out, a, filepath.Join(dirs, filepath.Base(args[i+1])))
			i++
			continue
		case i == 2 && args[0] == "swarm" && args[1] == "merge":
			out = append(out, filepath.Join(dirs, filepath.Base(a)))
			continue
		case outputFlags[a] && i+1 < len(args):
			out = append(out, a, filepath.Join(tmp, filepath.Base(args[i+1])))
			i++
			continue
		case a == "trace.json":
			out = append(out, copyTrace(t, tmp))
			continue
		case strings.ContainsAny(a, "/*") && !strings.HasPrefix(a, "-"):
			matches, err := filepath.Glob(filepath.Join(repoRoot, a))
			require.NoError(t, err)
			if len(matches) > 0 {
				out = append(out, matches...)
				continue
			}
		}
		out = append(out, a)
	}
	switch out[0] {
	case "check":
		out = append(out, "--max-states", "20000", "--quiet")
	case "simulate":
		out = append(out, "--duration", "2s")
	}
	return out
}

// copyTrace copies a committed counterexample into dir, for the commands that take a trace.
func copyTrace(t *testing.T, dir string) string {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join(repoRoot, "protocols/twophase/testdata/counterexamples/TestEarlyCommitIsCaught/*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, matches, "a committed TwoPhase counterexample")
	src, err := os.Open(matches[0])
	require.NoError(t, err)
	defer src.Close()
	path := filepath.Join(dir, "trace.json")
	dst, err := os.Create(path)
	require.NoError(t, err)
	_, err = io.Copy(dst, src)
	require.NoError(t, err)
	require.NoError(t, dst.Close())
	return path
}

func TestEveryREADMECommandRuns(t *testing.T) {
	dirs := t.TempDir()
	for _, doc := range []string{"README.md", "docs/course.md"} {
		cmds := docCommands(t, doc)
		require.GreaterOrEqual(t, len(cmds), 10, "%s's command lines are found", doc)
		for _, c := range cmds {
			t.Run(doc+"/"+strings.Join(c.args, " "), func(t *testing.T) {
				args := localize(t, c.args, dirs)
				code, _, errOut := cli(t, args...)
				assert.NotEqual(t, exitUsage, code, "%s line %d: %s\nran: %v\n%s", doc, c.line, strings.Join(c.args, " "), args, errOut)
			})
		}
	}
}

// The README says what its first command prints; it must print that.
func TestTheREADMEQuotesTheFirstCommandsOutput(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	require.NoError(t, err)
	quoted := regexp.MustCompile("The first prints `([^`]*?)(?:, \\.\\.\\.)?`").FindStringSubmatch(string(data))
	require.NotNil(t, quoted, "README.md says what its first command prints")
	cmds := readmeCommands(t)
	require.NotEmpty(t, cmds)
	code, out, errOut := cli(t, cmds[0].args...)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, quoted[1], "README.md line %d: %s", cmds[0].line, strings.Join(cmds[0].args, " "))
}

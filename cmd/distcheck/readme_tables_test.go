package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/protocols"
)

// updateREADME rewrites README.md's generated tables instead of comparing them.
var updateREADME = flag.Bool("update", false, "rewrite README.md's generated tables")

// The README's flag table and protocol table are generated from what declares them once —
// checkFlagTable and the protocol registry — so that they cannot drift: run
//
//	go test ./cmd/distcheck -run TestREADMETables -update
//
// after changing a flag, a parameter or a named bug.
func TestREADMETables(t *testing.T) {
	path := filepath.Join(repoRoot, "README.md")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	readme := string(data)
	for _, tbl := range []struct{ name, text string }{
		{"check flags", markdownFlagTable(checkFlagTable)},
		{"protocols", markdownProtocolTable(protocols.All())},
	} {
		begin := "<!-- generated: " + tbl.name + " (go test ./cmd/distcheck -run TestREADMETables -update) -->\n"
		const end = "<!-- end of generated " // + name + " -->"
		i := strings.Index(readme, begin)
		require.GreaterOrEqual(t, i, 0, "README.md has no line %q", strings.TrimSpace(begin))
		j := strings.Index(readme[i:], end+tbl.name+" -->")
		require.GreaterOrEqual(t, j, 0, "README.md's generated %s table has no end marker", tbl.name)
		j += i
		if *updateREADME {
			readme = readme[:i+len(begin)] + tbl.text + readme[j:]
			continue
		}
		require.Equal(t, tbl.text, readme[i+len(begin):j],
			"README.md's %s table is not what the code declares: run go test ./cmd/distcheck -run TestREADMETables -update", tbl.name)
	}
	if *updateREADME {
		require.NoError(t, os.WriteFile(path, []byte(readme), 0o644))
	}
}

// markdownFlagTable lists check's flags as a Markdown table, group by group, in the usage's order.
func markdownFlagTable(table []checkFlag) string {
	var b strings.Builder
	b.WriteString("| flag | meaning | explore |\n|---|---|---|\n")
	group := ""
	for _, fl := range table {
		if fl.group != group {
			group = fl.group
			fmt.Fprintf(&b, "| **%s** | | |\n", cell(group))
		}
		head := "`--" + fl.name
		if fl.arg != "" {
			head += " " + fl.arg
		}
		head += "`"
		takes := ""
		if fl.explore {
			takes = "yes"
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", cell(head), cell(fl.help), takes)
	}
	return b.String()
}

// markdownProtocolTable lists the built-in protocols as distcheck list does, one row each.
func markdownProtocolTable(all []protocols.Protocol) string {
	var b strings.Builder
	b.WriteString("| protocol | commands | parameters (default) | named bugs |\n|---|---|---|---|\n")
	for _, p := range all {
		var params []string
		for _, q := range p.Params {
			params = append(params, fmt.Sprintf("`--%s` (%d)", q.Name, q.Default))
		}
		var bugs []string
		for _, name := range p.BugNames() {
			bugs = append(bugs, "`"+name+"`")
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", p.Name, strings.Join(p.Commands(), ", "),
			strings.Join(params, ", "), strings.Join(bugs, ", "))
	}
	return b.String()
}

// cell escapes text for a Markdown table cell.
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// Command splitmodel splits package model of distcheck into the spec layer (model), the actor
// runtime (actor) and the retransmission library (actor/retransmit), by the mapping in
// mapping.go, and rewrites every reference in the module to match.
//
// Usage:
//
//	go run . [-n] /path/to/repo
//
// It moves files and declarations out of model/, requalifies references (model.X → actor.X in
// other packages, X → model.X inside moved code), fixes imports, rewrites `model.X` in comments
// and Markdown, gofmts what it wrote, and then runs `go build ./... && go vet ./...`. It is
// deterministic and re-runnable: on a tree already split it only requalifies what still uses
// the old names.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

func main() {
	noCheck := flag.Bool("n", false, "do not run go build and go vet afterwards")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: splitmodel [-n] REPO_ROOT")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	root, err := filepath.Abs(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "splitmodel:", err)
		os.Exit(1)
	}
	start := time.Now()
	if err := run(root); err != nil {
		fmt.Fprintln(os.Stderr, "splitmodel:", err)
		os.Exit(1)
	}
	fmt.Printf("splitmodel: rewrite done in %v\n", time.Since(start).Round(time.Millisecond))
	if *noCheck {
		return
	}
	ok := true
	for _, args := range [][]string{{"build", "./..."}, {"vet", "./..."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = root
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		fmt.Printf("splitmodel: go %s: ", strings.Join(args, " "))
		if err != nil {
			fmt.Printf("FAILED (%v)\n%s", err, out.String())
			ok = false
			break
		}
		fmt.Println("ok")
	}
	fmt.Printf("splitmodel: total %v\n", time.Since(start).Round(time.Millisecond))
	if !ok {
		os.Exit(1)
	}
}

func run(root string) error {
	modPath, err := modulePath(root)
	if err != nil {
		return err
	}
	s := &splitter{root: root, mod: modPath, out: map[string][]byte{}, remove: map[string]bool{}, dirNames: map[string]map[string]bool{}}
	if err := s.planModel(); err != nil {
		return err
	}
	if err := s.movePackages(); err != nil {
		return err
	}
	if err := s.rewriteModule(); err != nil {
		return err
	}
	s.splitDoc()
	s.newDocs()
	return s.write()
}

// modulePath reads the module path from root/go.mod.
func modulePath(root string) (string, error) {
	b, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return "", fmt.Errorf("reading module: %w", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "module" {
			return f[1], nil
		}
	}
	return "", fmt.Errorf("%s: no module line", filepath.Join(root, "go.mod"))
}

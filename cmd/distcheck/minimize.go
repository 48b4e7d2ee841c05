package main

import "io"

// runMinimize is distcheck minimize: not built yet.
func runMinimize(args []string, stdout, stderr io.Writer) (int, error) {
	return 0, usagef("minimize is not available yet")
}

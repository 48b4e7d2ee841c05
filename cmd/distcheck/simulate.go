package main

import "io"

// runSimulate is distcheck simulate: not built yet.
func runSimulate(args []string, stdout, stderr io.Writer) (int, error) {
	return 0, usagef("simulate is not available yet")
}

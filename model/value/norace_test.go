//go:build !race

package value_test

// raceEnabled is set under the race detector, which makes sync.Pool drop items at random: the
// allocation counts of pooled paths are only checked without it.
const raceEnabled = false

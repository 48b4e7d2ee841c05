// Package reach counts the states of a transition system written by hand in a test, by a plain
// breadth-first search of its own: the independent enumeration that a protocol's test compares
// the explorer's state count with.
package reach

// Count returns how many distinct states are reachable from init, where next lists the
// successors of a state.
func Count[S comparable](init S, next func(S) []S) int {
	seen := map[S]bool{init: true}
	frontier := []S{init}
	for len(frontier) > 0 {
		s := frontier[len(frontier)-1]
		frontier = frontier[:len(frontier)-1]
		for _, t := range next(s) {
			if !seen[t] {
				seen[t] = true
				frontier = append(frontier, t)
			}
		}
	}
	return len(seen)
}

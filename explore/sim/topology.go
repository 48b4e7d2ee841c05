package sim

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/graphs/gen"
	"gonum.org/v1/gonum/graph/simple"
)

// TopologyKind names a family of overlay graphs.
type TopologyKind uint8

// The overlay topologies.
const (
	// FullMesh connects every peer to every other.
	FullMesh TopologyKind = iota
	// Ring connects each peer to the next and the previous.
	Ring
	// RandomRegular gives every peer Degree neighbours, chosen at random.
	RandomRegular
	// ErdosRenyi connects each pair of peers with probability P (gonum's gen.Gnp).
	ErdosRenyi
	// SmallWorld is a ring lattice where each peer links to Degree peers on each side, each link
	// rewired to a random peer with probability P (Watts–Strogatz). (gonum's gen.SmallWorldsBB
	// is not used: in v0.17.0 it makes a few peers hubs linked to nearly every other.)
	SmallWorld
	// ScaleFree grows the graph by preferential attachment, each new peer linking to Degree
	// existing ones (Barabási–Albert; gonum's gen.PreferentialAttachment).
	ScaleFree
	// EdgeList is a user-supplied graph: Edges.
	EdgeList
)

var topologyNames = [...]string{FullMesh: "full-mesh", Ring: "ring", RandomRegular: "random-regular",
	ErdosRenyi: "erdos-renyi", SmallWorld: "small-world", ScaleFree: "scale-free", EdgeList: "file"}

// String returns the kind's name as ParseTopology reads it.
func (k TopologyKind) String() string {
	if int(k) < len(topologyNames) {
		return topologyNames[k]
	}
	return fmt.Sprintf("topology(%d)", uint8(k))
}

// Topology is the overlay: which peers know each other (a peer's Context.Peers). Peers may
// still send to any peer they know the ID of. Clients (PeerType.Attach) are not part of it.
type Topology struct {
	Kind TopologyKind
	// Degree is the degree of RandomRegular, the neighbours on each side in SmallWorld, and the
	// links of each new peer in ScaleFree.
	Degree int
	// P is the edge probability of ErdosRenyi and the rewiring probability of SmallWorld.
	P float64
	// Edges are the undirected edges of EdgeList, between peer indices 0 to n-1.
	Edges [][2]int
	// Source names where Edges came from, for messages and output.
	Source string
}

// String returns the topology in the form ParseTopology reads.
func (t Topology) String() string {
	switch t.Kind {
	case RandomRegular, ScaleFree:
		return fmt.Sprintf("%s:%d", t.Kind, t.Degree)
	case ErdosRenyi:
		return fmt.Sprintf("%s:%g", t.Kind, t.P)
	case SmallWorld:
		return fmt.Sprintf("%s:%d,%g", t.Kind, t.Degree, t.P)
	case EdgeList:
		if strings.HasPrefix(t.Source, "edges:") {
			return t.Source
		}
		return "file:" + t.Source
	}
	return t.Kind.String()
}

// ParseTopology reads a topology: full-mesh, ring, random-regular:D, erdos-renyi:P,
// small-world:K,P (K neighbours each side, rewiring probability P), scale-free:M,
// edges:A-B,C-D,... (the edges given inline, 0-based peer indices) or file:PATH (an edge list:
// one "a b" pair of 0-based peer indices a line, # comments).
func ParseTopology(s string) (Topology, error) {
	name, arg, _ := strings.Cut(strings.TrimSpace(s), ":")
	args := strings.Split(arg, ",")
	num := func(i int) (float64, error) {
		if i >= len(args) || args[i] == "" {
			return 0, fmt.Errorf("topology %q: missing parameter (see --help)", s)
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(args[i]), 64)
		if err != nil {
			return 0, fmt.Errorf("topology %q: %q is not a number", s, args[i])
		}
		return v, nil
	}
	integer := func(i int) (int, error) {
		v, err := num(i)
		if err == nil && (v != float64(int(v)) || v < 1) {
			err = fmt.Errorf("topology %q: %v is not a positive whole number", s, v)
		}
		return int(v), err
	}
	var t Topology
	var err error
	switch name {
	case "full-mesh", "mesh", "full", "complete":
		t.Kind = FullMesh
	case "ring":
		t.Kind = Ring
	case "random-regular", "regular":
		t.Kind = RandomRegular
		t.Degree, err = integer(0)
	case "erdos-renyi", "er", "gnp":
		t.Kind = ErdosRenyi
		t.P, err = num(0)
	case "small-world", "watts-strogatz":
		t.Kind = SmallWorld
		if t.Degree, err = integer(0); err == nil {
			t.P, err = num(1)
		}
	case "scale-free", "barabasi-albert":
		t.Kind = ScaleFree
		t.Degree, err = integer(0)
	case "edges":
		t.Kind, t.Source = EdgeList, "edges:"+arg
		t.Edges, err = ReadEdgeList(strings.NewReader(strings.NewReplacer(",", "\n", "-", " ").Replace(arg)), "edges")
		if err == nil && len(t.Edges) == 0 {
			err = fmt.Errorf("topology %q: no edges (want edges:0-1,1-2,...)", s)
		}
	case "file":
		if arg == "" {
			return t, fmt.Errorf("topology %q: name the edge list file: file:PATH", s)
		}
		t.Kind, t.Source = EdgeList, arg
		t.Edges, err = ReadEdgeListFile(arg)
	default:
		return t, fmt.Errorf("unknown topology %q (want full-mesh, ring, random-regular:D, erdos-renyi:P, small-world:K,P, scale-free:M, edges:A-B,... or file:PATH)", name)
	}
	return t, err
}

// ReadEdgeListFile reads an edge list file (see ReadEdgeList).
func ReadEdgeListFile(path string) ([][2]int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("topology file: %w", err)
	}
	defer f.Close()
	return ReadEdgeList(f, path)
}

// ReadEdgeList reads an undirected edge list: one pair "a b" of 0-based peer indices a line
// (separated by spaces, tabs or a comma); blank lines and lines starting with # are skipped.
func ReadEdgeList(r io.Reader, name string) ([][2]int, error) {
	var edges [][2]int
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.FieldsFunc(text, func(r rune) bool { return r == ' ' || r == '\t' || r == ',' })
		if len(fields) != 2 {
			return nil, fmt.Errorf("%s:%d: want two peer indices \"a b\", got %q", name, line, text)
		}
		var e [2]int
		for i, f := range fields {
			v, err := strconv.Atoi(f)
			if err != nil || v < 0 {
				return nil, fmt.Errorf("%s:%d: %q is not a peer index (0, 1, ...)", name, line, f)
			}
			e[i] = v
		}
		edges = append(edges, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(edges) == 0 {
		return nil, fmt.Errorf("%s: no edges", name)
	}
	return edges, nil
}

// Validate checks the topology for n peers.
func (t Topology) Validate(n int) error {
	switch t.Kind {
	case FullMesh, Ring:
	case RandomRegular:
		switch {
		case t.Degree < 1 || t.Degree >= n:
			return fmt.Errorf("topology %s: degree must be between 1 and %d (peers - 1)", t, n-1)
		case n*t.Degree%2 != 0:
			return fmt.Errorf("topology %s: peers × degree (%d × %d) must be even", t, n, t.Degree)
		}
	case ErdosRenyi:
		if !(t.P > 0 && t.P <= 1) {
			return fmt.Errorf("topology %s: the edge probability must be in (0, 1]", t)
		}
	case SmallWorld:
		switch {
		case t.Degree < 1 || t.Degree > (n-1)/2:
			return fmt.Errorf("topology %s: neighbours on each side must be between 1 and %d ((peers - 1) / 2)", t, (n-1)/2)
		case !(t.P >= 0 && t.P < 1):
			return fmt.Errorf("topology %s: the rewiring probability must be in [0, 1)", t)
		}
	case ScaleFree:
		if t.Degree < 1 || t.Degree >= n {
			return fmt.Errorf("topology %s: links per new peer must be between 1 and %d (peers - 1)", t, n-1)
		}
	case EdgeList:
		for _, e := range t.Edges {
			if e[0] >= n || e[1] >= n {
				return fmt.Errorf("topology %s: edge %d-%d names a peer beyond the %d peers (indices 0 to %d)", t, e[0], e[1], n, n-1)
			}
			if e[0] == e[1] {
				return fmt.Errorf("topology %s: edge %d-%d is a loop", t, e[0], e[1])
			}
		}
	default:
		return fmt.Errorf("unknown topology kind %d", t.Kind)
	}
	return nil
}

// build returns the sorted neighbour lists of n peers.
func (t Topology) build(n int, src rand.Source) ([][]int32, error) {
	if err := t.Validate(n); err != nil {
		return nil, err
	}
	adj := make([][]int32, n)
	switch t.Kind {
	case FullMesh:
		all := make([]int32, n*(n-1))
		for i := range n {
			row := all[i*(n-1) : (i+1)*(n-1) : (i+1)*(n-1)]
			k := 0
			for j := range n {
				if j != i {
					row[k] = int32(j)
					k++
				}
			}
			adj[i] = row
		}
		return adj, nil
	case Ring:
		set := newEdgeSet(n)
		for i := range n {
			set.add(i, (i+1)%n)
		}
		return set.lists(), nil
	case RandomRegular:
		return randomRegular(n, t.Degree, rand.New(src))
	case SmallWorld:
		return wattsStrogatz(n, t.Degree, t.P, rand.New(src)), nil
	case ErdosRenyi:
		g := simple.NewUndirectedGraph()
		if err := gen.Gnp(g, n, t.P, src); err != nil {
			return nil, fmt.Errorf("topology %s: %w", t, err)
		}
		return fromGraph(g, n), nil
	case ScaleFree:
		g := simple.NewUndirectedGraph()
		if err := gen.PreferentialAttachment(g, n, t.Degree, src); err != nil {
			return nil, fmt.Errorf("topology %s: %w", t, err)
		}
		return fromGraph(g, n), nil
	case EdgeList:
		set := newEdgeSet(n)
		for _, e := range t.Edges {
			set.add(e[0], e[1])
		}
		return set.lists(), nil
	}
	return nil, fmt.Errorf("unknown topology kind %d", t.Kind)
}

// fromGraph reads the neighbour lists of the nodes 0 to n-1 of g.
func fromGraph(g graph.Undirected, n int) [][]int32 {
	adj := make([][]int32, n)
	for i := range n {
		if g.Node(int64(i)) == nil {
			continue
		}
		for _, v := range graph.NodesOf(g.From(int64(i))) {
			adj[i] = append(adj[i], int32(v.ID()))
		}
		slices.Sort(adj[i])
	}
	return adj
}

// edgeSet collects undirected edges without duplicates.
type edgeSet struct {
	n    int
	seen map[int64]bool
	adj  [][]int32
}

func newEdgeSet(n int) *edgeSet {
	return &edgeSet{n: n, seen: map[int64]bool{}, adj: make([][]int32, n)}
}

func (s *edgeSet) has(a, b int) bool {
	if a > b {
		a, b = b, a
	}
	return s.seen[int64(a)*int64(s.n)+int64(b)]
}

func (s *edgeSet) add(a, b int) bool {
	if a == b || s.has(a, b) {
		return false
	}
	lo, hi := min(a, b), max(a, b)
	s.seen[int64(lo)*int64(s.n)+int64(hi)] = true
	s.adj[a] = append(s.adj[a], int32(b))
	s.adj[b] = append(s.adj[b], int32(a))
	return true
}

func (s *edgeSet) remove(a, b int) {
	lo, hi := min(a, b), max(a, b)
	delete(s.seen, int64(lo)*int64(s.n)+int64(hi))
	s.adj[a] = slices.DeleteFunc(s.adj[a], func(x int32) bool { return int(x) == b })
	s.adj[b] = slices.DeleteFunc(s.adj[b], func(x int32) bool { return int(x) == a })
}

func (s *edgeSet) lists() [][]int32 {
	for _, l := range s.adj {
		slices.Sort(l)
	}
	return s.adj
}

// randomRegular returns a uniformly random-ish d-regular graph on n vertices by the pairing
// method of Steger and Wormald: pair up free "half-edges" at random, avoiding loops and double
// edges, and start over in the rare case it gets stuck.
func randomRegular(n, d int, r *rand.Rand) ([][]int32, error) {
	for range 100 {
		set := newEdgeSet(n)
		points := make([]int, 0, n*d)
		for v := range n {
			for range d {
				points = append(points, v)
			}
		}
		stuck := false
		for len(points) > 0 && !stuck {
			paired := false
			for range 50 {
				i, j := r.IntN(len(points)), r.IntN(len(points))
				if i == j || points[i] == points[j] || set.has(points[i], points[j]) {
					continue
				}
				set.add(points[i], points[j])
				if i < j {
					i, j = j, i
				}
				points[i] = points[len(points)-1]
				points = points[:len(points)-1]
				points[j] = points[len(points)-1]
				points = points[:len(points)-1]
				paired = true
				break
			}
			if !paired {
				stuck = !anySuitable(points, set)
			}
		}
		if !stuck {
			return set.lists(), nil
		}
	}
	return nil, fmt.Errorf("topology random-regular:%d: could not build a %d-regular graph on %d peers", d, d, n)
}

// wattsStrogatz returns a Watts–Strogatz small world: a ring lattice of n vertices each linked
// to the k next ones, with each link's far end moved to a random vertex with probability p
// (unless that would make a loop or a double edge).
func wattsStrogatz(n, k int, p float64, r *rand.Rand) [][]int32 {
	set := newEdgeSet(n)
	for i := range n {
		for j := 1; j <= k; j++ {
			set.add(i, (i+j)%n)
		}
	}
	if p == 0 {
		return set.lists()
	}
	for j := 1; j <= k; j++ {
		for i := range n {
			if r.Float64() >= p {
				continue
			}
			old := (i + j) % n
			to := r.IntN(n)
			if to == i || set.has(i, to) || !set.has(i, old) {
				continue
			}
			set.remove(i, old)
			set.add(i, to)
		}
	}
	return set.lists()
}

func anySuitable(points []int, set *edgeSet) bool {
	for i := range points {
		for j := i + 1; j < len(points); j++ {
			if points[i] != points[j] && !set.has(points[i], points[j]) {
				return true
			}
		}
	}
	return false
}

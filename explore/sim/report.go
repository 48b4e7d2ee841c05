package sim

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"time"

	"github.com/distcheck/distcheck/model"
)

// Report is a run's metrics as they are written out: the summary, every peer, every item with
// its delay to each receiver, the convergence curve and the traffic over time. The same
// configuration and seed give the same Report, and the same JSON, byte for byte.
type Report struct {
	// Protocol, Params and Metrics are for the caller to fill: what was simulated, with which
	// parameters, and protocol-specific metrics.
	Protocol string            `json:"protocol,omitempty"`
	Params   map[string]string `json:"params,omitempty"`
	Seed     uint64            `json:"seed"`
	// Partial says that the run was interrupted: Duration is the virtual time simulated.
	Partial  bool               `json:"partial,omitempty"`
	Duration float64            `json:"duration_s"`
	Settle   float64            `json:"settle_s"`
	Summary  Summary            `json:"summary"`
	Metrics  map[string]float64 `json:"protocol_metrics,omitempty"`
	// Consensus holds the consensus metrics, for protocols whose harnesses report roles.
	Consensus *ConsensusSummary `json:"consensus,omitempty"`
	// Violation is the safety property that failed and stopped the run, if any.
	Violation *Violation `json:"violation,omitempty"`
	// Receivers are the receivers' IDs: ItemReport.Delays and TimesSeen are in this order.
	Receivers   []model.NodeID     `json:"receivers"`
	Peers       []PeerReport       `json:"peers"`
	Items       []ItemReport       `json:"items"`
	Convergence []ConvergencePoint `json:"convergence"`
	Traffic     []TrafficPoint     `json:"traffic"`
}

// PeerReport is one peer's part of a Report.
type PeerReport struct {
	ID        model.NodeID `json:"id"`
	Type      string       `json:"type"`
	Location  string       `json:"location"`
	Malicious bool         `json:"malicious,omitempty"`
	Client    bool         `json:"client,omitempty"`
	Sybils    int          `json:"sybils,omitempty"`
	Degree    int          `json:"degree"`
	// Down are its offline windows, [start, end) in seconds.
	Down [][2]float64 `json:"down,omitempty"`
	// Online is the fraction of the run it was online.
	Online   float64 `json:"online"`
	BytesOut int64   `json:"bytes_out"`
	MsgsOut  int64   `json:"msgs_out"`
	BytesIn  int64   `json:"bytes_in"`
	MsgsIn   int64   `json:"msgs_in"`
	// Held counts the measured items it got (receivers only).
	Held int `json:"held"`
}

// ItemReport is one item's part of a Report.
type ItemReport struct {
	Origin model.NodeID `json:"origin"`
	Seq    int          `json:"seq"`
	// Produced is when it was produced, in seconds, or -1 for a bogus item.
	Produced    float64 `json:"produced_s"`
	ByMalicious bool    `json:"by_malicious,omitempty"`
	Measured    bool    `json:"measured"`
	// Reached counts the receivers that got it; Wrong the honest peers that took content its
	// origin did not produce.
	Reached int `json:"reached"`
	Wrong   int `json:"wrong,omitempty"`
	// Delays are, receiver by receiver, the seconds from production to first receipt, or -1
	// if it never got it; TimesSeen are the copies each took.
	Delays    []float64 `json:"delays_s"`
	TimesSeen []int     `json:"times_seen"`
}

// Report builds the run's Report, with a convergence curve of the given number of points.
func (r *Result) Report(points int) *Report {
	rep := &Report{Seed: r.Seed, Partial: r.Partial, Duration: r.Duration.Seconds(), Settle: r.Settle.Seconds(), Summary: r.Summarize(),
		Consensus: r.Consensus(), Violation: r.Violation}
	recv := r.Receivers()
	for _, p := range recv {
		rep.Receivers = append(rep.Receivers, model.NodeID(p))
	}
	held := make([]int, len(r.Peers))
	rep.Items = []ItemReport{}
	for i := range r.Items {
		it := &r.Items[i]
		ir := ItemReport{Origin: it.ID.Origin, Seq: it.ID.Seq, Produced: -1, ByMalicious: it.ByMalicious, Measured: r.Measured(it), Wrong: r.wrong(it)}
		if it.Produced >= 0 {
			ir.Produced = it.Produced.Seconds()
		}
		ir.Delays = make([]float64, len(recv))
		ir.TimesSeen = make([]int, len(recv))
		for k, p := range recv {
			rc := it.receipt(p)
			ir.Delays[k] = -1
			if rc.Count > 0 {
				ir.Reached++
				ir.TimesSeen[k] = rc.Count
				if it.Produced >= 0 {
					ir.Delays[k] = (rc.First - it.Produced).Seconds()
				}
				if ir.Measured {
					held[p]++
				}
			}
		}
		rep.Items = append(rep.Items, ir)
	}
	for p := range r.Peers {
		info := &r.Peers[p]
		pr := PeerReport{ID: info.ID, Type: info.Type, Location: info.Location, Malicious: info.Malicious, Client: info.Client,
			Sybils: len(info.Identities), Degree: len(info.Peers), Held: held[p]}
		var down time.Duration
		for _, w := range info.Down {
			pr.Down = append(pr.Down, [2]float64{w.Start.Seconds(), w.End.Seconds()})
			down += w.End - w.Start
		}
		pr.Online = 1 - down.Seconds()/r.Duration.Seconds()
		for _, row := range r.Traffic {
			pr.BytesOut += row[p].BytesOut
			pr.MsgsOut += row[p].MsgsOut
			pr.BytesIn += row[p].BytesIn
			pr.MsgsIn += row[p].MsgsIn
		}
		rep.Peers = append(rep.Peers, pr)
	}
	rep.Convergence = r.Convergence(points)
	rep.Traffic = r.TrafficSeries()
	return rep
}

// WriteJSON writes the report as JSON: one field a line, and one element a line in the lists
// of peers, items, convergence and traffic points.
func (rep *Report) WriteJSON(w io.Writer) error {
	var b bytes.Buffer
	b.WriteString("{\n")
	fields := []struct {
		name string
		v    any
		list bool
	}{
		{"protocol", rep.Protocol, false}, {"params", rep.Params, false}, {"seed", rep.Seed, false},
		{"partial", rep.Partial, false}, {"duration_s", rep.Duration, false}, {"settle_s", rep.Settle, false}, {"summary", rep.Summary, false},
		{"protocol_metrics", rep.Metrics, false}, {"consensus", rep.Consensus, false}, {"violation", rep.Violation, false},
		{"receivers", rep.Receivers, false},
		{"peers", rep.Peers, true}, {"items", rep.Items, true}, {"convergence", rep.Convergence, true},
		{"traffic", rep.Traffic, true},
	}
	first := true
	for _, f := range fields {
		if f.name == "protocol" && rep.Protocol == "" || f.name == "params" && len(rep.Params) == 0 ||
			f.name == "protocol_metrics" && len(rep.Metrics) == 0 || f.name == "partial" && !rep.Partial ||
			f.name == "consensus" && rep.Consensus == nil || f.name == "violation" && rep.Violation == nil {
			continue
		}
		if !first {
			b.WriteString(",\n")
		}
		first = false
		fmt.Fprintf(&b, "  %q: ", f.name)
		if !f.list {
			data, err := json.MarshalIndent(f.v, "  ", "  ")
			if err != nil {
				return err
			}
			if f.name == "receivers" {
				data, err = json.Marshal(f.v)
				if err != nil {
					return err
				}
			}
			b.Write(data)
			continue
		}
		rv := reflect.ValueOf(f.v)
		if rv.Len() == 0 {
			b.WriteString("[]")
			continue
		}
		b.WriteString("[\n")
		for i := range rv.Len() {
			data, err := json.Marshal(rv.Index(i).Interface())
			if err != nil {
				return err
			}
			b.WriteString("    ")
			b.Write(data)
			if i < rv.Len()-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString("  ]")
	}
	b.WriteString("\n}\n")
	_, err := w.Write(b.Bytes())
	return err
}

// WriteCSV writes the run's tables into dir, which it creates if needed: peers.csv,
// items.csv, deliveries.csv (one row per item and receiver), traffic.csv (one row per time
// bucket and peer), convergence.csv and edges.csv (the overlay). It returns the files'
// paths.
func (r *Result) WriteCSV(dir string, rep *Report) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	i := strconv.Itoa
	i64 := func(x int64) string { return strconv.FormatInt(x, 10) }
	tables := []struct {
		name string
		head []string
		rows func(emit func(...string))
	}{
		{"peers.csv", []string{"id", "type", "location", "malicious", "client", "degree", "online", "bytes_out", "msgs_out", "bytes_in", "msgs_in", "held"},
			func(emit func(...string)) {
				for _, p := range rep.Peers {
					emit(i(int(p.ID)), p.Type, p.Location, strconv.FormatBool(p.Malicious), strconv.FormatBool(p.Client), i(p.Degree),
						f(p.Online), i64(p.BytesOut), i64(p.MsgsOut), i64(p.BytesIn), i64(p.MsgsIn), i(p.Held))
				}
			}},
		{"items.csv", []string{"origin", "seq", "produced_s", "by_malicious", "measured", "reached", "wrong"},
			func(emit func(...string)) {
				for _, it := range rep.Items {
					emit(i(int(it.Origin)), i(it.Seq), f(it.Produced), strconv.FormatBool(it.ByMalicious), strconv.FormatBool(it.Measured), i(it.Reached), i(it.Wrong))
				}
			}},
		{"deliveries.csv", []string{"origin", "seq", "peer", "delay_s", "times_seen"},
			func(emit func(...string)) {
				for _, it := range rep.Items {
					for k, p := range rep.Receivers {
						emit(i(int(it.Origin)), i(it.Seq), i(int(p)), f(it.Delays[k]), i(it.TimesSeen[k]))
					}
				}
			}},
		{"traffic.csv", []string{"t_s", "peer", "bytes_out", "msgs_out", "bytes_in", "msgs_in"},
			func(emit func(...string)) {
				for b, row := range r.Traffic {
					t := (time.Duration(b) * r.Bucket).Seconds()
					for p, c := range row {
						emit(f(t), i(p), i64(c.BytesOut), i64(c.MsgsOut), i64(c.BytesIn), i64(c.MsgsIn))
					}
				}
			}},
		{"convergence.csv", []string{"age_s", "mean", "p10", "p90", "min", "max"},
			func(emit func(...string)) {
				for _, c := range rep.Convergence {
					emit(f(c.Age), f(c.Mean), f(c.P10), f(c.P90), f(c.Min), f(c.Max))
				}
			}},
		{"edges.csv", []string{"a", "b"},
			func(emit func(...string)) {
				for p, info := range r.Peers {
					for _, q := range info.Peers {
						if info.Client || int(q) > p {
							emit(i(p), i(int(q)))
						}
					}
				}
			}},
	}
	if rep.Consensus != nil {
		tables = append(tables, []struct {
			name string
			head []string
			rows func(emit func(...string))
		}{
			{"commands.csv", []string{"client", "cmd", "requested_s", "committed_s", "replied_s"},
				func(emit func(...string)) {
					for _, c := range r.Commands() {
						emit(i(int(c.Client)), strconv.FormatUint(c.Cmd, 10), f(c.Requested), f(c.Committed), f(c.Replied))
					}
				}},
			{"roles.csv", []string{"t_s", "peer", "role", "term"},
				func(emit func(...string)) {
					for _, rc := range r.Roles {
						emit(f(rc.At.Seconds()), i(int(rc.Peer)), rc.Role, i(rc.Term))
					}
				}},
			{"leaders.csv", []string{"peer", "term", "start_s", "end_s"},
				func(emit func(...string)) {
					for _, l := range rep.Consensus.Leaders {
						emit(i(int(l.Peer)), i(l.Term), f(l.Start), f(l.End))
					}
				}},
		}...)
	}
	var paths []string
	for _, t := range tables {
		path := filepath.Join(dir, t.name)
		if err := writeCSVFile(path, t.head, t.rows); err != nil {
			return paths, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}

func writeCSVFile(path string, head []string, rows func(emit func(...string))) (err error) {
	file, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := file.Close(); err == nil {
			err = cerr
		}
	}()
	w := csv.NewWriter(file)
	if err := w.Write(head); err != nil {
		return err
	}
	rows(func(fields ...string) {
		if err == nil {
			err = w.Write(fields)
		}
	})
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	w.Flush()
	return w.Error()
}

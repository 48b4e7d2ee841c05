package clocksync

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// WriteCSV writes the records as two tables in dir: offsets.csv, each clock's offset from
// true time in ms at every sample (a row per time, a column per node, empty while it was
// down), and syncs.csv, every synchronisation (node, time, error, bound and correction in ms,
// whether it broke the bound; bound empty where it is not judged). It returns the paths.
func (r Records) WriteCSV(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	ms := func(d time.Duration) string { return strconv.FormatFloat(float64(d)/1e6, 'f', 3, 64) }
	var offsets [][]string
	head := []string{"t_s"}
	rows := 0
	for _, c := range r.Clocks {
		head = append(head, fmt.Sprintf("n%d", c.Peer))
		rows = max(rows, len(c.Samples))
	}
	offsets = append(offsets, head)
	for k := range rows {
		row := []string{strconv.FormatFloat((time.Duration(k+1) * r.Sample).Seconds(), 'f', -1, 64)}
		for _, c := range r.Clocks {
			v := ""
			if k < len(c.Samples) && c.Samples[k] != Missing {
				v = ms(c.Samples[k])
			}
			row = append(row, v)
		}
		offsets = append(offsets, row)
	}
	syncs := [][]string{{"node", "at_s", "error_ms", "bound_ms", "correction_ms", "broken"}}
	for _, c := range r.Clocks {
		for _, s := range c.Syncs {
			bound := ""
			if s.Bound >= 0 {
				bound = ms(s.Bound)
			}
			syncs = append(syncs, []string{strconv.Itoa(c.Peer), strconv.FormatFloat(s.At.Seconds(), 'f', -1, 64), ms(s.Error), bound, ms(s.Correction), strconv.FormatBool(s.Broken())})
		}
	}
	var paths []string
	for _, t := range []struct {
		name string
		rows [][]string
	}{{"offsets.csv", offsets}, {"syncs.csv", syncs}} {
		path := filepath.Join(dir, t.name)
		f, err := os.Create(path)
		if err != nil {
			return paths, err
		}
		w := csv.NewWriter(f)
		if err := w.WriteAll(t.rows); err != nil {
			f.Close()
			return paths, fmt.Errorf("%s: %w", path, err)
		}
		if err := f.Close(); err != nil {
			return paths, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}

package simviz

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/distcheck/distcheck/explore/sim"
)

// Write draws the cluster at each of the times at (DefaultTimes if none) as
// dir/cluster-TIME.svg and the run as dir/timeline.html, creating dir if needed, and returns
// the paths written. Title names the run (the protocol, say).
func Write(dir string, res *sim.Result, title string, at []time.Duration) ([]string, error) {
	if len(at) == 0 {
		at = DefaultTimes(res, 8)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var paths []string
	for _, t := range at {
		path := filepath.Join(dir, fmt.Sprintf("cluster-%v.svg", t))
		if err := writeTo(path, func(w io.Writer) error { return WriteSVG(w, res, title, t) }); err != nil {
			return paths, err
		}
		paths = append(paths, path)
	}
	path := filepath.Join(dir, "timeline.html")
	if err := writeTo(path, func(w io.Writer) error { return WriteHTML(w, res, title) }); err != nil {
		return paths, err
	}
	return append(paths, path), nil
}

func writeTo(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}

package main

import (
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/explore/sim/simplot"
	"github.com/distcheck/distcheck/protocols"
)

// timedFlags are the flags of the course's timed protocols (nakamoto, dv, linkstate) and of
// --sweep.
type timedFlags struct {
	blockInterval time.Duration
	selfish       float64
	confirmations int
	randomTies    bool
	failLink      []string
	failLinks     []sim.LinkFailure
	sweep         []string
}

func (t *timedFlags) register(fs *flag.FlagSet) {
	fs.DurationVar(&t.blockInterval, "block-interval", 10*time.Second, "")
	fs.Float64Var(&t.selfish, "selfish", 0, "")
	fs.IntVar(&t.confirmations, "confirmations", 6, "")
	fs.BoolVar(&t.randomTies, "random-ties", false, "")
	fs.Var((*multi)(&t.failLink), "fail-link", "")
	fs.Var((*multi)(&t.sweep), "sweep", "")
}

// parse reads the flags' values that need it, after the flags are parsed.
func (t *timedFlags) parse(name string) error {
	for _, spec := range t.failLink {
		l, err := sim.ParseLinkFailure(spec)
		if err != nil {
			return usagef("%s: --fail-link %v", name, err)
		}
		t.failLinks = append(t.failLinks, l)
	}
	return nil
}

func (t *timedFlags) config() protocols.TimedConfig {
	return protocols.TimedConfig{BlockInterval: t.blockInterval, Selfish: t.selfish, Confirmations: t.confirmations,
		RandomTies: t.randomTies, FailLinks: t.failLinks}
}

// sweepAxis is one --sweep FLAG=V1,V2,...: the flag and its values.
type sweepAxis struct {
	flag   string
	values []string
}

func parseSweep(name string, specs []string) ([]sweepAxis, error) {
	if len(specs) > 2 {
		return nil, usagef("%s: --sweep: at most two (the plot's x axis, then one line per value)", name)
	}
	var axes []sweepAxis
	for _, s := range specs {
		fl, vals, ok := strings.Cut(s, "=")
		fl = strings.TrimLeft(fl, "-")
		if !ok || fl == "" || vals == "" {
			return nil, usagef("%s: --sweep %q: want FLAG=V1,V2,..., e.g. latency=100ms,1s,3s", name, s)
		}
		switch fl {
		case "sweep", "output", "csv", "plots", "plot-format", "plot-at", "quiet", "visualize", "visualize-at":
			return nil, usagef("%s: --sweep %s: --%s cannot be swept", name, fl, fl)
		}
		axes = append(axes, sweepAxis{fl, strings.Split(vals, ",")})
	}
	return axes, nil
}

// sweepPoint is one run of a sweep: the swept flags' values and the protocol's metrics.
type sweepPoint struct {
	Params  map[string]string  `json:"params"`
	Metrics map[string]float64 `json:"metrics"`
}

// runSweep runs the simulation once for each combination of the --sweep values (the other
// flags as given), prints a table of the protocol's metrics, and writes them with --output
// (JSON), --csv (sweep.csv) and --plots (one plot per metric the protocol names).
func runSweep(name string, proto protocols.Protocol, args []string, f *simFlags, stdout, stderr io.Writer) (int, error) {
	axes, err := parseSweep(name, f.timed.sweep)
	if err != nil {
		return 0, err
	}
	combos := [][]string{nil}
	for _, ax := range axes {
		var next [][]string
		for _, c := range combos {
			for _, v := range ax.values {
				next = append(next, append(slices.Clone(c), v))
			}
		}
		combos = next
	}
	for _, o := range []struct {
		flag, path string
		dir        bool
	}{{"--output", f.output, false}, {"--csv", f.csv, true}, {"--plots", f.plots, true}} {
		if o.path != "" {
			if err := checkWritable(o.flag, o.path, o.dir); err != nil {
				return 0, usagef("%s: %v", name, err)
			}
		}
	}
	// Every run is built (and its simulation set up) before the first starts, so that bad
	// input stops the sweep at once.
	type run struct {
		params map[string]string
		cfg    sim.Config
		built  protocols.SimSetup
	}
	var runs []run
	for _, c := range combos {
		pargs := slices.Clone(args)
		params := map[string]string{}
		for k, ax := range axes {
			v := c[k]
			if ax.flag == "bug" && v == "none" {
				v = "" // the correct protocol, beside its bugs
			}
			pargs = append(pargs, "--"+ax.flag+"="+v) // one argument, so that booleans take it
			params[ax.flag] = c[k]
		}
		pf, err := parseSimFlags(name, joinLatency(pargs), io.Discard)
		if err != nil {
			return 0, sweepError(name, params, axes, err)
		}
		p := proto
		if _, ok := params["algorithm"]; ok { // --sweep algorithm=dv,linkstate compares protocols
			if p, err = protocols.LookupFor(protocols.CmdSimulate, pf.algorithm); err != nil {
				return 0, sweepError(name, params, axes, err)
			}
		}
		if pf.bug != "" && !slices.Contains(p.BugNames(), pf.bug) {
			return 0, sweepError(name, params, axes, fmt.Errorf("--bug: unknown bug %q of %s (bugs: %s)", pf.bug, p.Name, strings.Join(p.BugNames(), ", ")))
		}
		cfg, built, err := pf.build(name, p)
		if err != nil {
			return 0, sweepError(name, params, axes, err)
		}
		if built.Metrics == nil {
			return 0, usagef("%s: --sweep: %s reports no metrics of its own to sweep", name, p.Name)
		}
		if _, err := sim.New(cfg); err != nil {
			return 0, sweepError(name, params, axes, fmt.Errorf("%s", simFlagNames(err.Error())))
		}
		runs = append(runs, run{params, cfg, built})
	}
	ctx, stop := interruptible()
	defer stop()
	var points []sweepPoint
	var metricNames []string
	var sweepMetrics []string
	var baselines map[string]string
	violated := false
	for i, r := range runs {
		params, cfg, built := r.params, r.cfg, r.built
		if !f.quiet {
			fmt.Fprintf(stderr, "sweep %d/%d: %s\n", i+1, len(runs), sweepLabel(params, axes))
		}
		res, err := sim.Simulate(ctx, cfg)
		if err != nil {
			if ctx.Err() != nil {
				fmt.Fprintf(stdout, "interrupted at sweep point %d of %d\n", i+1, len(runs))
				return exitInconclusive, nil
			}
			return 0, usagef("%s: %v", name, simFlagNames(err.Error()))
		}
		m := built.Metrics(res)
		if res.Violation != nil {
			violated = true
			fmt.Fprintf(stdout, "VIOLATED %s at %s (seed %d): run it alone to see the steps\n", res.Violation.Property, sweepLabel(params, axes), cfg.Seed)
		}
		points = append(points, sweepPoint{Params: params, Metrics: m})
		for k := range m {
			if !slices.Contains(metricNames, k) {
				metricNames = append(metricNames, k)
			}
		}
		sweepMetrics, baselines = built.SweepMetrics, built.SweepBaselines
	}
	slices.Sort(metricNames)
	writeSweepTable(stdout, name, axes, metricNames, points)
	var wrote []string
	if f.output != "" {
		err := writeFile(f.output, func(w io.Writer) error {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(map[string]any{"protocol": proto.Name, "params": f.params(), "sweep": points})
		})
		if err != nil {
			return 0, usagef("%s: --output: %v", name, err)
		}
		wrote = append(wrote, f.output)
	}
	if f.csv != "" {
		path := filepath.Join(f.csv, "sweep.csv")
		if err := writeSweepCSV(path, axes, metricNames, points); err != nil {
			return 0, usagef("%s: --csv: %v", name, err)
		}
		wrote = append(wrote, path)
	}
	if f.plots != "" {
		files, err := plotSweep(f.plots, f.plotFormat, proto.Name, axes, sweepMetrics, baselines, points)
		if err != nil {
			return 0, usagef("%s: --plots: %v", name, err)
		}
		wrote = append(wrote, files...)
	}
	if len(wrote) > 0 {
		fmt.Fprintf(stdout, "wrote %s\n", strings.Join(wrote, ", "))
	}
	if violated {
		return exitViolation, nil
	}
	return exitOK, nil
}

// sweepError says which run of the sweep an error is of.
func sweepError(name string, params map[string]string, axes []sweepAxis, err error) error {
	msg := strings.TrimPrefix(err.Error(), name+": ")
	msg = strings.TrimSuffix(msg, " (see distcheck "+name+" --help)")
	return usagef("%s: --sweep, run with %s: %s", name, sweepLabel(params, axes), msg)
}

func sweepLabel(params map[string]string, axes []sweepAxis) string {
	var parts []string
	for _, ax := range axes {
		parts = append(parts, "--"+ax.flag+" "+params[ax.flag])
	}
	return strings.Join(parts, " ")
}

func sweepCell(v float64, ok bool) string {
	if !ok {
		return "-"
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// sweepRows returns the sweep as rows of cells, the header first: the swept flags' values,
// then the metrics, each written by cell (ok is false for a metric a run did not report).
func sweepRows(axes []sweepAxis, metrics []string, points []sweepPoint, cell func(v float64, ok bool) string) [][]string {
	var head []string
	for _, ax := range axes {
		head = append(head, ax.flag)
	}
	rows := [][]string{append(head, metrics...)}
	for _, p := range points {
		var row []string
		for _, ax := range axes {
			row = append(row, p.Params[ax.flag])
		}
		for _, m := range metrics {
			v, ok := p.Metrics[m]
			row = append(row, cell(v, ok))
		}
		rows = append(rows, row)
	}
	return rows
}

func writeSweepTable(out io.Writer, name string, axes []sweepAxis, metrics []string, points []sweepPoint) {
	fmt.Fprintf(out, "%s: %d runs\n", name, len(points))
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	defer w.Flush()
	for _, row := range sweepRows(axes, metrics, points, sweepCell) {
		fmt.Fprintf(w, "  %s\n", strings.Join(row, "\t"))
	}
}

func writeSweepCSV(path string, axes []sweepAxis, metrics []string, points []sweepPoint) error {
	return writeFile(path, func(out io.Writer) error {
		w := csv.NewWriter(out)
		err := w.WriteAll(sweepRows(axes, metrics, points, func(v float64, ok bool) string {
			if !ok {
				return ""
			}
			return strconv.FormatFloat(v, 'g', -1, 64)
		}))
		if err != nil {
			return err
		}
		return w.Error()
	})
}

// sweepX reads a swept value as a number for the plot: a duration in seconds, or a number.
func sweepX(flag, v string) (float64, error) {
	if x, err := strconv.ParseFloat(v, 64); err == nil {
		return x, nil
	}
	if d, err := time.ParseDuration(v); err == nil {
		return d.Seconds(), nil
	}
	return 0, fmt.Errorf("--sweep %s: %q is not a number or a duration, so it cannot be the x axis", flag, v)
}

// plotSweep draws each metric against the first swept flag, one line per value of the second,
// and its baseline metric, if any, dashed (from the first line's runs).
func plotSweep(dir, format, proto string, axes []sweepAxis, metrics []string, baselines map[string]string, points []sweepPoint) ([]string, error) {
	x := axes[0]
	xs := make([]float64, len(x.values))
	unit := ""
	for i, v := range x.values {
		var err error
		if xs[i], err = sweepX(x.flag, v); err != nil {
			return nil, err
		}
		if _, err := time.ParseDuration(v); err == nil {
			unit = " (s)"
		}
	}
	lines := []string{""}
	if len(axes) > 1 {
		lines = axes[1].values
	}
	var paths []string
	line := func(m, l string) simplot.Series {
		s := simplot.Series{Label: proto}
		if len(axes) > 1 {
			s.Label = "--" + axes[1].flag + " " + l
		}
		for i, v := range x.values {
			for _, p := range points {
				if p.Params[x.flag] == v && (len(axes) == 1 || p.Params[axes[1].flag] == l) {
					if y, ok := p.Metrics[m]; ok {
						s.X, s.Y = append(s.X, xs[i]), append(s.Y, y)
					}
				}
			}
		}
		return s
	}
	for _, m := range metrics {
		var series []simplot.Series
		for _, l := range lines {
			series = append(series, line(m, l))
		}
		if b, ok := baselines[m]; ok {
			s := line(b, lines[0])
			s.Label, s.Dashed = b, true
			series = append(series, s)
		}
		file, err := simplot.Lines(dir, "sweep-"+strings.ReplaceAll(m, "_", "-"), simplot.Options{Format: format},
			fmt.Sprintf("%s: %s against --%s", proto, m, x.flag), "--"+x.flag+unit, m, series)
		if err != nil {
			return paths, err
		}
		paths = append(paths, file.Path)
	}
	return paths, nil
}

package protocols

import (
	"time"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/explore/sim"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/clocksync"
)

// clockProtocols are the clock synchronisation algorithms, simulated with drifting clocks.
func clockProtocols() []Protocol {
	summaries := map[string]string{
		"cristian": "physical clocks: clients set their clock to a time server's plus half the round trip, every --period; --drift, --skew",
		"berkeley": "physical clocks: a master polls every clock, averages those near the median and sends corrections; --malicious N faulty clocks",
		"ntp":      "physical clocks: offset and delay from NTP's four timestamps, against a time server, every --period; --drift, --skew",
	}
	var out []Protocol
	for _, alg := range clocksync.Algorithms {
		out = append(out, Protocol{Name: alg, Summary: summaries[alg], Layer: ActorLayer, Bugs: clocksync.Catalogs[alg], simulate: clockSim(alg), malicious: true})
	}
	return out
}

// clockSim builds a run of algorithm alg: 5 nodes unless --nodes, clocks drifting up to
// --drift ppm from an initial error up to --skew, a synchronisation every --period, the time
// server answering within 10 ms.
func clockSim(alg string) func(SimConfig) (SimSetup, error) {
	return func(c SimConfig) (SimSetup, error) {
		cfg := clocksync.Config{Nodes: c.Nodes, DriftPPM: c.DriftPPM, Skew: c.Skew, Period: c.Period,
			Faulty: c.Malicious, Processing: 10 * time.Millisecond, Bug: bugs.Bug(c.Bug)}
		if !c.NodesGiven {
			cfg.Nodes = 5
		}
		if err := cfg.Validate(alg); err != nil {
			return SimSetup{}, flagged(err, "", map[string]string{"nodes": "--nodes", "drift": "--drift", "skew": "--skew", "period": "--period", "faulty": "--malicious"})
		}
		var props []model.Property[*actor.State]
		if c.CheckBound {
			props = clocksync.Properties()
		}
		return SimSetup{Types: clocksync.Types(alg, cfg), FullMesh: true, Props: props,
			Metrics: func(res *sim.Result) map[string]float64 { return clocksync.RecordsOf(res, cfg.Sample).Metrics() },
			Plots: func(dir, format string, res *sim.Result) ([]string, error) {
				path, err := clocksync.WritePlot(dir, format, alg, clocksync.RecordsOf(res, cfg.Sample))
				if err != nil {
					return nil, err
				}
				return []string{path}, nil
			},
			CSV: func(dir string, res *sim.Result) ([]string, error) {
				return clocksync.RecordsOf(res, cfg.Sample).WriteCSV(dir)
			}}, nil
	}
}

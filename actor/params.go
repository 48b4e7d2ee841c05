package actor

import (
	"fmt"
	"strconv"
)

// faultParams names the fault budgets and options as trace parameters and command-line flags.
var faultParams = []struct {
	name string
	num  func(f *Faults) *int
	flag func(f *Faults) *bool
}{
	{name: "drops", num: func(f *Faults) *int { return &f.Drops }},
	{name: "duplicates", num: func(f *Faults) *int { return &f.Duplicates }},
	{name: "crashes", num: func(f *Faults) *int { return &f.Crashes }},
	{name: "recoveries", num: func(f *Faults) *int { return &f.Recoveries }},
	{name: "max-down", num: func(f *Faults) *int { return &f.MaxDown }},
	{name: "lose-while-down", flag: func(f *Faults) *bool { return &f.LoseWhileDown }},
	{name: "partitions", num: func(f *Faults) *int { return &f.Partitions }},
	{name: "one-way", flag: func(f *Faults) *bool { return &f.OneWay }},
}

// Params returns the budgets and options that are set, as trace parameters: "drops" → "1",
// "one-way" → "true", and so on (Splits are not included).
func (f Faults) Params() map[string]string {
	out := map[string]string{}
	for _, p := range faultParams {
		switch {
		case p.num != nil && *p.num(&f) != 0:
			out[p.name] = strconv.Itoa(*p.num(&f))
		case p.flag != nil && *p.flag(&f):
			out[p.name] = "true"
		}
	}
	return out
}

// SetParam sets the budget or option that a trace parameter names, and reports whether name is
// one.
func (f *Faults) SetParam(name, value string) (bool, error) {
	for _, p := range faultParams {
		if p.name != name {
			continue
		}
		if p.flag != nil {
			b, err := strconv.ParseBool(value)
			if err != nil {
				return true, fmt.Errorf("fault option %s=%q is not true or false", name, value)
			}
			*p.flag(f) = b
			return true, nil
		}
		n, err := strconv.Atoi(value)
		if err != nil {
			return true, fmt.Errorf("fault budget %s=%q is not a whole number", name, value)
		}
		*p.num(f) = n
		return true, nil
	}
	return false, nil
}

// FaultParamNames returns the names that Params and SetParam use, in a fixed order.
func FaultParamNames() []string {
	var out []string
	for _, p := range faultParams {
		out = append(out, p.name)
	}
	return out
}

// TraceParams returns the Params of a System in the form that traces and the command line use:
// the protocol's own integer parameters, "bug" for a buggy variant, the fault budgets (see
// Faults.Params), and the adversary's size and powers: "byzantine" (how many nodes),
// "behavior", "sybils" and "byzantine-sends". Built-in protocols build their Params with it so
// that `distcheck replay` can rebuild the system a trace came from.
func TraceParams(own map[string]int, bug string, f Faults, b Byzantine) map[string]string {
	out := f.Params()
	for k, v := range own {
		out[k] = strconv.Itoa(v)
	}
	if bug != "" {
		out["bug"] = bug
	}
	if len(b.Nodes) > 0 || b.Sybils > 0 {
		out["byzantine"] = strconv.Itoa(len(b.Nodes))
		out["behavior"] = b.Behavior.String()
		if b.Sybils > 0 {
			out["sybils"] = strconv.Itoa(b.Sybils)
		}
		if b.Sends > 0 {
			out["byzantine-sends"] = strconv.Itoa(b.Sends)
		}
	}
	return out
}

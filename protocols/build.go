package protocols

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/protocols/adversary"
	"github.com/distcheck/distcheck/protocols/bugs"
)

// actorBuild returns the build function of an actor-layer protocol whose package constructor is
// newSys: it fills the package's configuration C from a registry Config — each parameter into
// the int field of the same name in CamelCase ("max-term" into MaxTerm), and the Faults, Bug
// and Adversary fields when C has them — so that a parameter is named once, in the registry,
// and a parameter without its field is an error, not a silently ignored flag.
func actorBuild[C any](newSys func(C) (*actor.System, error)) func(Config) (distcheck.Runner, error) {
	return func(c Config) (distcheck.Runner, error) {
		var cfg C
		v := reflect.ValueOf(&cfg).Elem()
		for name, x := range c.Params {
			// Case aside, so that an initialism keeps its Go spelling: "qos" is QoS.
			f := v.FieldByNameFunc(func(field string) bool { return strings.EqualFold(field, fieldName(name)) })
			if !f.IsValid() || f.Kind() != reflect.Int {
				return nil, fmt.Errorf("parameter %s has no int field %s in %T", name, fieldName(name), cfg)
			}
			f.SetInt(int64(x))
		}
		set := func(field string, x any) error {
			f := v.FieldByName(field)
			switch {
			case !f.IsValid():
				return nil
			case f.Type() != reflect.TypeOf(x):
				return fmt.Errorf("field %s of %T is a %s, not a %T", field, cfg, f.Type(), x)
			}
			f.Set(reflect.ValueOf(x))
			return nil
		}
		for _, err := range []error{
			set("Faults", c.Faults),
			set("Bug", bugs.Bug(c.Bug)),
			set("Adversary", sized(c.Adversary)),
		} {
			if err != nil {
				return nil, err
			}
		}
		return runner(newSys(cfg))
	}
}

// runner wraps the result of an actor-layer protocol's constructor.
func runner(sys *actor.System, err error) (distcheck.Runner, error) {
	if err != nil {
		return nil, err
	}
	return distcheck.NewRunner(sys), nil
}

// sized is the adversary of a protocol package's configuration, sized by the command line.
func sized(a Adversary) adversary.Config {
	return adversary.Config{Byzantine: a.Byzantine, Behavior: a.Behavior, Sybils: a.Sybils, Sends: a.Sends}
}

// fieldName is the Go field name of a parameter: "max-term" is MaxTerm, "f" is F.
func fieldName(param string) string {
	var b strings.Builder
	for _, w := range strings.Split(param, "-") {
		if w != "" {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}

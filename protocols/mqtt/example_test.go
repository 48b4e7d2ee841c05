package mqtt_test

import (
	"context"
	"fmt"

	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/explore"
	"github.com/distcheck/distcheck/protocols/mqtt"
)

// A QoS 2 receiver that delivers on every PUBLISH delivers a retried one twice: here the
// subscriber, whose PUBREC was lost.
func Example() {
	sys, err := mqtt.New(mqtt.Config{Readings: 1, QoS: 2, Faults: actor.Faults{Drops: 1}, Bug: mqtt.BugForwardOnPublish})
	if err != nil {
		panic(err)
	}
	res, err := explore.Run(context.Background(), sys, explore.Options{Workers: 1})
	if err != nil {
		panic(err)
	}
	for _, v := range res.Violations {
		fmt.Println(v.Property, "fails:")
		for _, st := range v.Path.Steps {
			fmt.Println("  ", counterexamples.Record(st.Action, sys.ActorNames()))
		}
		fmt.Println("   the subscriber got", mqtt.Got(v.Path.Last()))
	}
	// Output:
	// NoDuplicates fails:
	//    timeout sensor "read"
	//    deliver sensor→broker mqtt.Publish{ID:1, Reading:1}
	//    deliver broker→sensor mqtt.PubRec{ID:1}
	//    deliver sensor→broker mqtt.PubRel{ID:1}
	//    deliver broker→sensor mqtt.PubComp{ID:1}
	//    deliver broker→subscriber mqtt.Publish{ID:1, Reading:1}
	//    drop subscriber→broker mqtt.PubRec{ID:1}
	//    timeout broker "retry"
	//    deliver broker→subscriber mqtt.Publish{ID:1, Reading:1}
	//    the subscriber got [2]
}

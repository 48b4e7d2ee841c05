package mqtt_test

import (
	"fmt"
	"testing"

	"github.com/distcheck/distcheck"
	"github.com/distcheck/distcheck/actor"
	"github.com/distcheck/distcheck/actor/actortest"
	"github.com/distcheck/distcheck/internal/reach"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
	"github.com/distcheck/distcheck/protocols/bugs"
	"github.com/distcheck/distcheck/protocols/mqtt"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// At every level, on every execution with up to two lost packets, the subscriber receives only
// published readings, none twice at QoS 0 and 2, and under fairness every one at QoS 1 and 2.
func TestMQTTDeliversAsItsLevelPromises(t *testing.T) {
	for qos := range 3 {
		for _, c := range []mqtt.Config{
			{Readings: 1, QoS: qos}, {Readings: 1, QoS: qos, Faults: actor.Faults{Drops: 2}},
			{Readings: 2, QoS: qos, Faults: actor.Faults{Drops: 2}},
		} {
			t.Run(fmt.Sprintf("qos=%d,readings=%d,drops=%d", c.QoS, c.Readings, c.Faults.Drops), func(t *testing.T) {
				res := distcheck.Check(t, actortest.System(t, mqtt.New, c))
				require.NotNil(t, res)
				assert.True(t, res.Exhaustive)
			})
		}
	}
}

// Without losses, one reading's flow is a chain: the sensor's read, then the packets of the
// first hop up to the one on whose delivery the broker forwards (f of them), and then the rest
// of the first hop's packets (k−f, in flight or delivered: k−f+1 states) beside the second
// hop's k packets (k+1 states), independently. A flow has k = 1, 2, 4 packets at QoS 0, 1, 2
// (PUBLISH; PUBACK; PUBREC, PUBREL, PUBCOMP), and the broker forwards on the first (QoS 0 and
// 1) or the third (QoS 2, the PUBREL): 1 + f + (k−f+1)(k+1) = 4, 8 and 14 states.
func TestOneReadingCountsAreHandCounted(t *testing.T) {
	for qos, flow := range []struct{ k, f int }{{1, 1}, {2, 1}, {4, 3}} {
		t.Run(fmt.Sprint("qos=", qos), func(t *testing.T) {
			reach.Explorer(t, actortest.System(t, mqtt.New, mqtt.Config{Readings: 1, QoS: qos}), 1+flow.f+(flow.k-flow.f+1)*(flow.k+1))
		})
	}
}

// withProp returns sys with p added to its properties.
func withProp(sys *actor.System, p model.Property[*actor.State]) *actor.System {
	sys.Props = append(sys.Props, p)
	return sys
}

// At most once: at QoS 0 a lost packet loses the reading — NoLoss, which QoS 0 does not
// promise, fails when it is checked.
func TestQoS0LosesAReading(t *testing.T) {
	sys := actortest.System(t, mqtt.New, mqtt.Config{Readings: 1, QoS: 0, Faults: actor.Faults{Drops: 1}})
	sys.Props = mqtt.Properties(1, 1)
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("NoLoss"), distcheck.Workers(1), distcheck.TraceDir(t.TempDir()))
	v := distcheck.Violation(t, res, "NoLoss")
	assert.Equal(t, 1, v.Path.Kinds()[model.ActionDrop])
	assert.Equal(t, []int{0}, mqtt.Got(v.Path.Last()))
}

// At least once: at QoS 1 a lost PUBACK makes the sender retry, and the subscriber receives
// the reading twice — which QoS 1 allows (QoS 2's NoDuplicates rules it out).
func TestQoS1DuplicatesAfterALostAck(t *testing.T) {
	twice := properties.Sometimes("ReceivedTwice", func(s *actor.State) bool { return mqtt.Got(s)[0] == 2 })
	sys := withProp(actortest.System(t, mqtt.New, mqtt.Config{Readings: 1, QoS: 1, Faults: actor.Faults{Drops: 1}}), twice)
	res := distcheck.Check(t, sys)
	require.NotNil(t, res)
	assert.True(t, res.Exhaustive)
}

// retried reports whether a path's steps include a retry.
func retried(steps []model.Action) bool {
	for _, a := range steps {
		if a.Kind == model.ActionTimeout && a.Msg == mqtt.RetryTimer {
			return true
		}
	}
	return false
}

// duplicated checks bug's counterexample to NoDuplicates at QoS 2: one lost packet, a retry,
// and the reading received twice. It returns the steps.
func duplicated(t *testing.T, bug bugs.Bug) []model.Action {
	t.Helper()
	sys := actortest.System(t, mqtt.New, mqtt.Config{Readings: 1, QoS: 2, Faults: actor.Faults{Drops: 1}, Bug: bug})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("NoDuplicates"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "NoDuplicates")
	assert.Equal(t, []int{2}, mqtt.Got(v.Path.Last()))
	assert.Equal(t, 1, v.Path.Kinds()[model.ActionDrop])
	var steps []model.Action
	for _, st := range v.Path.Steps {
		steps = append(steps, st.Action)
	}
	assert.True(t, retried(steps), "a retry")
	return steps
}

// dropped returns the packet a path's drop lost.
func dropped(steps []model.Action) actor.Message {
	for _, a := range steps {
		if a.Kind == model.ActionDrop {
			return a.Msg
		}
	}
	return nil
}

// Delivering on every PUBLISH: a PUBREC lost, the PUBLISH retried, the reading forwarded twice.
func TestForwardOnPublishDuplicates(t *testing.T) {
	steps := duplicated(t, mqtt.BugForwardOnPublish)
	assert.IsType(t, mqtt.PubRec{}, dropped(steps))
}

// Retrying the PUBLISH after the PUBREC: a PUBCOMP lost, the PUBLISH resent after the receiver
// discarded its identifier, a new publication.
func TestResendPublishDuplicates(t *testing.T) {
	steps := duplicated(t, mqtt.BugResendPublish)
	assert.IsType(t, mqtt.PubComp{}, dropped(steps))
}

// Forgetting a QoS 1 message once sent: a lost PUBLISH is never retried, and nothing more
// happens.
func TestForgetBeforeAckLosesAReading(t *testing.T) {
	sys := actortest.System(t, mqtt.New, mqtt.Config{Readings: 1, QoS: 1, Faults: actor.Faults{Drops: 1}, Bug: mqtt.BugForgetBeforeAck})
	res := distcheck.Check(t, sys, distcheck.ExpectViolation("NoLoss"), distcheck.Workers(1))
	v := distcheck.Violation(t, res, "NoLoss")
	assert.Negative(t, v.Loop, "a path that ends")
	assert.IsType(t, mqtt.Publish{}, v.Path.Steps[len(v.Path.Steps)-1].Action.Msg)
	assert.Equal(t, []int{0}, mqtt.Got(v.Path.Last()))
}

// The saved counterexamples replay and still fail.
func TestSavedCounterexamplesReplay(t *testing.T) {
	for test, c := range map[string]mqtt.Config{
		"TestForwardOnPublishDuplicates":   {Readings: 1, QoS: 2, Faults: actor.Faults{Drops: 1}, Bug: mqtt.BugForwardOnPublish},
		"TestResendPublishDuplicates":      {Readings: 1, QoS: 2, Faults: actor.Faults{Drops: 1}, Bug: mqtt.BugResendPublish},
		"TestForgetBeforeAckLosesAReading": {Readings: 1, QoS: 1, Faults: actor.Faults{Drops: 1}, Bug: mqtt.BugForgetBeforeAck},
	} {
		sys := actortest.System(t, mqtt.New, c)
		assert.Equal(t, 1, distcheck.ReplaySaved(t, sys, test), test)
	}
}

func TestBadConfigurationsAreErrors(t *testing.T) {
	_, err := mqtt.New(mqtt.Config{Readings: 0, QoS: 1})
	assert.EqualError(t, err, "mqtt: readings is 0, want 1 to 3")
	_, err = mqtt.New(mqtt.Config{Readings: 1, QoS: 3})
	assert.EqualError(t, err, "mqtt: qos is 3, want 0 to 2")
	_, err = mqtt.New(mqtt.Config{Readings: 1, QoS: 1, Bug: "x"})
	assert.EqualError(t, err, `mqtt: unknown bug "x" (known: forward-on-publish, resend-publish, forget-before-ack)`)
}

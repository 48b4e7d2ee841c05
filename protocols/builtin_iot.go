package protocols

import "github.com/distcheck/distcheck/protocols/mqtt"

// iotProtocols returns the protocols of the course's chapter on the Internet of Things.
func iotProtocols() []Protocol { return []Protocol{mqttPublish()} }

func mqttPublish() Protocol {
	return Protocol{
		Name: "mqtt",
		Summary: "MQTT 3.1.1 publish from a sensor through a broker to a subscriber over lossy links (--drops): " +
			"QoS 0 at most once, QoS 1 at least once (no loss), QoS 2 exactly once (no loss, no duplicate)",
		Layer: ActorLayer,
		Params: []Param{
			{Name: "readings", Default: 1, Min: 1, Max: 3, Help: "readings the sensor publishes"},
			{Name: "qos", Default: 2, Min: 0, Max: 2, Help: "quality of service of both hops: 0, 1 or 2"},
		},
		Bugs:  mqtt.Catalog,
		build: actorBuild(mqtt.New),
	}
}

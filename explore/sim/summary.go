package sim

import (
	"math"
	"slices"
	"time"

	"gonum.org/v1/gonum/stat"
)

// Summary is a run's headline metrics. Receivers are the honest peers that are not clients:
// the ones every item should reach. Measured items are those honest peers produced before the
// settle time (Config.Settle before the end).
type Summary struct {
	Peers     int `json:"peers"`
	Receivers int `json:"receivers"`
	// OnlineAtEnd counts the receivers online at the end.
	OnlineAtEnd int `json:"online_at_end"`
	// Items counts the items honest peers produced; Measured those before the settle time.
	Items    int `json:"items"`
	Measured int `json:"measured_items"`
	// Coverage is the fraction of (measured item, receiver online at the end) pairs where the
	// receiver got the item; Missing counts the other pairs, PeersMissing the receivers online
	// at the end that miss at least one measured item, and ItemsComplete is the fraction of
	// measured items that every receiver online at the end got.
	Coverage      float64 `json:"coverage"`
	Missing       int     `json:"missing"`
	PeersMissing  int     `json:"peers_missing"`
	ItemsComplete float64 `json:"items_complete"`
	// Deliveries counts first receipts of honest items by receivers; the delays are from an
	// item's production to those receipts, in seconds.
	Deliveries  int64   `json:"deliveries"`
	DelayMean   float64 `json:"delay_mean_s"`
	DelayMedian float64 `json:"delay_median_s"`
	DelayP90    float64 `json:"delay_p90_s"`
	DelayMax    float64 `json:"delay_max_s"`
	// TimesSeen is the mean number of copies a receiver took of an item it got (1 is no
	// overhead).
	TimesSeen float64 `json:"times_seen_mean"`
	// BytesPerDelivery is every byte sent over Deliveries: the bandwidth cost of a delivery.
	BytesPerDelivery float64 `json:"bytes_per_delivery"`
	// BandwidthMean is the bytes per second a receiver sends, on average.
	BandwidthMean float64 `json:"bytes_per_peer_per_s"`
	BytesSent     int64   `json:"bytes_sent"`
	MessagesSent  int64   `json:"messages_sent"`
	// MessagesLost were lost to packet loss; MessagesOffline reached an offline peer.
	MessagesLost    int64 `json:"messages_lost"`
	MessagesOffline int64 `json:"messages_offline"`
	// Wrong counts receipts by honest peers of content the item's honest origin did not
	// produce, or of items never produced (Bogus counts those items). Disagreements counts
	// items whose honest holders hold different contents.
	Wrong         int `json:"wrong_deliveries"`
	Bogus         int `json:"bogus_items"`
	Disagreements int `json:"disagreements"`
	// Ops counts client operations, OpsReturned those that returned, and the latencies are
	// theirs, in seconds.
	Ops           int     `json:"ops"`
	OpsReturned   int     `json:"ops_returned"`
	OpLatencyMean float64 `json:"op_latency_mean_s"`
	OpLatencyP99  float64 `json:"op_latency_p99_s"`
	Events        int64   `json:"events"`
}

// ConvergencePoint is how far the measured items had spread at one age (time since their
// production): the fraction of receivers holding each, its mean and spread over the items.
type ConvergencePoint struct {
	Age  float64 `json:"age_s"`
	Mean float64 `json:"mean"`
	P10  float64 `json:"p10"`
	P90  float64 `json:"p90"`
	Min  float64 `json:"min"`
	Max  float64 `json:"max"`
}

// TrafficPoint is the receivers' traffic in one time bucket: bytes and messages sent per
// second, median and spread over the receivers.
type TrafficPoint struct {
	T           float64 `json:"t_s"`
	BytesP10    float64 `json:"bytes_p10"`
	BytesMedian float64 `json:"bytes_median"`
	BytesP90    float64 `json:"bytes_p90"`
	MsgsP10     float64 `json:"msgs_p10"`
	MsgsMedian  float64 `json:"msgs_median"`
	MsgsP90     float64 `json:"msgs_p90"`
}

// Measured reports whether it counts in the delivery metrics: an honest peer produced it, no
// later than Settle before the end.
func (r *Result) Measured(it *Item) bool {
	return it.Produced >= 0 && !it.ByMalicious && it.Produced <= r.Duration-r.Settle
}

// Receivers returns the IDs of the receivers, in order.
func (r *Result) Receivers() []int {
	var out []int
	for i := range r.Peers {
		if r.Peers[i].Receiver() {
			out = append(out, i)
		}
	}
	return out
}

// Summarize computes the headline metrics.
func (r *Result) Summarize() Summary {
	s := Summary{Peers: len(r.Peers), Events: r.Events}
	recv := r.Receivers()
	s.Receivers = len(recv)
	var online []int
	for _, p := range recv {
		if r.Peers[p].OnlineAt(r.Duration) {
			online = append(online, p)
		}
	}
	s.OnlineAtEnd = len(online)
	var delays, seen []float64
	missingPeers := map[int]bool{}
	complete := 0
	for i := range r.Items {
		it := &r.Items[i]
		if it.Produced >= 0 && !it.ByMalicious {
			s.Items++
		}
		s.Wrong += r.wrong(it)
		if it.Produced < 0 && it.Receipts != nil {
			s.Bogus++
		}
		if r.disagree(it) {
			s.Disagreements++
		}
		if it.Produced < 0 || it.ByMalicious {
			continue
		}
		for _, p := range recv {
			if rc := it.receipt(p); rc.Count > 0 {
				s.Deliveries++
				delays = append(delays, (rc.First - it.Produced).Seconds())
				seen = append(seen, float64(rc.Count))
			}
		}
		if !r.Measured(it) {
			continue
		}
		s.Measured++
		all := true
		for _, p := range online {
			if it.receipt(p).Count == 0 {
				s.Missing++
				missingPeers[p] = true
				all = false
			}
		}
		if all {
			complete++
		}
	}
	s.PeersMissing = len(missingPeers)
	if pairs := s.Measured * len(online); pairs > 0 {
		s.Coverage = 1 - float64(s.Missing)/float64(pairs)
	}
	if s.Measured > 0 {
		s.ItemsComplete = float64(complete) / float64(s.Measured)
	}
	if len(delays) > 0 {
		slices.Sort(delays)
		s.DelayMean = stat.Mean(delays, nil)
		s.DelayMedian = stat.Quantile(0.5, stat.Empirical, delays, nil)
		s.DelayP90 = stat.Quantile(0.9, stat.Empirical, delays, nil)
		s.DelayMax = delays[len(delays)-1]
		s.TimesSeen = stat.Mean(seen, nil)
	}
	s.BytesSent, s.MessagesSent = r.Messages.Bytes, r.Messages.Sent
	s.MessagesLost, s.MessagesOffline = r.Messages.Lost, r.Messages.Offline
	if s.Deliveries > 0 {
		s.BytesPerDelivery = float64(s.BytesSent) / float64(s.Deliveries)
	}
	if len(recv) > 0 {
		var bytes int64
		for _, row := range r.Traffic {
			for _, p := range recv {
				bytes += row[p].BytesOut
			}
		}
		s.BandwidthMean = float64(bytes) / float64(len(recv)) / r.Duration.Seconds()
	}
	var lat []float64
	for _, op := range r.Ops {
		s.Ops++
		if op.Returned >= 0 {
			s.OpsReturned++
			lat = append(lat, (op.Returned - op.Invoked).Seconds())
		}
	}
	if len(lat) > 0 {
		slices.Sort(lat)
		s.OpLatencyMean = stat.Mean(lat, nil)
		s.OpLatencyP99 = stat.Quantile(0.99, stat.Empirical, lat, nil)
	}
	return s
}

// receipt returns peer p's receipt of it.
func (it *Item) receipt(p int) Receipt {
	if it.Receipts == nil {
		return Receipt{First: -1}
	}
	return it.Receipts[p]
}

// Receipt returns peer p's receipt of the item (First is -1 if it never got it).
func (it *Item) Receipt(p int) Receipt { return it.receipt(p) }

// wrong counts the honest receipts of it with content its honest origin did not produce.
func (r *Result) wrong(it *Item) int {
	if it.ByMalicious || it.Receipts == nil {
		return 0
	}
	n := 0
	for p, rc := range it.Receipts {
		if rc.Count > 0 && !r.Peers[p].Malicious && (it.Produced < 0 || rc.Digest != it.Digest) {
			n++
		}
	}
	return n
}

// disagree reports whether honest peers hold different contents for it.
func (r *Result) disagree(it *Item) bool {
	var first uint64
	have := false
	for p, rc := range it.Receipts {
		if rc.Count == 0 || r.Peers[p].Malicious {
			continue
		}
		if have && rc.Digest != first {
			return true
		}
		first, have = rc.Digest, true
	}
	return false
}

// Convergence returns the spread of the measured items over the receivers against their age,
// at points evenly spaced up to the largest delay.
func (r *Result) Convergence(points int) []ConvergencePoint {
	recv := r.Receivers()
	if len(recv) == 0 || points < 2 {
		return nil
	}
	var per [][]float64 // each measured item's sorted delays
	maxAge := 0.0
	for i := range r.Items {
		it := &r.Items[i]
		if !r.Measured(it) {
			continue
		}
		var d []float64
		for _, p := range recv {
			if rc := it.receipt(p); rc.Count > 0 {
				d = append(d, (rc.First - it.Produced).Seconds())
			}
		}
		slices.Sort(d)
		if len(d) > 0 {
			maxAge = math.Max(maxAge, d[len(d)-1])
		}
		per = append(per, d)
	}
	if len(per) == 0 {
		return nil
	}
	out := make([]ConvergencePoint, points)
	frac := make([]float64, len(per))
	for k := range out {
		age := maxAge * float64(k) / float64(points-1)
		for i, d := range per {
			n, _ := slices.BinarySearch(d, math.Nextafter(age, math.Inf(1)))
			frac[i] = float64(n) / float64(len(recv))
		}
		sorted := slices.Sorted(slices.Values(frac))
		out[k] = ConvergencePoint{
			Age: age, Mean: stat.Mean(sorted, nil),
			P10: stat.Quantile(0.1, stat.Empirical, sorted, nil), P90: stat.Quantile(0.9, stat.Empirical, sorted, nil),
			Min: sorted[0], Max: sorted[len(sorted)-1],
		}
	}
	return out
}

// TrafficSeries returns the receivers' traffic per second, bucket by bucket.
func (r *Result) TrafficSeries() []TrafficPoint {
	recv := r.Receivers()
	if len(recv) == 0 {
		return nil
	}
	per := r.Bucket.Seconds()
	bytes := make([]float64, len(recv))
	msgs := make([]float64, len(recv))
	var out []TrafficPoint
	for b, row := range r.Traffic {
		if time.Duration(b)*r.Bucket >= r.Duration {
			break
		}
		for i, p := range recv {
			bytes[i] = float64(row[p].BytesOut) / per
			msgs[i] = float64(row[p].MsgsOut) / per
		}
		slices.Sort(bytes)
		slices.Sort(msgs)
		q := func(x []float64, p float64) float64 { return stat.Quantile(p, stat.Empirical, x, nil) }
		out = append(out, TrafficPoint{
			T:        (time.Duration(b) * r.Bucket).Seconds(),
			BytesP10: q(bytes, 0.1), BytesMedian: q(bytes, 0.5), BytesP90: q(bytes, 0.9),
			MsgsP10: q(msgs, 0.1), MsgsMedian: q(msgs, 0.5), MsgsP90: q(msgs, 0.9),
		})
	}
	return out
}

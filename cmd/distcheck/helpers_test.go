package main

import (
	"time"

	"github.com/distcheck/distcheck/explore"
)

func statsFor(distinct, generated int64) explore.Stats {
	return explore.Stats{Distinct: distinct, Generated: generated, MaxDepth: 7, Elapsed: 2 * time.Second}
}

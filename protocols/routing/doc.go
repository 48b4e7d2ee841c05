// Package routing is intradomain routing in virtual time: distance-vector routing
// (Bellman–Ford, as RIP) and link-state routing (flooded link-state advertisements and
// Dijkstra, as OSPF), run by the simulator over its overlay, with links that fail on a
// schedule (sim.LinkFailure). Every link costs one hop.
//
// A router learns that a neighbour is up from any message of it and declares it down after
// Config.Dead without one; it sends something to every neighbour each Config.Period (a DV
// router its vector, a link-state router a Hello), so a failed link is noticed within Dead.
//
// A DV router keeps the last vector each neighbour sent, entry by entry, each entry expiring
// after Dead unless sent again, and routes to each destination through the neighbour that
// offers it most cheaply; it sends its vector when it changes (a triggered update) and each
// Period. Distances reach Config.Infinity (16, as RIP) at most: that is unreachable. Split
// horizon leaves out of the vector sent to a neighbour the routes through that neighbour;
// poisoned reverse sends them as unreachable instead. The named bugs turn them off:
// BugNoSplitHorizon counts to infinity when a link to a destination fails behind two routers
// that route through each other, and BugNoPoisonedReverse (split horizon alone) lets such a
// route linger until it expires. Neither fixes loops of three routers or more, which count
// to infinity still.
//
// A link-state router floods an LSA (its live links and a sequence number) whenever they
// change, sends its whole database to a neighbour that comes up, keeps per origin the LSA
// with the highest sequence number, and computes its routes with Dijkstra's algorithm over
// the links the LSAs report. BugIgnoreSeq takes whichever LSA arrived last, so an old one a
// reconnecting router sends can overwrite a newer one.
//
// The properties (Properties) are judged by the simulator after every step: SimpleRoutes —
// no finite route is longer than the longest simple path (n−1 hops), or two routers are
// counting to infinity through each other — and NewestLSA — a router's database holds the
// newest LSA of each origin that it received. Measure computes, at the end of a run, whether
// every routing table is correct (its next hops lead to each destination along live links in
// the fewest hops) and how long after the last link failure or repair the tables stopped
// changing.
package routing

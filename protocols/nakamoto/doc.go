// Package nakamoto is Nakamoto (longest-chain) consensus as a timed simulation: miners extend
// the chain with the most work they know of, blocks spread over the simulator's overlay with
// its latencies and bandwidth, and proof of work is a random block timer per miner.
//
// Proof of work is memoryless, so a miner with share p of the hash power finds its next block
// after an exponential time of mean Interval / p, whichever tip it is working on (Timeouts
// gives the Mine timer that delay; the run's seed draws it). A block names its parent; all
// blocks have the same difficulty, so the chain with the most work is the highest, and an
// honest miner keeps the first it saw among equal heights (or, with RandomTies, picks among
// them at random — the defence Eyal and Sirer proposed). A block whose parent has not arrived
// waits for it, and the parent is asked of the peer that sent the child.
//
// Selfish is the malicious miner of Eyal and Sirer, "Majority is not enough" (2014): it keeps
// the blocks it finds to itself and publishes them only to override the honest miners' blocks
// (on a tie it publishes its one block and races; with a lead of two it publishes everything
// when the honest chain comes within one). Its share of the final chain then exceeds its share
// of the hash power α once α > (1−γ)/(3−2γ), γ being the share of honest miners that mine on
// its block during a race; Revenue gives the paper's formula.
//
// Measure computes, from the peers' block trees at the end of a run, the stale (orphaned)
// blocks, the forks, the time until a block is k blocks deep at every honest miner, and each
// miner's share of the final chain; Sweep runs a grid of simulations for the plots of stale
// rate against propagation delay and block interval.
package nakamoto

// Package multipaxos is Multi-Paxos: a replicated log of a few slots, filled by a stable
// leader, as section 3 of "Paxos Made Simple" describes it — with a second leader that takes
// over once, so that the log survives a change of leader.
//
// The leader runs phase 1 once for every slot: its prepare request asks the acceptors to
// promise its ballot for the whole log, and each promise reports the proposal the acceptor
// accepted in each slot. Then phase 2 runs slot by slot, pipelined: the leader sends an accept
// request per slot, the acceptors accept unless they promised a higher ballot and tell the
// leader, and once a majority has accepted a slot's command the leader knows it is chosen and
// tells the replicas to commit it. The acceptors are the replicas: each executes the committed
// commands in slot order, and waits at a slot not yet committed.
//
// A new leader must not overwrite what may have been chosen: for each slot up to the highest
// one any promise reported, it proposes the command of the highest-numbered proposal reported
// for that slot, or NoOp for a hole (a slot none reported, below one that was), so that no gap
// stays in the log; its own commands go in the slots after. The bug skip-recovery proposes the
// new leader's commands from the first slot on and overwrites a chosen command (Agreement
// fails). The bug execute-out-of-order makes a replica execute each command as soon as it is
// committed: an unordered network delivers the commit of slot 2 before that of slot 1, and the
// replica executes past the gap (ExecutedPrefix fails). The bug last-vote-only makes an
// acceptor's promise report only the proposal it accepted last, as one instance of Paxos
// would: the new leader misses a command chosen in another slot (Agreement fails; it needs two
// slots and a leader change). The bug shared-acks makes a leader count, towards each slot's
// majority, the acceptors that accepted any slot: it commits a command one acceptor accepted
// (CommitsChosen fails; it needs two slots).
//
// The first leader starts at once; the standby's TakeOverTimer fires, by default, only when no
// message can be delivered (actor.TimersWhenQuiet): it takes over when the leader seems to
// have stopped — after it crashed, or after a message was lost — or when it is done. With
// Config.Asynchronous the timer fires at any moment, while the first leader's messages are
// still on their way: every timing is possible, and the state space is much larger, for
// random walks.
//
// Acceptors keep their promise, their log and what they committed and executed in stable
// storage; a leader keeps its ballot and leads at most once. Which commands are chosen is
// judged on each acceptor's Voted history — every proposal it ever accepted — a history
// variable in the manner of Lamport's specifications, which the algorithm never reads.
//
// The properties read the acceptors through the Replica interface — their vote histories and
// their committed and executed logs — and not through their concrete type: Config.Build makes
// a system of any leaders and acceptors (Roles), which is how package multipaxostest checks a
// student's implementation; New uses this package's own (OwnRoles).
//
// Properties: Agreement (in each slot at most one command is chosen), Validity (every chosen
// command is a leader's or NoOp), CommitsChosen (replicas commit only chosen commands),
// ExecutedPrefix (every replica has executed the chosen commands of slots 1..k in order: no
// gaps, nothing out of order) and AllExecuted (sometimes a replica executes the whole log).
package multipaxos

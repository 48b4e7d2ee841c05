package paxostest_test

// Student bugs of the kinds a teacher sees in Paxos, most of which need a third ballot — a
// proposer's second round — to show: switched on in the student proposer and acceptor of
// student_test.go, each caught by the suite's defaults (TestTheSuiteCatchesStudentBugs).
const (
	// firstReportedValue proposes the value of the first promise that reports an accepted
	// proposal, not that of the highest-numbered one.
	firstReportedValue flaw = iota + 100
	// lowestReportedValue proposes the value of the lowest-numbered accepted proposal reported.
	lowestReportedValue
	// reportsPromisedBallot makes an acceptor's promise report its accepted value as accepted
	// in the ballot just below the one it promises, not in the ballot it was accepted in.
	reportsPromisedBallot
	// acceptsAboveVote makes an acceptor accept any proposal of a ballot above its last vote,
	// even one below the ballot it promised.
	acceptsAboveVote
	// retryKeepsPromises keeps, on a proposer's retry, the promises of its last ballot: they
	// count towards the majority of the new one.
	retryKeepsPromises
)

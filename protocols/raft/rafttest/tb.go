package rafttest

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"
)

// scoped is the testing.TB that one scenario's distcheck.Check runs on: it names the test
// <test>/<scenario>, so that each scenario keeps its counterexamples in a directory of its own,
// passes failures and logs on to the real test (marked with the scenario's name), and notes
// whether the scenario failed. Check runs in a goroutine of its own (see check), so that a
// Fatal ends the scenario and not the whole suite.
type scoped struct {
	testing.TB
	name, scenario string

	mu     sync.Mutex
	failed bool
}

func (s *scoped) Helper()      {}
func (s *scoped) Name() string { return s.name }

func (s *scoped) Errorf(format string, args ...any) {
	s.mu.Lock()
	s.failed = true
	s.mu.Unlock()
	s.TB.Errorf("[%s] %s", s.scenario, fmt.Sprintf(format, args...))
}

func (s *scoped) Error(args ...any) { s.Errorf("%s", fmt.Sprint(args...)) }

func (s *scoped) Fatalf(format string, args ...any) {
	s.Errorf(format, args...)
	runtime.Goexit()
}

func (s *scoped) Fatal(args ...any) { s.Fatalf("%s", fmt.Sprint(args...)) }

func (s *scoped) Fail() {
	s.mu.Lock()
	s.failed = true
	s.mu.Unlock()
	s.TB.Fail()
}

func (s *scoped) FailNow() {
	s.Fail()
	runtime.Goexit()
}

func (s *scoped) Failed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.failed
}

func (s *scoped) Logf(format string, args ...any) {
	s.TB.Logf("[%s] %s", s.scenario, fmt.Sprintf(format, args...))
}

func (s *scoped) Log(args ...any) { s.Logf("%s", fmt.Sprint(args...)) }

// Deadline passes on the real test's deadline, for Check to stop its search before it.
func (s *scoped) Deadline() (time.Time, bool) {
	if d, ok := s.TB.(interface{ Deadline() (time.Time, bool) }); ok {
		return d.Deadline()
	}
	return time.Time{}, false
}

// check runs f on a scoped TB in a goroutine of its own and waits for it.
func check(s *scoped, f func(testing.TB)) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(s)
	}()
	<-done
}

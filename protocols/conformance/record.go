package conformance

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
)

// Recording captures what a suite reports through testing.TB without failing the test that
// runs it, for a suite's own tests, which run it on implementations that must fail.
type Recording struct {
	mu      sync.Mutex
	failed  bool
	skipped bool
	errs    []string
}

// Record runs f with a testing.TB named t.Name() whose failures are captured in the returned
// Recording instead of failing t: Error, Errorf, Fatal and Fatalf record their message, and
// Fatal, Fatalf, FailNow and the Skip methods end f's goroutine, as they end a test. Log and
// Logf go to t's log; TempDir, Cleanup, Setenv, Context and Deadline are t's. Record returns
// when f does. A panic in f panics in t's goroutine.
func Record(t *testing.T, f func(tb testing.TB)) *Recording {
	t.Helper()
	r := &Recording{}
	var panicked any
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			if p := recover(); p != nil {
				panicked = fmt.Sprintf("%v\n%s", p, debug.Stack())
			}
		}()
		f(&recorder{T: t, rec: r})
	}()
	<-done
	if panicked != nil {
		panic(panicked)
	}
	return r
}

// Failed reports whether f failed.
func (r *Recording) Failed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.failed
}

// Skipped reports whether f skipped.
func (r *Recording) Skipped() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.skipped
}

// Errors returns the messages of f's errors, one after another.
func (r *Recording) Errors() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.errs, "\n")
}

func (r *Recording) fail(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failed = true
	if msg != "" {
		r.errs = append(r.errs, msg)
	}
}

func (r *Recording) skip() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.skipped = true
}

// recorder is the testing.TB that Record hands f: t's, but for the failures and skips, which
// it records.
type recorder struct {
	*testing.T
	rec *Recording
}

func (c *recorder) Helper() {}

func (c *recorder) Error(args ...any)                 { c.rec.fail(fmt.Sprint(args...)) }
func (c *recorder) Errorf(format string, args ...any) { c.rec.fail(fmt.Sprintf(format, args...)) }
func (c *recorder) Fail()                             { c.rec.fail("") }
func (c *recorder) Failed() bool                      { return c.rec.Failed() }

func (c *recorder) Fatal(args ...any) {
	c.Error(args...)
	runtime.Goexit()
}

func (c *recorder) Fatalf(format string, args ...any) {
	c.Errorf(format, args...)
	runtime.Goexit()
}

func (c *recorder) FailNow() {
	c.Fail()
	runtime.Goexit()
}

func (c *recorder) Skip(args ...any) {
	c.Log(args...)
	c.SkipNow()
}

func (c *recorder) Skipf(format string, args ...any) {
	c.Logf(format, args...)
	c.SkipNow()
}

func (c *recorder) SkipNow() {
	c.rec.skip()
	runtime.Goexit()
}

func (c *recorder) Skipped() bool { return c.rec.Skipped() }

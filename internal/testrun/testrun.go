// Package testrun holds what the packages that run explorations inside go test share: the
// options of distcheck.Check and the conformance suites (one Option type, which both name
// Option), the directory a test's counterexamples go to, a context that ends before the
// test's deadline, and number formatting for reports.
package testrun

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._/-]`)

// Dir maps a test's name to a relative directory: subtests become subdirectories, and
// characters that are not safe in file names become underscores.
func Dir(name string) string {
	parts := strings.Split(unsafeChars.ReplaceAllString(name, "_"), "/")
	for i, p := range parts {
		if p == "" || p == "." || p == ".." {
			parts[i] = "_"
		}
	}
	return filepath.Join(parts...)
}

// DeadlineContext returns a context that ends a little before t's deadline (go test
// -timeout), so that a long search stops cleanly and reports instead of the test binary
// panicking. Without a deadline it only ends when cancelled.
func DeadlineContext(t testing.TB) (context.Context, context.CancelFunc) {
	d, ok := t.(interface{ Deadline() (time.Time, bool) })
	if !ok {
		return context.WithCancel(context.Background())
	}
	deadline, ok := d.Deadline()
	if !ok {
		return context.WithCancel(context.Background())
	}
	margin := max(time.Until(deadline)/10, 2*time.Second)
	return context.WithDeadline(context.Background(), deadline.Add(-margin))
}

// Thousands formats n with thousands separators: 1234567 is "1,234,567".
func Thousands(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + Thousands(-n)
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

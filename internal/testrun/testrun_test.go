package testrun

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDirMakesSafeRelativePaths(t *testing.T) {
	assert.Equal(t, "TestA", Dir("TestA"))
	assert.Equal(t, filepath.Join("TestA", "sub_case"), Dir("TestA/sub case"))
	assert.Equal(t, filepath.Join("TestA", "_", "_"), Dir("TestA/../"))
	assert.Equal(t, filepath.Join("_", "etc"), Dir("/etc"))
}

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -1234: "-1,234"} {
		assert.Equal(t, want, Thousands(n))
	}
}

func TestDeadlineContextEndsBeforeTheTestsDeadline(t *testing.T) {
	ctx, cancel := DeadlineContext(t)
	defer cancel()
	if deadline, ok := t.Deadline(); ok {
		end, ok := ctx.Deadline()
		assert.True(t, ok)
		assert.True(t, end.Before(deadline))
	} else {
		_, ok := ctx.Deadline()
		assert.False(t, ok)
	}
}

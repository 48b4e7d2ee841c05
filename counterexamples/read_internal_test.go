package counterexamples

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// endless yields head, then body over and over, counting the bytes read.
type endless struct {
	head, body string
	off        int
	read       int64
}

func (e *endless) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		var src string
		if e.off < len(e.head) {
			src = e.head[e.off:]
		} else {
			k := (e.off - len(e.head)) % len(e.body)
			src = e.body[k:]
		}
		c := copy(p[n:], src)
		n += c
		e.off += c
	}
	e.read += int64(n)
	return n, nil
}

func noSource() (io.ReadCloser, error) { return nil, os.ErrNotExist }

// Reading streams: a huge file that is not a trace, or a huge trace wrong at step 2, is
// rejected after its first kilobytes, not after it is read whole.
func TestDecodeStopsAtTheFirstWrongField(t *testing.T) {
	notATrace := &endless{head: `{"name": "left-pad", "data": [`, body: `1234567890, `}
	_, err := decode(notATrace, noSource)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `not a distcheck trace (no "format" field before unknown field "name"`)
	assert.Less(t, notATrace.read, int64(64<<10), "read %d bytes", notATrace.read)

	step := `{"kind": "step", "name": "RMPrepare", "node": "rm1"}, `
	wrongAtTwo := &endless{
		head: `{"format": "distcheck-trace", "version": 1, "protocol": "twophase", "property": "p", "kind": "always", "strategy": "bfs", "init": 0, "steps": [` +
			step + `{"kind": "teleport"}, `,
		body: step,
	}
	_, err = decode(wrongAtTwo, noSource)
	require.Error(t, err)
	assert.Equal(t, `step 2: unknown action kind "teleport"`, err.Error()[:len(`step 2: unknown action kind "teleport"`)])
	assert.Less(t, wrongAtTwo.read, int64(64<<10), "read %d bytes", wrongAtTwo.read)

	// An endless stream of valid steps stops at the limit.
	valid := &endless{head: wrongAtTwo.head[:strings.Index(wrongAtTwo.head, `{"kind": "teleport"}`)], body: step}
	_, err = decode(&limitReader{r: valid, left: 1 << 20}, noSource)
	assert.ErrorIs(t, err, ErrTooLarge)
	assert.LessOrEqual(t, valid.read, int64(1<<20)+64<<10)
}

// A file over the limit is refused before it is read, in one line naming it and the limit.
func TestLoadRefusesAnOversizedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.json")
	f, err := os.Create(path)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(DefaultMaxTraceSize+1)) // sparse: costs no disk
	require.NoError(t, f.Close())
	_, err = Load(path)
	require.ErrorIs(t, err, ErrTooLarge)
	assert.Equal(t, "trace "+path+": the file is 67.1 MB, over the size limit of 64 MiB", err.Error())

	_, err = LoadLimit(path, 128<<20)
	require.Error(t, err, "a file of zero bytes is no trace either")
	assert.NotErrorIs(t, err, ErrTooLarge, "the limit can be raised")
	assert.Contains(t, err.Error(), "truncated or malformed JSON")
}

package counterexamples_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/distcheck/distcheck/counterexamples"
	"github.com/distcheck/distcheck/model"
	"github.com/distcheck/distcheck/properties"
)

// gridTrace is a small valid trace of four steps.
func gridTrace(t testing.TB) *counterexamples.Trace {
	t.Helper()
	g := &grid{n: 5, props: []model.Property[point]{
		properties.Always("x+y below 4", func(p point) bool { return p.X+p.Y < 4 }),
	}}
	return traceOf(t.(*testing.T), g)
}

func TestSaveWritesTheFileOnce(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "testdata", "counterexamples", "TestX")
	tr := gridTrace(t)
	name, err := tr.FileName()
	require.NoError(t, err)

	path, err := counterexamples.Save(dir, tr)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, name), path)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	want, err := tr.Marshal()
	require.NoError(t, err)
	assert.Equal(t, want, data)
	info, err := os.Stat(path)
	require.NoError(t, err)
	before := info.ModTime()

	again, err := counterexamples.Save(dir, tr)
	require.NoError(t, err)
	assert.Equal(t, path, again)
	info, err = os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, before, info.ModTime(), "saving the same trace again leaves the file alone")

	loaded, err := counterexamples.Load(path)
	require.NoError(t, err)
	assert.Equal(t, tr, loaded)

	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1, "no temporary files are left")
	assert.Equal(t, name, entries[0].Name())
}

func TestSaveNeverOverwritesOtherContent(t *testing.T) {
	dir := t.TempDir()
	tr := gridTrace(t)
	name, err := tr.FileName()
	require.NoError(t, err)
	path := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, []byte("hand-edited\n"), 0o644))

	_, err = counterexamples.Save(dir, tr)
	require.Error(t, err)
	assert.Contains(t, err.Error(), path)
	assert.Contains(t, err.Error(), "different content")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "hand-edited\n", string(data))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary files are left")
}

func TestSaveRefusesAnInvalidTrace(t *testing.T) {
	dir := t.TempDir()
	tr := gridTrace(t)
	tr.Kind = "sometimes"
	_, err := counterexamples.Save(dir, tr)
	assert.ErrorContains(t, err, `property kind "sometimes"`)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries)
}

func TestLoadDir(t *testing.T) {
	traces, paths, err := counterexamples.LoadDir(filepath.Join(t.TempDir(), "missing"))
	require.NoError(t, err, "a missing directory holds no traces")
	assert.Empty(t, traces)
	assert.Empty(t, paths)

	dir := t.TempDir()
	a := gridTrace(t)
	b := traceOf(t, pingPong(0))
	pa, err := counterexamples.Save(dir, a)
	require.NoError(t, err)
	pb, err := counterexamples.Save(dir, b)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "README.md"), []byte("not a trace"), 0o644))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "sub.json"), 0o755))

	traces, paths, err = counterexamples.LoadDir(dir)
	require.NoError(t, err)
	want := []string{pa, pb}
	if pb < pa {
		want = []string{pb, pa}
	}
	assert.Equal(t, want, paths, "in name order, *.json files only")
	require.Len(t, traces, 2)
	for i, p := range paths {
		if p == pa {
			assert.Equal(t, a, traces[i])
		} else {
			assert.Equal(t, b, traces[i])
		}
	}

	bad := filepath.Join(dir, "0000000000000000.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"format": "distcheck-trace", "version": 1,`), 0o644))
	_, _, err = counterexamples.LoadDir(dir)
	require.Error(t, err)
	assert.Contains(t, err.Error(), bad)
	assert.Contains(t, err.Error(), "truncated")
}

func TestLoadMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.json")
	_, err := counterexamples.Load(path)
	require.Error(t, err)
	assert.ErrorIs(t, err, fs.ErrNotExist)
	assert.Equal(t, "trace "+path+": cannot read it: no such file or directory", err.Error())
}

// edit returns the JSON of tr after changing its decoded form with f.
func edit(t *testing.T, tr *counterexamples.Trace, f func(m map[string]any)) string {
	t.Helper()
	data, err := tr.Marshal()
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(data, &m))
	f(m)
	out, err := json.MarshalIndent(m, "", "  ")
	require.NoError(t, err)
	return string(out)
}

func step(m map[string]any, i int) map[string]any { return m["steps"].([]any)[i].(map[string]any) }

func TestParseRejectsBadInput(t *testing.T) {
	tr := gridTrace(t)
	good, err := tr.Marshal()
	require.NoError(t, err)
	valid := string(good)

	tests := []struct {
		name string
		data string
		want []string // substrings of the error, after "trace x.json: "
	}{
		{"empty file", "", []string{"empty file"}},
		{"blank file", " \n\t\n", []string{"empty file"}},
		{"truncated", valid[:len(valid)/2], []string{"truncated or malformed JSON: unexpected end of JSON input"}},
		{"syntax error", "{\n  \"format\": ,\n}", []string{"truncated or malformed JSON: invalid character ','", "at byte 14", "line 2, column 13"}},
		{"array", `[1, 2]`, []string{"not a distcheck trace", "JSON array, want an object"}},
		{"null", `null`, []string{"not a distcheck trace"}},
		{"no format", `{"version": 1}`, []string{`not a distcheck trace (no "format" field, want "distcheck-trace")`}},
		{"other format", `{"format": "foo", "version": 1}`, []string{`not a distcheck trace (format is "foo", want "distcheck-trace")`}},
		{"format not a string", `{"format": 5}`, []string{`not a distcheck trace (format is 5, want "distcheck-trace")`}},
		{"package.json", `{"name": "left-pad", "version": "1.0.0"}`, []string{`not a distcheck trace (no "format" field`}},
		{"no version", `{"format": "distcheck-trace"}`, []string{`no "version" field (this distcheck reads version 1)`}},
		{"version 7", edit(t, tr, func(m map[string]any) { m["version"] = 7 }),
			[]string{"format version 7 is not supported (this distcheck reads version 1)"}},
		{"version string", edit(t, tr, func(m map[string]any) { m["version"] = "1" }),
			[]string{`format version "1" is not an integer`}},
		{"unknown field", edit(t, tr, func(m map[string]any) { m["colour"] = "red" }),
			[]string{`unknown field "colour"`}},
		{"field of the wrong case", strings.Replace(valid, `"protocol"`, `"Protocol"`, 1),
			[]string{`unknown field "Protocol"`}},
		{"field twice", strings.Replace(valid, `"version": 1,`, `"version": 1, "version": 1,`, 1),
			[]string{`field "version" appears twice`}},
		{"unknown step field", edit(t, tr, func(m map[string]any) { step(m, 1)["speed"] = 3 }),
			[]string{`step 2: unknown field "speed"`}},
		{"unknown msg field", edit(t, tr, func(m map[string]any) {
			step(m, 0)["msg"] = map[string]any{"type": "T", "value": "v", "size": 1}
		}), []string{`step 1: msg: unknown field "size"`}},
		{"wrong type", edit(t, tr, func(m map[string]any) { m["init"] = "zero" }),
			[]string{`field "init": got string, want an integer (int)`}},
		{"params not strings", edit(t, tr, func(m map[string]any) { m["params"] = map[string]any{"n": 3} }),
			[]string{`field "params": got number, want a string`}},
		{"step not an object", edit(t, tr, func(m map[string]any) { m["steps"].([]any)[1] = "right" }),
			[]string{`step 2: got string, want an object`}},
		{"wrong step type", edit(t, tr, func(m map[string]any) { step(m, 2)["arg"] = 1.5 }),
			[]string{`step 3: field "arg": got number 1.5, want an integer (int)`}},
		{"no protocol", edit(t, tr, func(m map[string]any) { delete(m, "protocol") }),
			[]string{`no protocol (the "protocol" field is missing or empty)`}},
		{"no property", edit(t, tr, func(m map[string]any) { m["property"] = "" }),
			[]string{`no property (the "property" field is missing or empty)`}},
		{"sometimes", edit(t, tr, func(m map[string]any) { m["kind"] = "sometimes" }),
			[]string{`property kind "sometimes" is not always, eventually, always-eventually or leads-to`}},
		{"unknown kind", edit(t, tr, func(m map[string]any) { m["kind"] = "never" }),
			[]string{`property kind "never" is not always, eventually, always-eventually or leads-to`}},
		{"end of an always trace", edit(t, tr, func(m map[string]any) { m["end"] = "terminal" }),
			[]string{`end "terminal" is only for liveness properties`}},
		{"eventually without end", edit(t, tr, func(m map[string]any) { m["kind"] = "eventually" }),
			[]string{`end "" is not "terminal", "loop" or "bound"`}},
		{"negative init", edit(t, tr, func(m map[string]any) { m["init"] = -1 }),
			[]string{"init is -1, want ≥ 0"}},
		{"unknown action kind", edit(t, tr, func(m map[string]any) { step(m, 2)["kind"] = "teleport" }),
			[]string{`step 3: unknown action kind "teleport"`}},
		{"negative choice", edit(t, tr, func(m map[string]any) { step(m, 0)["choices"] = []int{0, -2} }),
			[]string{"step 1: choice -2 is negative"}},
		{"msg without type", edit(t, tr, func(m map[string]any) { step(m, 0)["msg"] = map[string]any{"value": "v"} }),
			[]string{`step 1: msg has no "type"`}},
		{"trailing data", valid + "{}\n", []string{"unexpected data after the JSON object at byte " + itoa(len(valid))}},
		{"two traces", valid + valid, []string{"unexpected data after the JSON object"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := counterexamples.Parse([]byte(tt.data), "x.json")
			require.Error(t, err)
			msg := err.Error()
			assert.True(t, strings.HasPrefix(msg, "trace x.json: "), "names the file: %s", msg)
			assert.NotContains(t, msg, "\n", "one line")
			for _, w := range tt.want {
				assert.Contains(t, msg, w)
			}
		})
	}
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

func TestParseErrorsWrapTheCause(t *testing.T) {
	_, err := counterexamples.Parse([]byte(`{"format": `), "x.json")
	assert.Equal(t, "trace x.json: truncated or malformed JSON: unexpected end of JSON input", err.Error())
	var se *json.SyntaxError
	_, err = counterexamples.Parse([]byte(`{"format": x}`), "x.json")
	assert.ErrorAs(t, err, &se)
	var te *json.UnmarshalTypeError
	_, err = counterexamples.Parse([]byte(`{"format": "distcheck-trace", "version": 1, "init": "a"}`), "x.json")
	assert.ErrorAs(t, err, &te)
}

func TestParseAcceptsEmptyCollections(t *testing.T) {
	tr := gridTrace(t)
	data := edit(t, tr, func(m map[string]any) {
		m["params"] = map[string]any{}
		step(m, 0)["choices"] = []int{}
	})
	back, err := counterexamples.Parse([]byte(data), "x.json")
	require.NoError(t, err)
	assert.Equal(t, tr, back, "empty params and choices read as nil, as Marshal writes them alike")
}

func FuzzParse(f *testing.F) {
	for _, tr := range []*counterexamples.Trace{
		{Format: counterexamples.FormatName, Version: 1, Protocol: "pingpong", Params: map[string]string{"n": "2"},
			Property: "ping lost", Kind: "eventually", End: "terminal", Strategy: "random", Seed: 3, Walk: 2, Init: 1,
			Steps: []counterexamples.ActionRecord{
				{Kind: "deliver", Node: "n1", From: "n0", Msg: &counterexamples.Payload{Type: "T", Value: "T{A:1}"}, Choices: []int{1, 0}},
				{Kind: "step", Name: "RMPrepare", Node: "rm1", Arg: intp(1)},
			}},
	} {
		data, err := tr.Marshal()
		require.NoError(f, err)
		f.Add(data)
	}
	f.Add([]byte(`{"format": "distcheck-trace", "version": 1}`))
	f.Add([]byte(`{"format": "distcheck-trace", "version": 1, "steps": [{"kind": "drop", "msg": null}]}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, err := counterexamples.Parse(data, "fuzz.json")
		if err != nil {
			msg := err.Error()
			if !strings.HasPrefix(msg, "trace fuzz.json: ") || strings.Contains(msg, "\n") {
				t.Fatalf("error is not one line naming the file: %q", msg)
			}
			return
		}
		// What parses re-encodes canonically, and the encoding parses to the same trace.
		out, err := tr.Marshal()
		require.NoError(t, err)
		back, err := counterexamples.Parse(out, "fuzz.json")
		require.NoError(t, err)
		require.Equal(t, tr, back)
		again, err := back.Marshal()
		require.NoError(t, err)
		require.Equal(t, out, again)
	})
}

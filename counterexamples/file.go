package counterexamples

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"github.com/distcheck/distcheck/model"
)

// Marshal returns the canonical encoding of t: JSON indented by two spaces, fields in struct
// order, map keys sorted, no HTML escaping, and a trailing newline. The same trace always gives
// the same bytes. It refuses a trace that Parse would reject.
func (t *Trace) Marshal() ([]byte, error) {
	if t == nil {
		return nil, errors.New("counterexamples: marshal: nil trace")
	}
	if err := t.validate(); err != nil {
		return nil, fmt.Errorf("counterexamples: marshal: %w", err)
	}
	c := *t
	if c.Steps == nil {
		c.Steps = []ActionRecord{} // "steps": [] rather than null
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&c); err != nil {
		return nil, fmt.Errorf("counterexamples: marshal: %w", err)
	}
	return buf.Bytes(), nil
}

// FileName returns the name t is saved under: the first 16 hex digits of the SHA-256 of
// Marshal's output, followed by ".json".
func (t *Trace) FileName() (string, error) {
	data, err := t.Marshal()
	if err != nil {
		return "", err
	}
	return fileName(data), nil
}

func fileName(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:8]) + ".json"
}

// Save writes t to dir/FileName, creating dir if need be, and returns the file's path. It
// writes a temporary file in dir and renames it, so a crash leaves no half-written trace. If
// the file exists with the same content, Save does nothing; it never overwrites a file with
// different content, and returns an error naming it instead.
func Save(dir string, t *Trace) (string, error) {
	data, err := t.Marshal()
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, fileName(data))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("counterexamples: save: %w", err)
	}
	switch old, err := os.ReadFile(path); {
	case err == nil && bytes.Equal(old, data):
		return path, nil
	case err == nil:
		return "", fmt.Errorf("counterexamples: save: %s already exists with different content; not overwriting it", path)
	case !errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("counterexamples: save: %w", err)
	}
	if err := writeAtomic(path, data); err != nil {
		return "", fmt.Errorf("counterexamples: save %s: %w", path, err)
	}
	return path, nil
}

// writeAtomic writes data to a temporary file beside path and renames it to path.
func writeAtomic(path string, data []byte) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// LoadDir loads every *.json file in dir, in name order, and returns the traces and their
// paths. A missing dir holds no traces and is no error. LoadDir stops at the first file that
// cannot be loaded and returns its error.
func LoadDir(dir string) ([]*Trace, []string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("counterexamples: %w", err)
	}
	var traces []*Trace
	var paths []string
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		t, err := Load(path)
		if err != nil {
			return nil, nil, err
		}
		traces = append(traces, t)
		paths = append(paths, path)
	}
	return traces, paths, nil
}

// fileError is an error of Parse or Load: one line of text, wrapping the underlying error.
type fileError struct {
	msg string
	err error
}

func (e *fileError) Error() string { return e.msg }
func (e *fileError) Unwrap() error { return e.err }

// position returns "line L, column C" (both from 1) of the byte at offset off in data.
func position(data []byte, off int64) string {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	ln := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return fmt.Sprintf("line %d, column %d", ln, col)
}

// jsonKind names the kind of JSON value raw is.
func jsonKind(raw json.RawMessage) string {
	switch b := bytes.TrimSpace(raw); {
	case len(b) == 0:
		return "nothing"
	case b[0] == '[':
		return "array"
	case b[0] == '"':
		return "string"
	case b[0] == 'n':
		return "null"
	case b[0] == 't' || b[0] == 'f':
		return "boolean"
	case b[0] == '{':
		return "object"
	}
	return "number"
}

// jsonType names the JSON that decodes into a value of type t.
func jsonType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Pointer:
		return jsonType(t.Elem())
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "an integer (" + t.String() + ")"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a non-negative integer (" + t.String() + ")"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map:
		return "an object of " + jsonType(t.Elem()) + " values"
	case reflect.Struct:
		return "an object"
	}
	return t.String()
}

// compact returns a JSON value as short one-line text for an error message.
func compact(raw json.RawMessage) string {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		b.Reset()
		b.Write(raw)
	}
	s := b.String()
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "..."
	}
	return s
}

// The JSON field names of Trace, ActionRecord and Payload, for checkFields.
var (
	traceFields   = jsonFields[Trace]()
	actionFields  = jsonFields[ActionRecord]()
	payloadFields = jsonFields[Payload]()
)

func jsonFields[T any]() []string {
	var names []string
	t := reflect.TypeFor[T]()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		names = append(names, name)
	}
	return names
}

// checkObject checks the fields of the object raw against allowed, and calls nested (if not
// nil) with each field's value. where prefixes errors. A value that is not an object is left
// to the typed decode to report.
func checkObject(raw json.RawMessage, allowed []string, where string, nested func(string, json.RawMessage) error) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		var val json.RawMessage
		if err := dec.Decode(&val); err != nil {
			return err
		}
		switch {
		case !slices.Contains(allowed, key):
			return fmt.Errorf("%sunknown field %q (fields are %s)", where, key, strings.Join(allowed, ", "))
		case seen[key]:
			return fmt.Errorf("%sfield %q appears twice", where, key)
		}
		seen[key] = true
		if nested != nil {
			if err := nested(key, val); err != nil {
				return err
			}
		}
	}
	return nil
}

// normalize gives empty slices and maps one representation, nil, as Marshal writes them alike.
func (t *Trace) normalize() {
	if len(t.Params) == 0 {
		t.Params = nil
	}
	if len(t.Steps) == 0 {
		t.Steps = nil
	}
	for i := range t.Steps {
		if len(t.Steps[i].Choices) == 0 {
			t.Steps[i].Choices = nil
		}
	}
}

// validate checks what the JSON types do not: required fields and known values.
func (t *Trace) validate() error {
	switch {
	case t.Format != FormatName:
		return fmt.Errorf("not a distcheck trace (format is %q, want %q)", t.Format, FormatName)
	case t.Version != Version:
		return fmt.Errorf("format version %d is not supported (this distcheck reads version %d)", t.Version, Version)
	case t.Protocol == "":
		return errors.New(`no protocol (the "protocol" field is missing or empty)`)
	case t.Property == "":
		return errors.New(`no property (the "property" field is missing or empty)`)
	case t.Init < 0:
		return fmt.Errorf("init is %d, want ≥ 0", t.Init)
	case t.Walk < 0:
		return fmt.Errorf("walk is %d, want ≥ 0", t.Walk)
	}
	kind, err := model.ParseKind(t.Kind)
	switch {
	case err != nil || kind == model.KindSometimes:
		return fmt.Errorf("property kind %q is not always, eventually, always-eventually or leads-to (only those violations have paths to save)", t.Kind)
	case kind == model.KindAlways && t.End != "":
		return fmt.Errorf("end %q is only for liveness properties, this trace is of an always property", t.End)
	case kind.IsLiveness() && t.End != EndTerminal && t.End != EndLoop && t.End != EndBound:
		return fmt.Errorf("end %q is not %q, %q or %q", t.End, EndTerminal, EndLoop, EndBound)
	case (t.End == EndLoop) != (t.Loop != nil):
		return errors.New(`"loop" goes with end "loop", and only with it`)
	case t.Loop != nil && (*t.Loop < 0 || *t.Loop >= len(t.Steps)):
		return fmt.Errorf("loop is %d, want a step index from 0 to %d", *t.Loop, len(t.Steps)-1)
	case (t.End == EndBound) != (t.Stabilized != nil):
		return errors.New(`"stabilized" goes with end "bound", and only with it`)
	case t.Stabilized != nil && (*t.Stabilized < 0 || t.Within < 1):
		return fmt.Errorf("stabilized %d and within %d: want stabilized ≥ 0 and within ≥ 1", *t.Stabilized, t.Within)
	case t.End != EndLoop && t.Fairness != "":
		return errors.New(`"fairness" goes with end "loop", and only with it`)
	}
	if t.End == EndLoop {
		if _, err := model.ParseFairness(t.Fairness); err != nil {
			return err
		}
	}
	for i, s := range t.Steps {
		if err := s.validate(); err != nil {
			return fmt.Errorf("step %d: %w", i+1, err)
		}
	}
	return nil
}

func (r ActionRecord) validate() error {
	if _, err := model.ParseActionKind(r.Kind); err != nil {
		return err
	}
	if r.Msg != nil && r.Msg.Type == "" {
		return errors.New(`msg has no "type"`)
	}
	for _, c := range r.Choices {
		if c < 0 {
			return fmt.Errorf("choice %d is negative", c)
		}
	}
	return nil
}

package counterexamples

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
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

// Load reads the trace file at path and validates it (see Parse).
func Load(path string) (*Trace, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, &fileError{fmt.Sprintf("trace %s: cannot read it: %v", path, pe.Err), err}
		}
		return nil, fmt.Errorf("trace %s: %w", path, err)
	}
	return Parse(data, path)
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

// Parse decodes and validates a trace from data; name (usually the file's path) is used in
// errors. Every error is one line naming the file and what is wrong: an empty file, truncated
// or malformed JSON (with the byte offset), data after the JSON object, a file that is not a
// distcheck trace, a format version this package does not read, an unknown or repeated
// field, a field of the wrong type, a missing protocol or property, a property kind other
// than always or eventually, or a step with an unknown action kind.
func Parse(data []byte, name string) (*Trace, error) {
	t, err := parse(data)
	if err != nil {
		var fe *fileError
		if errors.As(err, &fe) {
			return nil, &fileError{"trace " + name + ": " + fe.msg, fe.err}
		}
		return nil, fmt.Errorf("trace %s: %w", name, err)
	}
	return t, nil
}

func parse(data []byte) (*Trace, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("empty file")
	}
	raw, err := decodeOne(data)
	if err != nil {
		return nil, err
	}
	if err := checkHeader(raw); err != nil {
		return nil, err
	}
	if err := checkFields(raw); err != nil {
		return nil, err
	}
	var t Trace
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&t); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, &fileError{fmt.Sprintf("field %q: got %s, want %s", te.Field, te.Value, jsonType(te.Type)), err}
		}
		return nil, err
	}
	t.normalize()
	if err := t.validate(); err != nil {
		return nil, err
	}
	return &t, nil
}

// decodeOne returns the one JSON value in data, reporting syntax errors with their position
// and any data after the value.
func decodeOne(data []byte) (json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		var se *json.SyntaxError
		switch {
		case errors.Is(err, io.ErrUnexpectedEOF):
			return nil, &fileError{"truncated or malformed JSON: unexpected end of JSON input", err}
		case errors.As(err, &se):
			at := max(se.Offset-1, 0) // Offset counts the byte at fault
			return nil, &fileError{fmt.Sprintf("truncated or malformed JSON: %v (at byte %d, %s)", se, at, position(data, at)), err}
		}
		return nil, fmt.Errorf("truncated or malformed JSON: %w", err)
	}
	off := dec.InputOffset()
	rest := data[off:]
	if trimmed := bytes.TrimLeft(rest, " \t\r\n"); len(trimmed) > 0 {
		at := off + int64(len(rest)-len(trimmed))
		return nil, fmt.Errorf("unexpected data after the JSON object at byte %d (%s)", at, position(data, at))
	}
	return raw, nil
}

// position returns "line L, column C" (both from 1) of the byte at offset off in data.
func position(data []byte, off int64) string {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	ln := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return fmt.Sprintf("line %d, column %d", ln, col)
}

// checkHeader checks that raw is an object with the format and version this package reads.
func checkHeader(raw json.RawMessage) error {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil || fields == nil {
		return fmt.Errorf("not a distcheck trace (the file holds a JSON %s, want an object)", jsonKind(raw))
	}
	f, ok := fields["format"]
	if !ok {
		return fmt.Errorf("not a distcheck trace (no \"format\" field, want %q)", FormatName)
	}
	var format string
	if err := json.Unmarshal(f, &format); err != nil || format != FormatName {
		return fmt.Errorf("not a distcheck trace (format is %s, want %q)", compact(f), FormatName)
	}
	v, ok := fields["version"]
	if !ok {
		return fmt.Errorf("no \"version\" field (this distcheck reads version %d)", Version)
	}
	var version int
	if err := json.Unmarshal(v, &version); err != nil {
		return fmt.Errorf("format version %s is not an integer (this distcheck reads version %d)", compact(v), Version)
	}
	if version != Version {
		return fmt.Errorf("format version %d is not supported (this distcheck reads version %d)", version, Version)
	}
	return nil
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

// checkFields checks that the trace's JSON object, its steps and their messages have no field
// other than theirs, spelled exactly (encoding/json would take "Protocol" for "protocol"), and
// none twice.
func checkFields(raw json.RawMessage) error {
	return checkObject(raw, traceFields, "", func(key string, val json.RawMessage) error {
		var steps []json.RawMessage
		if key != "steps" || json.Unmarshal(val, &steps) != nil {
			return nil // a wrong type is reported by the typed decode
		}
		for i, s := range steps {
			where := "step " + strconv.Itoa(i+1) + ": "
			err := checkObject(s, actionFields, where, func(key string, val json.RawMessage) error {
				if key != "msg" {
					return nil
				}
				return checkObject(val, payloadFields, where+"msg: ", nil)
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
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

package counterexamples

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"
)

// DefaultMaxTraceSize is the largest trace file Load reads: 64 MiB, far more than any
// counterexample needs (they are minimized; a long one is a few hundred kilobytes).
const DefaultMaxTraceSize int64 = 64 << 20

// ErrTooLarge is wrapped by the error of a trace file over the size limit.
var ErrTooLarge = errors.New("over the size limit")

// Load reads the trace file at path and validates it (see Parse), refusing a file over
// DefaultMaxTraceSize.
func Load(path string) (*Trace, error) { return LoadLimit(path, DefaultMaxTraceSize) }

// LoadLimit is Load with a size limit in bytes (0 or less: DefaultMaxTraceSize). It streams
// the file and stops at the first field that is wrong, so that a large file that is not a
// trace is rejected after its first bytes; a file over the limit is rejected before it is
// read, in an error that wraps ErrTooLarge and names the limit.
func LoadLimit(path string, limit int64) (*Trace, error) {
	if limit <= 0 {
		limit = DefaultMaxTraceSize
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, readError(path, err)
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() && info.Size() > limit {
		return nil, tooLarge(path, fmt.Sprintf("the file is %s", sizeString(info.Size())), limit)
	}
	t, err := decode(&limitReader{r: f, left: limit}, func() (io.ReadCloser, error) { return os.Open(path) })
	if errors.Is(err, ErrTooLarge) {
		return nil, tooLarge(path, "the file grew while it was read", limit)
	}
	return named(t, err, path)
}

// Parse decodes and validates a trace from data; name (usually the file's path) is used in
// errors. Every error is one line naming the file and what is wrong: an empty file, truncated
// or malformed JSON (with the byte offset), data after the JSON object, a file that is not a
// distcheck trace, a format version this package does not read, an unknown or repeated
// field, a field of the wrong type, a missing protocol or property, a property kind other
// than always or eventually, or a step with an unknown action kind. It stops at the first.
func Parse(data []byte, name string) (*Trace, error) {
	t, err := decode(bytes.NewReader(data), func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil })
	return named(t, err, name)
}

func readError(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return &fileError{fmt.Sprintf("trace %s: cannot read it: %v", path, pe.Err), err}
	}
	return fmt.Errorf("trace %s: %w", path, err)
}

func tooLarge(path, what string, limit int64) error {
	return &fileError{fmt.Sprintf("trace %s: %s, over the size limit of %s", path, what, sizeString(limit)), ErrTooLarge}
}

// named prefixes err with the trace's name.
func named(t *Trace, err error, name string) (*Trace, error) {
	if err == nil {
		return t, nil
	}
	var fe *fileError
	if errors.As(err, &fe) {
		return nil, &fileError{"trace " + name + ": " + fe.msg, fe.err}
	}
	return nil, fmt.Errorf("trace %s: %w", name, err)
}

// sizeString writes a size in bytes as people read it: 64 MiB, 218.3 MB.
func sizeString(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1e6:
		return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) + " MB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// limitReader reads at most left bytes from r, then fails with ErrTooLarge.
type limitReader struct {
	r    io.Reader
	left int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		var one [1]byte
		if n, _ := l.r.Read(one[:]); n > 0 {
			return 0, ErrTooLarge
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

// source reopens the stream a trace is read from, to find where an error is: the offsets of
// a json.Decoder's errors after Token are not from the start of the stream.
type source func() (io.ReadCloser, error)

// position returns the line and column of byte off of the stream.
func (src source) position(off int64) string {
	r, err := src()
	if err != nil {
		return "position unknown"
	}
	defer r.Close()
	data, _ := io.ReadAll(io.LimitReader(r, off))
	return position(data, off)
}

// syntaxError returns the first syntax error of the stream, its offset from the start.
func (src source) syntaxError() (*json.SyntaxError, bool) {
	r, err := src()
	if err != nil {
		return nil, false
	}
	defer r.Close()
	var raw json.RawMessage
	var se *json.SyntaxError
	if err := json.NewDecoder(bufio.NewReader(r)).Decode(&raw); errors.As(err, &se) {
		return se, true
	}
	return nil, false
}

// decoder reads one trace from a stream of JSON, field by field.
type decoder struct {
	dec *json.Decoder
	src source
	t   Trace
}

// decode reads and validates one trace from r; src reopens it to place errors.
func decode(r io.Reader, src source) (*Trace, error) {
	d := &decoder{dec: json.NewDecoder(bufio.NewReader(r)), src: src}
	tok, err := d.dec.Token()
	switch {
	case err == io.EOF:
		return nil, errors.New("empty file")
	case err != nil:
		return nil, d.syntax(err)
	case tok != json.Delim('{'):
		return nil, fmt.Errorf("not a distcheck trace (the file holds a JSON %s, want an object)", tokenKind(tok))
	}
	if err := d.fields(); err != nil {
		return nil, err
	}
	if err := d.end(); err != nil {
		return nil, err
	}
	d.t.normalize()
	if err := d.t.validate(); err != nil {
		return nil, err
	}
	return &d.t, nil
}

// fields reads the trace object's fields up to its closing brace, checking each as it comes.
func (d *decoder) fields() error {
	seen := map[string]bool{}
	for d.dec.More() {
		tok, err := d.dec.Token()
		if err != nil {
			return d.syntax(err)
		}
		key, _ := tok.(string)
		switch {
		case !slices.Contains(traceFields, key) && !seen["format"]:
			return fmt.Errorf("not a distcheck trace (no \"format\" field before unknown field %q; want \"format\": %q)", key, FormatName)
		case !slices.Contains(traceFields, key):
			return fmt.Errorf("unknown field %q (fields are %s)", key, strings.Join(traceFields, ", "))
		case seen[key]:
			return fmt.Errorf("field %q appears twice", key)
		}
		seen[key] = true
		if key == "steps" {
			err = d.steps()
		} else {
			err = d.field(key)
		}
		if err != nil {
			return err
		}
	}
	if _, err := d.dec.Token(); err != nil { // the closing brace
		return d.syntax(err)
	}
	switch {
	case !seen["format"]:
		return fmt.Errorf("not a distcheck trace (no \"format\" field, want %q)", FormatName)
	case !seen["version"]:
		return fmt.Errorf("no \"version\" field (this distcheck reads version %d)", Version)
	}
	return nil
}

// field reads the value of one of the trace's fields other than its steps.
func (d *decoder) field(key string) error {
	var raw json.RawMessage
	if err := d.dec.Decode(&raw); err != nil {
		return d.syntax(err)
	}
	switch key {
	case "format":
		var format string
		if err := json.Unmarshal(raw, &format); err != nil || format != FormatName {
			return fmt.Errorf("not a distcheck trace (format is %s, want %q)", compact(raw), FormatName)
		}
	case "version":
		var version int
		if err := json.Unmarshal(raw, &version); err != nil {
			return fmt.Errorf("format version %s is not an integer (this distcheck reads version %d)", compact(raw), Version)
		}
		if version != Version {
			return fmt.Errorf("format version %d is not supported (this distcheck reads version %d)", version, Version)
		}
	}
	// Decode the one field into the trace: {"key": raw}.
	one, _ := json.Marshal(map[string]json.RawMessage{key: raw})
	return typeError(json.Unmarshal(one, &d.t), "")
}

// steps reads the steps array one step at a time, checking each.
func (d *decoder) steps() error {
	tok, err := d.dec.Token()
	switch {
	case err != nil:
		return d.syntax(err)
	case tok == nil:
		return nil
	case tok != json.Delim('['):
		return fmt.Errorf("field \"steps\": got %s, want an array", tokenKind(tok))
	}
	for i := 1; d.dec.More(); i++ {
		where := "step " + strconv.Itoa(i) + ": "
		var raw json.RawMessage
		if err := d.dec.Decode(&raw); err != nil {
			return d.syntax(err)
		}
		err := checkObject(raw, actionFields, where, func(key string, val json.RawMessage) error {
			if key != "msg" {
				return nil
			}
			return checkObject(val, payloadFields, where+"msg: ", nil)
		})
		if err != nil {
			return err
		}
		var r ActionRecord
		if err := typeError(json.Unmarshal(raw, &r), where); err != nil {
			return err
		}
		if err := r.validate(); err != nil {
			return fmt.Errorf("%s%w", where, err)
		}
		d.t.Steps = append(d.t.Steps, r)
	}
	if _, err := d.dec.Token(); err != nil { // the closing bracket
		return d.syntax(err)
	}
	return nil
}

// end checks that nothing but white space follows the trace's object.
func (d *decoder) end() error {
	off := d.dec.InputOffset()
	rest := bufio.NewReader(d.dec.Buffered())
	for {
		b, err := rest.ReadByte()
		if err != nil {
			break
		}
		if b != ' ' && b != '\t' && b != '\r' && b != '\n' {
			return fmt.Errorf("unexpected data after the JSON object at byte %d (%s)", off, d.src.position(off))
		}
		off++
	}
	// The decoder's buffer is exhausted: read on from the stream itself.
	switch _, err := d.dec.Token(); {
	case err == io.EOF:
		return nil
	case errors.Is(err, ErrTooLarge):
		return err
	}
	off = d.dec.InputOffset()
	return fmt.Errorf("unexpected data after the JSON object at byte %d (%s)", off, d.src.position(off))
}

// syntax reports a JSON error of the stream with its position.
func (d *decoder) syntax(err error) error {
	var se *json.SyntaxError
	switch {
	case errors.Is(err, ErrTooLarge):
		return err
	case errors.Is(err, io.ErrUnexpectedEOF), err == io.EOF:
		return &fileError{"truncated or malformed JSON: unexpected end of JSON input", err}
	case errors.As(err, &se):
		if abs, ok := d.src.syntaxError(); ok {
			se, err = abs, abs
		}
		at := max(se.Offset-1, 0) // Offset counts the byte at fault
		return &fileError{fmt.Sprintf("truncated or malformed JSON: %v (at byte %d, %s)", se, at, d.src.position(at)), err}
	}
	return fmt.Errorf("truncated or malformed JSON: %w", err)
}

// typeError words a JSON type error with the field it is in; where prefixes it.
func typeError(err error, where string) error {
	var te *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &te) && te.Field == "":
		return &fileError{fmt.Sprintf("%sgot %s, want %s", where, te.Value, jsonType(te.Type)), err}
	case errors.As(err, &te):
		return &fileError{fmt.Sprintf("%sfield %q: got %s, want %s", where, te.Field, te.Value, jsonType(te.Type)), err}
	}
	return fmt.Errorf("%s%w", where, err)
}

// tokenKind names the kind of JSON value a token starts.
func tokenKind(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		if v == '[' {
			return "array"
		}
		return "object"
	case string:
		return "string"
	case nil:
		return "null"
	case bool:
		return "boolean"
	}
	return "number"
}

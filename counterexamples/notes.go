package counterexamples

import (
	"fmt"
	"strings"
)

// maxRowText is the most characters of an action's text that a row of the diagram shows; a
// longer text is cut, and given in full in a numbered note under the diagram.
const maxRowText = 64

// maxChangeText is the most characters of a node's new state that a row shows (the rest goes
// to a note, like a long action's).
const maxChangeText = 40

// wrapWidth is the width that notes and states are wrapped to.
const wrapWidth = 100

// notes are the numbered footnotes of a diagram: the full texts of what its rows cut.
type notes struct{ list []string }

// cut returns s if it has at most w characters; otherwise s cut, ending in … and a reference
// to a new note that holds full.
func (n *notes) cut(s string, w int, full string) string {
	r := []rune(s)
	if len(r) <= w {
		return s
	}
	n.list = append(n.list, full)
	ref := fmt.Sprintf("… [%d]", len(n.list))
	return strings.TrimRight(string(r[:max(1, w-len([]rune(ref)))]), " ") + ref
}

// write writes the notes, each wrapped to wrapWidth.
func (n *notes) write(b *strings.Builder) {
	if len(n.list) == 0 {
		return
	}
	b.WriteString("Notes (the texts cut above, in full):\n")
	for i, text := range n.list {
		wrapped(b, fmt.Sprintf("  [%d] ", i+1), text)
	}
	b.WriteString("\n")
}

// wrapped writes prefix and text, wrapped to wrapWidth with the continuation lines indented
// under the text's start.
func wrapped(b *strings.Builder, prefix, text string) {
	indent := strings.Repeat(" ", len([]rune(prefix)))
	for i, l := range wrap(text, max(20, wrapWidth-len(indent))) {
		if i == 0 {
			line(b, prefix+l)
		} else {
			line(b, indent+l)
		}
	}
}

// wrap breaks s into lines of at most w characters, after a space where it can, and inside a
// word longer than a line where it must.
func wrap(s string, w int) []string {
	r := []rune(s)
	var lines []string
	for len(r) > w {
		at := w
		for k := w; k > w/2; k-- {
			if r[k] == ' ' {
				at = k
				break
			}
		}
		lines = append(lines, strings.TrimRight(string(r[:at]), " "))
		r = []rune(strings.TrimLeft(string(r[at:]), " "))
	}
	return append(lines, string(r))
}

package twophase

import (
	"encoding/binary"
	"fmt"
)

// stateBytes is the size of an encoded State: RM, TMPrepared, MsgPrepared, TM and a byte of
// message flags.
const stateBytes = 8 + 4 + 4 + 1 + 1

// AppendState appends s's 18-byte encoding to buf (explore.StateEncoder: a search with a memory
// budget writes its frontier to disk in it).
func (m *Model) AppendState(buf []byte, s State) []byte {
	buf = binary.LittleEndian.AppendUint64(buf, s.RM)
	buf = binary.LittleEndian.AppendUint32(buf, s.TMPrepared)
	buf = binary.LittleEndian.AppendUint32(buf, s.MsgPrepared)
	var flags byte
	if s.MsgCommit {
		flags |= 1
	}
	if s.MsgAbort {
		flags |= 2
	}
	return append(buf, s.TM, flags)
}

// ReadState decodes a State that AppendState encoded at the front of buf and returns it and
// the rest of buf.
func (m *Model) ReadState(buf []byte) (State, []byte, error) {
	if len(buf) < stateBytes {
		return State{}, buf, fmt.Errorf("twophase: an encoded state takes %d bytes, %d left", stateBytes, len(buf))
	}
	flags := buf[17]
	if flags > 3 {
		return State{}, buf, fmt.Errorf("twophase: encoded state has message flags %#x, want at most 0x3", flags)
	}
	s := State{
		RM:          binary.LittleEndian.Uint64(buf),
		TMPrepared:  binary.LittleEndian.Uint32(buf[8:]),
		MsgPrepared: binary.LittleEndian.Uint32(buf[12:]),
		TM:          buf[16],
		MsgCommit:   flags&1 != 0,
		MsgAbort:    flags&2 != 0,
	}
	return s, buf[stateBytes:], nil
}

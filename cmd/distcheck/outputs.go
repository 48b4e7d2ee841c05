package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
)

// interruptible returns a context that ends at Ctrl-C (SIGINT) or SIGTERM, so that a command
// stops and prints what it has so far, and the function that stops listening.
func interruptible() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// exitInconclusive is the exit status of a search stopped by a budget or an interrupt before
// it could judge every property.
const exitInconclusive = 3

// checkWritable checks, before any work starts, that the output named by flag can be written
// at path: a directory (dir) that the command creates if it is missing, or a file whose missing
// parent directories the command creates. It leaves nothing behind and changes no file.
func checkWritable(flag, path string, dir bool) error {
	info, err := os.Stat(path)
	switch {
	case err == nil && dir && !info.IsDir():
		return fmt.Errorf("%s %s: not a directory", flag, path)
	case err == nil && dir:
		return probeDir(flag, path, path)
	case err == nil && info.IsDir():
		return fmt.Errorf("%s %s: is a directory, want a file", flag, path)
	case err == nil:
		f, err := os.OpenFile(path, os.O_WRONLY, 0) // no O_TRUNC: the file is left as it is
		if err != nil {
			return fmt.Errorf("%s %s: cannot write it: %v", flag, path, pathErr(err))
		}
		return f.Close()
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s %s: %v", flag, path, pathErr(err))
	}
	// Missing: it is created under its nearest existing ancestor, which must be a writable
	// directory.
	anc := filepath.Dir(filepath.Clean(path))
	for {
		info, err := os.Stat(anc)
		switch {
		case err == nil && !info.IsDir():
			return fmt.Errorf("%s %s: cannot create it: %s is not a directory", flag, path, anc)
		case err == nil:
			return probeDir(flag, path, anc)
		case !errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("%s %s: cannot create it: %v", flag, path, pathErr(err))
		}
		parent := filepath.Dir(anc)
		if parent == anc {
			return fmt.Errorf("%s %s: cannot create it: no existing directory above it", flag, path)
		}
		anc = parent
	}
}

// probeDir checks that a file can be created in dir by creating one and removing it.
func probeDir(flag, path, dir string) error {
	f, err := os.CreateTemp(dir, ".distcheck-probe-*")
	if err != nil {
		return fmt.Errorf("%s %s: cannot write in directory %s: %v", flag, path, dir, pathErr(err))
	}
	f.Close()
	return os.Remove(f.Name())
}

// pathErr returns the reason of a *fs.PathError without the path, which the message names.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

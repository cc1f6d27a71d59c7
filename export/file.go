package export

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// UnwritableError reports a file that cannot be written where it was asked
// for: its folder is missing or read-only, or the name is a folder. Nothing
// was left behind.
type UnwritableError struct {
	Path string
	Err  error
}

// Error implements error: "cannot write /no/such/dir/race.png: no such file or directory".
func (e *UnwritableError) Error() string {
	return "cannot write " + e.Path + ": " + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *UnwritableError) Unwrap() error { return e.Err }

// filePerm is the permission of written files, as os.Create gives them
// under the usual umask: exports and figures are meant to be shared.
const filePerm = 0o644

// WriteFile writes path atomically: write fills a temporary file in path's
// folder, which then replaces path in one rename. If write or anything else
// fails, the temporary file is removed and path is left as it was. Errors
// that come from where the file goes rather than from write are an
// *UnwritableError.
func WriteFile(path string, write func(io.Writer) error) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return &UnwritableError{Path: path, Err: errors.New("is a folder")}
	}
	tmp, err := writeTemp(path, write)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		_ = os.Remove(tmp)
		return &UnwritableError{Path: path, Err: cause(err)}
	}
	return nil
}

// writeTemp writes a whole file, synced, under a temporary name in path's
// folder and returns that name, for the caller to move to path. If write or
// anything else fails, nothing is left behind.
func writeTemp(path string, write func(io.Writer) error) (tmp string, err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if base == "" {
		return "", &UnwritableError{Path: path, Err: errors.New("is a folder, not a file name")}
	}
	f, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return "", &UnwritableError{Path: path, Err: cause(err)}
	}
	name := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(name)
		}
	}()
	bw := bufio.NewWriterSize(f, 64<<10)
	if err = write(bw); err != nil {
		return "", err
	}
	if err = bw.Flush(); err != nil {
		return "", err
	}
	if err = f.Chmod(filePerm); err != nil {
		return "", err
	}
	if err = f.Sync(); err != nil {
		return "", err
	}
	if err = f.Close(); err != nil {
		return "", err
	}
	return name, nil
}

// claim gives the whole file tmp the name path, unless path exists (then
// the error is fs.ErrExist and path is left as it was): a hard link fails
// when its name is taken, so of two writers claiming one name only one
// gets it, and the file appears whole. On a file system without hard links
// (FAT, exFAT, some network shares), where link fails otherwise, the name
// is claimed by creating it exclusively, empty, and tmp is renamed over it.
// tmp stays for the caller to remove. link is os.Link but in tests.
func claim(link func(oldname, newname string) error, tmp, path string) error {
	err := link(tmp, path)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, filePerm)
	if err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		_ = os.Remove(path)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		_ = os.Remove(path)
		return err
	}
	return nil
}

// cause strips the operation and temporary file name from a file-system
// error, which name a file the user never asked for.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

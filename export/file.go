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
	// Target is the file Path links to when Path is a symbolic link (the
	// file that was to be written), or "".
	Target string
	Err    error
}

// Error implements error: "cannot write /no/such/dir/race.png: no such file
// or directory", or for a link "cannot write fig.png → /gone/race.png: …".
func (e *UnwritableError) Error() string {
	if e.Target != "" {
		return "cannot write " + e.Path + " → " + e.Target + ": " + e.Err.Error()
	}
	return "cannot write " + e.Path + ": " + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *UnwritableError) Unwrap() error { return e.Err }

// filePerm is the permission of written files, as os.Create gives them
// under the usual umask: exports and figures are meant to be shared.
const filePerm = 0o644

// WriteFile writes path atomically: write fills a temporary file in path's
// folder, which then replaces path in one rename. If write or anything else
// fails, the temporary file is removed and path is left as it was. A path
// that is a symbolic link is written through, as a shell's > writes: the
// file it links to is replaced and the link stays (a link into a missing
// folder fails as a missing folder does). Errors that come from where the
// file goes rather than from write are an *UnwritableError.
func WriteFile(path string, write func(io.Writer) error) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return &UnwritableError{Path: path, Err: errors.New("is a folder")}
	}
	dest, err := linkTarget(path)
	if err != nil {
		return &UnwritableError{Path: path, Err: cause(err)}
	}
	tmp, err := writeTemp(dest, write)
	if err == nil {
		if err = os.Rename(tmp, dest); err != nil {
			_ = os.Remove(tmp)
			err = &UnwritableError{Path: dest, Err: cause(err)}
		}
	}
	var unwritable *UnwritableError
	if dest != path && errors.As(err, &unwritable) {
		unwritable.Path, unwritable.Target = path, dest // name the file asked for
	}
	return err
}

// maxLinks bounds how many symbolic links linkTarget follows, as the
// kernel's ELOOP does.
const maxLinks = 40

// linkTarget returns the file that writing path replaces: path itself, or,
// while path is a symbolic link, the file it links to, which need not
// exist. Links in the folders above are the file system's to follow.
func linkTarget(path string) (string, error) {
	for range maxLinks {
		fi, err := os.Lstat(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return path, nil // nothing there yet; a missing folder fails later, in its own words
		case err != nil:
			return "", err
		case fi.Mode()&fs.ModeSymlink == 0:
			return path, nil
		}
		dest, err := os.Readlink(path)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(path), dest)
		}
		path = dest
	}
	return "", errors.New("too many levels of symbolic links")
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

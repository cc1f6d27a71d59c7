package wording

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestCount(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		n    int
		noun string
		want string
	}{
		{0, "viewer", "0 viewers"},
		{1, "viewer", "1 viewer"},
		{2, "viewer", "2 viewers"},
		{200, "session", "200 sessions"},
		{-1, "step", "-1 steps"},
	} {
		if got := Count(tc.n, tc.noun); got != tc.want {
			t.Errorf("Count(%d, %q) = %q, want %q", tc.n, tc.noun, got, tc.want)
		}
	}
}

func TestFileProblem(t *testing.T) {
	t.Parallel()
	_, err := os.ReadFile(filepath.Join(t.TempDir(), "missing"))
	if got := FileProblem(err); !errors.Is(got, fs.ErrNotExist) || got.Error() != "no such file or directory" {
		t.Errorf("FileProblem(%v) = %v, want the bare 'no such file or directory'", err, got)
	}
	other := errors.New("ssh: no key found")
	if got := FileProblem(other); got != other {
		t.Errorf("FileProblem(%v) = %v, want it unchanged", other, got)
	}
}

func TestList(t *testing.T) {
	for _, c := range []struct {
		items []string
		want  string
	}{
		{nil, ""},
		{[]string{"GD"}, "GD"},
		{[]string{"GD", "Adam"}, "GD and Adam"},
		{[]string{"GD", "GDM", "Adam"}, "GD, GDM and Adam"},
	} {
		if got := List(c.items); got != c.want {
			t.Errorf("List(%q) = %q, want %q", c.items, got, c.want)
		}
	}
}

package export

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// at is the time of the exports in these tests.
var at = time.Date(2026, time.November, 26, 17, 15, 2, 0, time.UTC)

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// files lists the names in dir.
func files(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestHeader(t *testing.T) {
	for dim, want := range map[int]string{
		1: "optimizer,lane,label,t,x,f,grad,velocity,G,Eg2,m,v,m_hat,v_hat,lr,step," +
			"landscape,x0,alpha,momentum,decay,beta1,beta2,eps,tol",
		// Issue 17's header, with issue 18's lane, label and run columns.
		2: "optimizer,lane,label,t,x,y,f,grad_x,grad_y,velocity_x,velocity_y,G_x,G_y,Eg2_x,Eg2_y,m_x,m_y,v_x,v_y," +
			"m_hat_x,m_hat_y,v_hat_x,v_hat_y,lr_x,lr_y,step_x,step_y," +
			"landscape,x0,y0,alpha,momentum,decay,beta1,beta2,eps,tol",
	} {
		if got := strings.Join(Header(dim), ","); got != want {
			t.Errorf("%d-D header %s, want %s", dim, got, want)
		}
	}
}

// TestRunColumns: every row records its landscape, start point, lane's
// settings (empty where its optimizer has none) and tol, and its lane and
// label, so the file alone says what produced it.
func TestRunColumns(t *testing.T) {
	s := optimizers.Bowl().Defaults()
	s.X0, s.Y0 = -3, 0.5
	lanes := []optimizers.Lane{s.Lane(optimizers.GD), s.Lane(optimizers.Adam), s.Lane(optimizers.GD)}
	lanes[2].Hyper.LR = 0.02
	var buf bytes.Buffer
	run := Run{Settings: s, Objective: optimizers.Bowl(), Lanes: lanes, Tol: 0.01}
	if err := WriteRaceHistoryCSV(&buf, run, 2); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := rows[0]
	col := func(row []string, name string) string {
		i := slices.Index(head, name)
		if i < 0 {
			t.Fatalf("no column %s in %v", name, head)
		}
		return row[i]
	}
	want := []map[string]string{
		{"optimizer": "gd", "lane": "1", "label": "GD α=0.09", "alpha": "0.09", "momentum": "", "beta1": "", "eps": ""},
		{"optimizer": "adam", "lane": "2", "label": "Adam", "alpha": "0.5", "momentum": "", "beta1": "0.9", "beta2": "0.999", "eps": "1e-08"},
		{"optimizer": "gd", "lane": "3", "label": "GD α=0.02", "alpha": "0.02", "decay": "", "eps": ""},
	}
	if len(rows) != 1+3*3 {
		t.Fatalf("%d rows, want 10", len(rows))
	}
	for i, row := range rows[1:] {
		lane := i / 3
		for name, w := range want[lane] {
			if got := col(row, name); got != w {
				t.Errorf("row %d %s = %q, want %q", i+1, name, got, w)
			}
		}
		for name, w := range map[string]string{"landscape": "bowl", "x0": "-3.0", "y0": "0.5", "tol": "0.01", "t": strconv.Itoa(i % 3)} {
			if got := col(row, name); got != w {
				t.Errorf("row %d %s = %q, want %q", i+1, name, got, w)
			}
		}
	}
}

// TestWriteRaceCSVHasTheEnginesValues checks every cell of an export
// against the optimizers stepped directly, and the last rows against a race
// stepped as the TUI steps it.
func TestWriteRaceCSVHasTheEnginesValues(t *testing.T) {
	cases := []struct {
		name  string
		steps int
		edit  func(*optimizers.Settings)
		// diverged is the step at which GD diverges, or −1.
		diverged int
	}{
		{name: "t = 0", steps: 0, diverged: -1},
		{name: "the lecture's 25", steps: 25, diverged: -1},
		{name: "past the race's window", steps: 700, diverged: -1},
		// x_t = 10·(−2)^t passes the bound 10⁶·10 at t = 20.
		{name: "GD diverges", steps: 40, edit: func(s *optimizers.Settings) { s.LR[optimizers.GD] = 1.5 }, diverged: 20},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := optimizers.Defaults()
			if c.edit != nil {
				c.edit(&s)
			}
			obj := optimizers.Quadratic()
			dir := t.TempDir()
			path, err := WriteRaceCSV(dir, at, Run{Settings: s, Objective: obj}, c.steps)
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(dir, "optirace-20261126-171502.csv"); path != want {
				t.Errorf("path %s, want %s", path, want)
			}
			if names := files(t, dir); len(names) != 1 {
				t.Errorf("dir holds %v, want the export alone", names)
			}
			rows := readCSV(t, path)
			wantRows := 1 + optimizers.NumKinds*(c.steps+1)
			if c.diverged >= 0 {
				wantRows -= c.steps - c.diverged
			}
			if len(rows) != wantRows {
				t.Fatalf("%d rows, want %d", len(rows), wantRows)
			}
			header := rows[0]
			all := optimizers.AllQuantities()
			const first = 4 // optimizer, lane, label, t
			r, err := race.New(s, obj)
			if err != nil {
				t.Fatal(err)
			}
			for range c.steps {
				r.Step()
			}
			i := 1
			for _, k := range optimizers.Kinds() {
				o, err := optimizers.New(k, s, obj)
				if err != nil {
					t.Fatal(err)
				}
				has := map[string]bool{}
				for _, q := range k.Quantities() {
					has[q.Key] = true
				}
				last := c.steps
				if k == optimizers.GD && c.diverged >= 0 {
					last = c.diverged
				}
				st := o.Start(s.Start())
				for step := 0; step <= last; step++ {
					if step > 0 {
						o.Step(&st)
					}
					row := rows[i]
					i++
					if row[0] != k.ID() || row[1] != strconv.Itoa(int(k)+1) || row[2] != k.String() || row[3] != strconv.Itoa(step) {
						t.Fatalf("row %d starts %s,%s,%s,%s; want %s,%d,%s,%d", i-1, row[0], row[1], row[2], row[3], k.ID(), k+1, k, step)
					}
					for j, q := range all {
						want := ""
						if has[q.Key] && (step > 0 || !q.FromStep) {
							want = numfmt.Repr(q.Get(st))
						}
						if row[first+j] != want {
							t.Fatalf("%s t = %d %s = %q, want %q", k.ID(), step, header[first+j], row[first+j], want)
						}
					}
				}
				if st != r.State(int(k)) {
					t.Errorf("%s: the export's last state differs from the race's at t = %d", k.ID(), c.steps)
				}
			}
		})
	}
}

// raceHistoryByRace is WriteRaceHistoryCSV's rows made the long way: a whole
// race per optimizer, stepped as the TUI steps it, each optimizer's rows
// ending where the race marks it diverged.
func raceHistoryByRace(t *testing.T, run Run, steps int) []byte {
	t.Helper()
	var buf bytes.Buffer
	rw, err := newRowWriter(&buf, run)
	if err != nil {
		t.Fatal(err)
	}
	for i := range run.lanes() {
		r, err := race.New(run.Settings, run.Objective, race.WithLanes(run.Lanes))
		if err != nil {
			t.Fatal(err)
		}
		st := r.State(i)
		if err := rw.write(i, 0, &st); err != nil {
			t.Fatal(err)
		}
		for step := 1; step <= steps && !r.Runner(i).Diverged(); step++ {
			r.Step()
			st := r.State(i)
			if err := rw.write(i, step, &st); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := rw.flush(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestWriteRaceHistoryCSVIsTheRaces: the export, which steps each optimizer
// alone, writes byte for byte what races stepped as the TUI steps them
// hold, on every landscape and through each way of diverging.
func TestWriteRaceHistoryCSVIsTheRaces(t *testing.T) {
	cases := []struct {
		name     string
		obj      optimizers.Objective
		x0, y0   float64
		edit     func(*optimizers.Settings)
		defaults bool     // the landscape's own settings, not the lecture's
		lanes    []string // lane specs, or the five
		steps    int
	}{
		{name: "the lecture", obj: optimizers.Quadratic(), x0: 10, steps: 400},
		{name: "GD past the bound", obj: optimizers.Quadratic(), x0: 10, edit: func(s *optimizers.Settings) { s.LR[optimizers.GD] = 1.5 }, steps: 60},
		{name: "AdaGrad's G overflows", obj: optimizers.Quadratic(), x0: 1e153, steps: 100},
		{name: "steep", obj: optimizers.Steep(), x0: 10, steps: 300},
		{name: "quartic: GD diverges", obj: optimizers.Quartic(), x0: 10, steps: 300},
		{name: "bumpy", obj: optimizers.Bumpy(), x0: -7, steps: 300},
		{name: "rosenbrock at the lecture's rates", obj: optimizers.Rosenbrock(), x0: -1.2, y0: 1, steps: 200},
		{name: "rosenbrock's defaults", obj: optimizers.Rosenbrock(), x0: -1.2, y0: 1, defaults: true, steps: 500},
		{name: "himmelblau's defaults", obj: optimizers.Himmelblau(), x0: 0.5, y0: -0.5, defaults: true, steps: 300},
		{name: "beale: lanes", obj: optimizers.Beale(), x0: 1, y0: 1.5, defaults: true, lanes: []string{"gd:lr=0.1", "gd", "adam:beta1=0.5", "gdm:momentum=0.99"}, steps: 400},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := optimizers.Defaults()
			if c.defaults {
				s = c.obj.Defaults()
			}
			s.X0, s.Y0 = c.x0, c.y0
			if c.edit != nil {
				c.edit(&s)
			}
			run := Run{Settings: s, Objective: c.obj}
			for _, spec := range c.lanes {
				l, err := optimizers.ParseLane(spec, s)
				if err != nil {
					t.Fatal(err)
				}
				run.Lanes = append(run.Lanes, l)
			}
			var got bytes.Buffer
			if err := WriteRaceHistoryCSV(&got, run, c.steps); err != nil {
				t.Fatal(err)
			}
			want := raceHistoryByRace(t, run, c.steps)
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("export differs from the races: %d bytes, want %d", got.Len(), len(want))
			}
		})
	}
}

func TestWriteRaceCSVNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	s, obj := optimizers.Defaults(), optimizers.Quadratic()
	first, err := WriteRaceCSV(dir, at, Run{Settings: s, Objective: obj}, 3)
	if err != nil {
		t.Fatal(err)
	}
	second, err := WriteRaceCSV(dir, at.Add(500*time.Millisecond), Run{Settings: s, Objective: obj}, 5)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(second) != "optirace-20261126-171502-2.csv" {
		t.Errorf("second export in the same second is %s", second)
	}
	if n := len(readCSV(t, first)); n != 1+5*4 {
		t.Errorf("first export has %d rows after the second, want 21", n)
	}
	if n := len(readCSV(t, second)); n != 1+5*6 {
		t.Errorf("second export has %d rows, want 31", n)
	}
}

// TestWriteRaceCSVSameSecondAtOnce: exports started together in the same
// second each get a file of their own, whole, and none overwrites another.
func TestWriteRaceCSVSameSecondAtOnce(t *testing.T) {
	const n = 8
	dir := t.TempDir()
	s, obj := optimizers.Defaults(), optimizers.Quadratic()
	paths := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { paths[i], errs[i] = WriteRaceCSV(dir, at, Run{Settings: s, Objective: obj}, 100*(i+1)) })
	}
	wg.Wait()
	seen := map[string]bool{}
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("export %d: %v", i, errs[i])
		}
		if seen[paths[i]] {
			t.Errorf("two exports claimed %s", paths[i])
		}
		seen[paths[i]] = true
		// Export i ran 100·(i+1) steps: its own rows, not another's.
		if got, want := len(readCSV(t, paths[i])), 1+5*(100*(i+1)+1); got != want {
			t.Errorf("%s has %d rows, want export %d's %d", filepath.Base(paths[i]), got, i, want)
		}
	}
	if names := files(t, dir); len(names) != n {
		t.Errorf("folder holds %v, want the %d exports alone", names, n)
	}
}

// TestClaim: a name that exists is never taken over, with hard links or
// without (the fallback for file systems that have none).
func TestClaim(t *testing.T) {
	noLinks := func(oldname, newname string) error {
		return &os.LinkError{Op: "link", Old: oldname, New: newname, Err: syscall.EPERM}
	}
	for name, link := range map[string]func(string, string) error{"hard link": os.Link, "no hard links": noLinks} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			tmp, taken, free := filepath.Join(dir, ".tmp"), filepath.Join(dir, "taken.csv"), filepath.Join(dir, "free.csv")
			for path, text := range map[string]string{tmp: "new", taken: "old"} {
				if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if err := claim(link, tmp, taken); !errors.Is(err, fs.ErrExist) {
				t.Errorf("claiming an existing name: %v, want fs.ErrExist", err)
			}
			if b, _ := os.ReadFile(taken); string(b) != "old" {
				t.Errorf("the existing file now reads %q", b)
			}
			if err := claim(link, tmp, free); err != nil {
				t.Fatal(err)
			}
			if b, _ := os.ReadFile(free); string(b) != "new" {
				t.Errorf("the claimed file reads %q, want the temporary file's", b)
			}
		})
	}
}

func TestWriteRaceCSVRefuses(t *testing.T) {
	dir := t.TempDir()
	s, obj := optimizers.Defaults(), optimizers.Quadratic()
	var ue *UnwritableError
	if _, err := WriteRaceCSV(filepath.Join(dir, "missing"), at, Run{Settings: s, Objective: obj}, 3); !errors.As(err, &ue) {
		t.Errorf("missing folder: %v, want an UnwritableError", err)
	}
	if _, err := WriteRaceCSV(dir, at, Run{Settings: s, Objective: obj}, -1); err == nil {
		t.Error("negative step: no error")
	}
	bad := s
	bad.Eps = 0
	if _, err := WriteRaceCSV(dir, at, Run{Settings: bad, Objective: obj}, 3); err == nil {
		t.Error("ε = 0: no error")
	}
	if names := files(t, dir); len(names) != 0 {
		t.Errorf("refused exports left %v", names)
	}
}

func TestWriteFile(t *testing.T) {
	boom := errors.New("boom")
	cases := []struct {
		name       string
		path       func(dir string) string
		write      func(io.Writer) error
		wantErr    error // errors.Is; nil for success
		unwritable bool
		want       string // the file's content afterwards; "" for no file
	}{
		{
			name:  "new file",
			path:  func(dir string) string { return filepath.Join(dir, "race.png") },
			write: func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err },
			want:  "new",
		},
		{
			name:  "replaces an old file",
			path:  func(dir string) string { return filepath.Join(dir, "old.png") },
			write: func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err },
			want:  "new",
		},
		{
			name:    "a failed write keeps the old file",
			path:    func(dir string) string { return filepath.Join(dir, "old.png") },
			write:   func(w io.Writer) error { _, _ = io.WriteString(w, "half"); return boom },
			wantErr: boom,
			want:    "old",
		},
		{
			name:    "a failed write leaves nothing",
			path:    func(dir string) string { return filepath.Join(dir, "race.png") },
			write:   func(io.Writer) error { return boom },
			wantErr: boom,
		},
		{
			name:       "missing folder",
			path:       func(dir string) string { return filepath.Join(dir, "missing", "race.png") },
			write:      func(io.Writer) error { return nil },
			wantErr:    os.ErrNotExist,
			unwritable: true,
		},
		{
			name:       "a folder",
			path:       func(dir string) string { return filepath.Join(dir, "sub") },
			write:      func(io.Writer) error { return nil },
			unwritable: true,
		},
		{
			name:       "a folder's name",
			path:       func(dir string) string { return dir + string(filepath.Separator) },
			write:      func(io.Writer) error { return nil },
			unwritable: true,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "old.png"), []byte("old"), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
				t.Fatal(err)
			}
			before := len(files(t, dir))
			path := c.path(dir)
			err := WriteFile(path, c.write)
			var ue *UnwritableError
			switch {
			case c.wantErr == nil && !c.unwritable && err != nil:
				t.Fatalf("error %v", err)
			case c.wantErr != nil && !errors.Is(err, c.wantErr):
				t.Fatalf("error %v, want %v", err, c.wantErr)
			case c.unwritable != errors.As(err, &ue):
				t.Fatalf("error %v: UnwritableError %v, want %v", err, !c.unwritable, c.unwritable)
			}
			if ue != nil && (!strings.HasPrefix(ue.Error(), "cannot write "+path+": ") || strings.Contains(ue.Error(), ".tmp")) {
				t.Errorf("message %q names a temporary file or not the path", ue.Error())
			}
			b, readErr := os.ReadFile(path)
			switch {
			case c.want == "" && readErr == nil && !c.unwritable:
				t.Errorf("%s exists after a failure", path)
			case c.want != "" && string(b) != c.want:
				t.Errorf("%s holds %q, want %q", path, b, c.want)
			}
			if c.want == "new" && filepath.Base(path) == "race.png" {
				fi, err := os.Stat(path)
				if err != nil || fi.Mode().Perm() != 0o644 {
					t.Errorf("mode %v, %v; want 0644", fi.Mode(), err)
				}
			}
			after := files(t, dir)
			for _, n := range after {
				if strings.HasSuffix(n, ".tmp") {
					t.Errorf("temporary file %s left behind", n)
				}
			}
			grew := 0
			if c.want == "new" && filepath.Base(path) == "race.png" {
				grew = 1
			}
			if len(after) != before+grew {
				t.Errorf("folder holds %v", after)
			}
		})
	}
}

// TestWriteFileThroughLinks: a path that is a symbolic link (to a link, to
// a file) is written through: the final file is replaced, the links stay;
// a loop of links is refused.
func TestWriteFileThroughLinks(t *testing.T) {
	dir := t.TempDir()
	file, middle, link := filepath.Join(dir, "file.csv"), filepath.Join(dir, "middle"), filepath.Join(dir, "link.csv")
	if err := os.WriteFile(file, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("file.csv", middle); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(middle, link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(link, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(file); string(b) != "new" {
		t.Errorf("the linked file reads %q, want new", b)
	}
	for _, l := range []string{middle, link} {
		if fi, err := os.Lstat(l); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			t.Errorf("%s is no longer a link", l)
		}
	}
	if names := files(t, dir); len(names) != 3 {
		t.Errorf("folder holds %v, want the file and its two links", names)
	}

	loop := filepath.Join(dir, "loop")
	if err := os.Symlink("loop", loop); err != nil {
		t.Fatal(err)
	}
	var ue *UnwritableError
	if err := WriteFile(loop, func(io.Writer) error { return nil }); !errors.As(err, &ue) || !strings.Contains(err.Error(), "too many levels of symbolic links") {
		t.Errorf("a loop of links: %v", err)
	}
}

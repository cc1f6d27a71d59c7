// Package export writes a race's full history to CSV files, each row with
// the run that produced it, and any file atomically: a reader never sees
// half a file, and a failed write leaves nothing behind.
package export

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// Run is what produced a file's rows, which every row records: the
// landscape, the start point, each lane's optimizer and settings, and the
// finish zone's tol.
type Run struct {
	// Settings gives the start point (x₀, y₀), and the five lanes when
	// Lanes is nil.
	Settings  optimizers.Settings
	Objective optimizers.Objective
	// Lanes are the runs' optimizers with their settings, in order; nil
	// means the lecture's five at Settings (Settings.Lanes).
	Lanes []optimizers.Lane
	// Tol is the finish zone's radius; 0 means race.DefaultTol.
	Tol float64
}

// RunOf returns the run of race r: its settings, landscape, lanes and tol.
func RunOf(r race.Reader) Run {
	return Run{Settings: r.Settings(), Objective: r.Objective(), Lanes: r.Lanes(), Tol: r.Tol()}
}

// lanes returns the run's lanes.
func (run Run) lanes() []optimizers.Lane {
	if run.Lanes == nil {
		return run.Settings.Lanes()
	}
	return run.Lanes
}

// tol returns the run's tol.
func (run Run) tol() float64 {
	if run.Tol == 0 {
		return race.DefaultTol
	}
	return run.Tol
}

// SettingColumns are the columns of a lane's settings, after the landscape
// and the start point: α (alpha, not lr, which is the effective learning
// rate's column), GDM's momentum γ, RMSProp's decay γ, Adam's β₁ and β₂, and
// ε. A setting a lane's optimizer does not have is an empty cell.
var SettingColumns = []string{"alpha", "momentum", "decay", "beta1", "beta2", "eps"}

// SettingColumn returns the column of the lane setting with spec key key
// (lr → alpha; the others keep their keys).
func SettingColumn(key string) string {
	if key == "lr" {
		return SettingColumns[0]
	}
	return key
}

// RunColumns returns the columns that record the run on a landscape of dim
// coordinates: landscape, x0 (and y0 in 2-D), SettingColumns and tol.
func RunColumns(dim int) []string {
	cols := []string{"landscape", "x0"}
	if dim == 2 {
		cols = append(cols, "y0")
	}
	cols = append(cols, SettingColumns...)
	return append(cols, "tol")
}

// Header returns the CSV header on a landscape of dim coordinates:
// optimizer, lane (1-based), label, t, every quantity's key in
// optimizers.AllQuantitiesIn order, then RunColumns.
func Header(dim int) []string {
	all := optimizers.AllQuantitiesIn(dim)
	header := make([]string, 0, 4+len(all)+10)
	header = append(header, "optimizer", "lane", "label", "t")
	for _, q := range all {
		header = append(header, q.Key)
	}
	return append(header, RunColumns(dim)...)
}

// WriteCSV writes a header and one row per lane per iteration, t = 0 (the
// start point) to steps, lane by lane. Every quantity has a column; those
// a lane's optimizer does not have are empty. Numbers round-trip exactly
// (numfmt.Repr, as Python prints them). Optimizers step on past overflow,
// as the lecture's code does, so a diverging one ends in inf and nan. When
// ctx is done it stops, writes out the rows it has whole (never half a
// line) and returns ctx.Err().
func WriteCSV(ctx context.Context, w io.Writer, run Run, steps int) error {
	lanes := run.lanes()
	opts := make([]optimizers.Optimizer, len(lanes))
	for i, l := range lanes {
		o, err := optimizers.NewLane(l, run.Objective)
		if err != nil {
			return err
		}
		opts[i] = o
	}
	rw, err := newRowWriter(w, run)
	if err != nil {
		return err
	}
	for i := range opts {
		o := &opts[i]
		st := o.Start(run.Settings.Start())
		for t := 0; t <= steps; t++ {
			if t%ctxCheckRows == 0 {
				if err := ctx.Err(); err != nil {
					_ = rw.flush()
					return err
				}
			}
			if t > 0 {
				o.Step(&st)
			}
			if err := rw.write(i, t, &st); err != nil {
				return err
			}
		}
	}
	return rw.flush()
}

// ctxCheckRows is how many rows WriteCSV writes between looks at its
// context: a few milliseconds' worth, so a cancelled export stops at once
// and the check costs nothing measurable.
const ctxCheckRows = 4096

// rowWriter writes CSV rows of lanes' states in the column set of Header.
// Its fields are names, integers and numbers, which CSV never quotes (a
// label is quoted if it must be), so it appends them to one line buffer
// rather than go through encoding/csv.
type rowWriter struct {
	w    *bufio.Writer
	line []byte
	all  []optimizers.Quantity
	// lanes holds, per lane, which quantities its optimizer has, the
	// row's start (optimizer,lane,label,) and its end (the run columns).
	lanes []laneColumns
}

type laneColumns struct {
	has          []bool
	head, record []byte
}

// newRowWriter writes the header of run to w and returns a writer for the
// rows.
func newRowWriter(w io.Writer, run Run) (*rowWriter, error) {
	dim := run.Objective.Dim
	lanes := run.lanes()
	labels := optimizers.Labels(lanes)
	rw := &rowWriter{w: bufio.NewWriterSize(w, 64<<10), all: optimizers.AllQuantitiesIn(dim)}
	for i, l := range lanes {
		lc := laneColumns{has: make([]bool, len(rw.all))}
		for _, q := range l.Kind.QuantitiesIn(dim) {
			for j, a := range rw.all {
				lc.has[j] = lc.has[j] || a.Key == q.Key
			}
		}
		lc.head = append(lc.head, l.Kind.ID()...)
		lc.head = append(lc.head, ',')
		lc.head = strconv.AppendInt(lc.head, int64(i+1), 10)
		lc.head = append(lc.head, ',')
		lc.head = appendCSVField(lc.head, labels[i])
		lc.record = appendRunColumns(lc.record, run, l)
		rw.lanes = append(rw.lanes, lc)
	}
	_, err := rw.w.WriteString(strings.Join(Header(dim), ",") + "\n")
	return rw, err
}

// appendRunColumns appends the run columns of lane l: ,landscape,x0[,y0],
// alpha,…,eps,tol.
func appendRunColumns(b []byte, run Run, l optimizers.Lane) []byte {
	b = append(b, ',')
	b = appendCSVField(b, run.Objective.Name)
	b = append(b, ',')
	b = numfmt.AppendRepr(b, run.Settings.X0)
	if run.Objective.Dim == 2 {
		b = append(b, ',')
		b = numfmt.AppendRepr(b, run.Settings.Y0)
	}
	has := map[string]float64{}
	for _, s := range l.Settings() {
		has[SettingColumn(s.Key)] = s.Value
	}
	for _, col := range SettingColumns {
		b = append(b, ',')
		if v, ok := has[col]; ok {
			b = numfmt.AppendRepr(b, v)
		}
	}
	b = append(b, ',')
	return numfmt.AppendRepr(b, run.tol())
}

// appendCSVField appends s, quoted as CSV quotes it if it holds a comma,
// a quote or a line break.
func appendCSVField(b []byte, s string) []byte {
	if !strings.ContainsAny(s, ",\"\r\n") {
		return append(b, s...)
	}
	return append(append(b, '"'), strings.ReplaceAll(s, `"`, `""`)+`"`...)
}

// write writes lane i's state at step t.
func (rw *rowWriter) write(i, t int, st *optimizers.State) error {
	lc := &rw.lanes[i]
	b := append(rw.line[:0], lc.head...)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(t), 10)
	for j, q := range rw.all {
		b = append(b, ',')
		// A result of an iteration (g, lr, step, m̂, v̂) has no value at t = 0.
		if lc.has[j] && (t > 0 || !q.FromStep) {
			b = numfmt.AppendRepr(b, q.Get(*st))
		}
	}
	b = append(b, lc.record...)
	rw.line = append(b, '\n')
	_, err := rw.w.Write(rw.line)
	return err
}

func (rw *rowWriter) flush() error {
	return rw.w.Flush()
}

// WriteRaceHistoryCSV writes the race run describes, as race.Race runs it,
// from t = 0 to step t: every quantity of every lane at every step, lane
// by lane, in the columns of WriteCSV. A runner that diverged stopped
// stepping, so its rows end at the step at which it diverged. The race
// keeps only a window of its history; this replays each lane from t = 0
// with the race's divergence rule (race.Diverges), and the engine is
// deterministic, so the rows are exactly the states the race showed.
func WriteRaceHistoryCSV(w io.Writer, run Run, t int) error {
	if t < 0 {
		return fmt.Errorf("export: negative step %d", t)
	}
	// The race's own checks, so an export refuses what the race refuses.
	if _, err := newRace(run); err != nil {
		return err
	}
	rw, err := newRowWriter(w, run)
	if err != nil {
		return err
	}
	obj := run.Objective
	bound := race.DivergenceBound(obj, run.Settings.Start())
	for i, l := range run.lanes() {
		o, err := optimizers.NewLane(l, obj)
		if err != nil {
			return err
		}
		st := o.Start(run.Settings.Start())
		for step := 0; step <= t; step++ {
			if step > 0 {
				o.Step(&st)
			}
			if err := rw.write(i, step, &st); err != nil {
				return err
			}
			if race.Diverges(&st, &obj, bound) {
				break // the race stops a diverged runner here
			}
		}
	}
	return rw.flush()
}

// newRace returns the race run describes, for its checks.
func newRace(run Run) (*race.Race, error) {
	return race.New(run.Settings, run.Objective, race.WithTol(run.tol()), race.WithLanes(run.Lanes))
}

// TimestampLayout is the time format in export file names: 20261126-171502,
// which sorts by time and is safe on every file system.
const TimestampLayout = "20060102-150405"

// maxSameSecond bounds the -2, -3, … suffixes tried when several exports
// land in the same second.
const maxSameSecond = 100

// WriteRaceCSV writes WriteRaceHistoryCSV's rows for the run at step t to
// optirace-<timestamp>.csv in dir, atomically, and returns the file's path.
// The timestamp is now's, e.g. optirace-20261126-171502.csv; an export in
// the same second as an earlier one gets -2, -3, …: no export is ever
// overwritten, even by one running at the same time (each claims its name
// exclusively, see claim). The columns are those of `optirace table --format csv`.
func WriteRaceCSV(dir string, now time.Time, run Run, t int) (string, error) {
	if t < 0 {
		return "", fmt.Errorf("export: negative step %d", t)
	}
	if _, err := newRace(run); err != nil {
		return "", err
	}
	stamp := now.Format(TimestampLayout)
	first := filepath.Join(dir, "optirace-"+stamp+".csv")
	tmp, err := writeTemp(first, func(w io.Writer) error {
		return WriteRaceHistoryCSV(w, run, t)
	})
	if err != nil {
		return "", err
	}
	defer func() { _ = os.Remove(tmp) }() // the file lives on under its claimed name
	for n := 1; n <= maxSameSecond; n++ {
		path := first
		if n > 1 {
			path = filepath.Join(dir, "optirace-"+stamp+"-"+strconv.Itoa(n)+".csv")
		}
		err := claim(os.Link, tmp, path)
		if errors.Is(err, fs.ErrExist) {
			continue // taken: never overwrite an earlier export
		}
		if err != nil {
			return "", &UnwritableError{Path: path, Err: cause(err)}
		}
		return path, nil
	}
	return "", &UnwritableError{Path: first, Err: fs.ErrExist}
}

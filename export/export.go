// Package export writes a race's full history to CSV files, and any file
// atomically: a reader never sees half a file, and a failed write leaves
// nothing behind.
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

// Header returns the CSV header: optimizer, t, then every quantity's key in
// optimizers.AllQuantities order.
func Header() []string {
	all := optimizers.AllQuantities()
	header := make([]string, 0, 2+len(all))
	header = append(header, "optimizer", "t")
	for _, q := range all {
		header = append(header, q.Key)
	}
	return header
}

// WriteCSV writes a header and one row per optimizer per iteration, t = 0
// (the start point) to steps, optimizer by optimizer in the order of kinds.
// Every quantity has a column; those an optimizer does not have are empty.
// Numbers round-trip exactly (numfmt.Repr, as Python prints them).
// Optimizers step on past overflow, as the lecture's code does, so a
// diverging one ends in inf and nan. When ctx is done it stops, writes out
// the rows it has whole (never half a line) and returns ctx.Err().
func WriteCSV(ctx context.Context, w io.Writer, kinds []optimizers.Kind, s optimizers.Settings, obj optimizers.Objective, steps int) error {
	opts := make([]optimizers.Optimizer, len(kinds))
	for i, k := range kinds {
		o, err := optimizers.New(k, s, obj)
		if err != nil {
			return err
		}
		opts[i] = o
	}
	rw, err := newRowWriter(w)
	if err != nil {
		return err
	}
	for i := range opts {
		o := &opts[i]
		st := o.Start(s.X0)
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
			if err := rw.write(o.Kind(), t, st); err != nil {
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

// rowWriter writes CSV rows of optimizer states in the column set of Header.
// Its fields are names, integers and numbers, which CSV never quotes, so it
// appends them to one line buffer rather than go through encoding/csv.
type rowWriter struct {
	w    *bufio.Writer
	line []byte
	all  []optimizers.Quantity
	// has[k][j] is whether optimizer k has quantity all[j].
	has [optimizers.NumKinds][]bool
}

// newRowWriter writes the header to w and returns a writer for the rows.
func newRowWriter(w io.Writer) (*rowWriter, error) {
	rw := &rowWriter{w: bufio.NewWriterSize(w, 64<<10), all: optimizers.AllQuantities()}
	for _, k := range optimizers.Kinds() {
		rw.has[k] = make([]bool, len(rw.all))
		for _, q := range k.Quantities() {
			for j, a := range rw.all {
				rw.has[k][j] = rw.has[k][j] || a.Key == q.Key
			}
		}
	}
	_, err := rw.w.WriteString(strings.Join(Header(), ",") + "\n")
	return rw, err
}

// write writes optimizer k's state at step t.
func (rw *rowWriter) write(k optimizers.Kind, t int, st optimizers.State) error {
	b := append(rw.line[:0], k.ID()...)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(t), 10)
	for j, q := range rw.all {
		b = append(b, ',')
		// A result of an iteration (g, lr, step, m̂, v̂) has no value at t = 0.
		if rw.has[k][j] && (t > 0 || !q.FromStep) {
			b = numfmt.AppendRepr(b, q.Get(st))
		}
	}
	rw.line = append(b, '\n')
	_, err := rw.w.Write(rw.line)
	return err
}

func (rw *rowWriter) flush() error {
	return rw.w.Flush()
}

// WriteRaceHistoryCSV writes the race of all five optimizers from s.X0 on
// obj, as race.Race runs it, from t = 0 to step t: every quantity of every
// optimizer at every step, optimizer by optimizer, in the columns of
// WriteCSV. A runner that diverged stopped stepping, so its rows end at the
// step at which it diverged. The race keeps only a window of its history;
// this replays each optimizer from t = 0 with the race's divergence rule
// (race.Diverges), and the engine is deterministic, so the rows are exactly
// the states the race showed.
func WriteRaceHistoryCSV(w io.Writer, s optimizers.Settings, obj optimizers.Objective, t int) error {
	if t < 0 {
		return fmt.Errorf("export: negative step %d", t)
	}
	// The race's own checks, so an export refuses what the race refuses.
	if _, err := race.New(s, obj); err != nil {
		return err
	}
	rw, err := newRowWriter(w)
	if err != nil {
		return err
	}
	bound := race.DivergenceBound(s.X0, obj.Minimizer)
	for _, k := range optimizers.Kinds() {
		o, err := optimizers.New(k, s, obj)
		if err != nil {
			return err
		}
		st := o.Start(s.X0)
		for step := 0; step <= t; step++ {
			if step > 0 {
				o.Step(&st)
			}
			if err := rw.write(k, step, st); err != nil {
				return err
			}
			if race.Diverges(&st, obj.Minimizer, bound) {
				break // the race stops a diverged runner here
			}
		}
	}
	return rw.flush()
}

// TimestampLayout is the time format in export file names: 20261126-171502,
// which sorts by time and is safe on every file system.
const TimestampLayout = "20060102-150405"

// maxSameSecond bounds the -2, -3, … suffixes tried when several exports
// land in the same second.
const maxSameSecond = 100

// WriteRaceCSV writes WriteRaceHistoryCSV's rows for the race at step t to
// optirace-<timestamp>.csv in dir, atomically, and returns the file's path.
// The timestamp is now's, e.g. optirace-20261126-171502.csv; an export in
// the same second as an earlier one gets -2, -3, …: no export is ever
// overwritten, even by one running at the same time (each claims its name
// exclusively, see claim). The columns are those of `optirace table --format csv`.
func WriteRaceCSV(dir string, now time.Time, s optimizers.Settings, obj optimizers.Objective, t int) (string, error) {
	if t < 0 {
		return "", fmt.Errorf("export: negative step %d", t)
	}
	if _, err := race.New(s, obj); err != nil {
		return "", err
	}
	stamp := now.Format(TimestampLayout)
	first := filepath.Join(dir, "optirace-"+stamp+".csv")
	tmp, err := writeTemp(first, func(w io.Writer) error {
		return WriteRaceHistoryCSV(w, s, obj, t)
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

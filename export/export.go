// Package export writes a race's full history to CSV files, and any file
// atomically: a reader never sees half a file, and a failed write leaves
// nothing behind.
package export

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"
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
func WriteCSV(w io.Writer, kinds []optimizers.Kind, s optimizers.Settings, obj optimizers.Objective, steps int) error {
	opts := make([]optimizers.Optimizer, len(kinds))
	for i, k := range kinds {
		o, err := optimizers.New(k, s, obj)
		if err != nil {
			return err
		}
		opts[i] = o
	}
	cw := csv.NewWriter(w)
	header := Header()
	if err := cw.Write(header); err != nil {
		return err
	}
	all := optimizers.AllQuantities()
	row := make([]string, len(header))
	for i := range opts {
		o := &opts[i]
		has := map[string]bool{}
		for _, q := range o.Kind().Quantities() {
			has[q.Key] = true
		}
		st := o.Start(s.X0)
		for t := 0; t <= steps; t++ {
			if t > 0 {
				o.Step(&st)
			}
			row[0] = o.Kind().ID()
			row[1] = strconv.Itoa(t)
			for j, q := range all {
				row[2+j] = ""
				if has[q.Key] {
					row[2+j] = numfmt.Repr(q.Get(st))
				}
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// TimestampLayout is the time format in export file names: 20261126-171502,
// which sorts by time and is safe on every file system.
const TimestampLayout = "20060102-150405"

// maxSameSecond bounds the -2, -3, … suffixes tried when several exports
// land in the same second.
const maxSameSecond = 100

// WriteRaceCSV writes the race of all five optimizers from s.X0 on obj, every
// quantity at every step 0 … t, to optirace-<timestamp>.csv in dir (the
// timestamp is now's, e.g. optirace-20261126-171502.csv; a second export in
// the same second gets -2, -3, …), and returns the file's path. It replays
// the race from t = 0: the engine is deterministic, so the rows are exactly
// the states the race showed. The columns are those of
// `optirace table --format csv`.
func WriteRaceCSV(dir string, now time.Time, s optimizers.Settings, obj optimizers.Objective, t int) (string, error) {
	if t < 0 {
		return "", fmt.Errorf("export: negative step %d", t)
	}
	if err := s.Validate(); err != nil {
		return "", err
	}
	stamp := now.Format(TimestampLayout)
	for n := 1; n <= maxSameSecond; n++ {
		name := "optirace-" + stamp + ".csv"
		if n > 1 {
			name = "optirace-" + stamp + "-" + strconv.Itoa(n) + ".csv"
		}
		path := filepath.Join(dir, name)
		_, err := os.Lstat(path)
		if err == nil {
			continue // taken: never overwrite an earlier export
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", &UnwritableError{Path: path, Err: err}
		}
		err = WriteFile(path, func(w io.Writer) error {
			return WriteCSV(w, optimizers.Kinds(), s, obj, t)
		})
		if err != nil {
			return "", err
		}
		return path, nil
	}
	return "", &UnwritableError{Path: filepath.Join(dir, "optirace-"+stamp+".csv"), Err: fs.ErrExist}
}

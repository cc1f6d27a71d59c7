package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"math"
	"strconv"

	"github.com/optirace/optirace/export"
	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"
	"github.com/spf13/cobra"
)

// allOptimizers is the --optimizer value that selects all five.
const allOptimizers = "all"

func newTableCmd() *cobra.Command {
	race := newRaceFlags()
	which := allOptimizers
	format := formatText
	steps := optimizers.LectureSteps
	cmd := &cobra.Command{
		Use:   "table",
		Short: "Print the lecture's iteration tables",
		Long: `Print each iteration of the chosen optimizers exactly as the lecture's Python
code prints it (text), or every internal quantity per iteration (csv, json).
On a 2-D landscape (--fn bowl, …) every quantity but f is printed per
coordinate. With --lane, each lane's block is headed by its name, and CSV and
JSON rows say which lane they are; every CSV row and JSON entry records the
landscape, the start point, its lane's settings and tol.`,
		Example: `  optirace table --optimizer adam
  optirace table --optimizer all --steps 100 --format csv > race.csv
  optirace table --fn rosenbrock --x0 -1.5 --y0 2 --format csv
  optirace table --lane gd:lr=0.01 --lane gd:lr=0.1 --lane adam:beta1=0.5`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := race.checkY0(); err != nil {
				return err
			}
			req := tableRequest{
				run:    export.Run{Settings: race.settings(), Objective: race.objective(), Tol: race.tol},
				steps:  steps,
				format: format,
			}
			lanes, err := race.raceLanes()
			switch {
			case err != nil:
				return err
			case lanes != nil && cmd.Flags().Changed("optimizer"):
				return usageErrorf("--optimizer and --lane cannot be used together: each --lane names its optimizer")
			case lanes != nil:
				req.run.Lanes, req.headers = lanes, headLabels
			case which == allOptimizers:
				req.run.Lanes, req.headers = req.run.Settings.Lanes(), headTitles
			default:
				k, err := optimizers.ParseKind(which)
				if err != nil {
					return usageErrorf("%v", err)
				}
				req.run.Lanes = []optimizers.Lane{req.run.Settings.Lane(k)}
			}
			return writeTable(cmd.Context(), cmd.OutOrStdout(), req)
		},
	}
	fs := cmd.Flags()
	fs.SortFlags = false
	fs.Var(&choice{v: &which, allowed: []string{"gd", "gdm", "adagrad", "rmsprop", "adam", allOptimizers}}, "optimizer", "optimizer to print: gd|gdm|adagrad|rmsprop|adam|all (not with --lane)")
	fs.Var(&intRange{v: &steps, lo: 0, hi: maxRaceSteps}, "steps", "number of iterations, 0 to 10000000")
	fs.Var(&choice{v: &format, allowed: []string{formatText, formatCSV, formatJSON}}, "format", "output format: text|csv|json")
	race.register(fs)
	// Every command takes --tol; a table has no finish line to stop at.
	fs.Lookup("tol").Usage += " (table prints every iteration regardless, and records tol in csv and json)"
	return cmd
}

// tableHeaders is what heads each block of a text table.
type tableHeaders int

const (
	// headNone: one optimizer, no header (the lecture's own table).
	headNone tableHeaders = iota
	// headTitles: the five, each after its full name.
	headTitles
	// headLabels: lanes, each after its name (optimizers.Labels).
	headLabels
)

type tableRequest struct {
	// run is the landscape, start point, lanes (never nil) and tol.
	run     export.Run
	steps   int
	format  string
	headers tableHeaders
}

// ctxCheckRows is how many rows a table writes between looks at its
// context: a few milliseconds' worth, so Ctrl-C stops it at once and the
// check costs nothing measurable.
const ctxCheckRows = 4096

// writeTable runs each lane for req.steps iterations and streams its rows
// to w; nothing is held in memory but the current state. When ctx is done
// it stops, writes out the rows it has whole (never half a line) and
// returns ctx.Err().
func writeTable(ctx context.Context, w io.Writer, req tableRequest) error {
	if err := ctx.Err(); err != nil {
		return err // interrupted before the first row: not even a header
	}
	opts := make([]*optimizers.Optimizer, len(req.run.Lanes))
	for i, l := range req.run.Lanes {
		o, err := optimizers.NewLane(l, req.run.Objective)
		if err != nil {
			return usageErrorf("--%v", err)
		}
		opts[i] = &o
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var err error
	switch req.format {
	case formatCSV:
		err = export.WriteCSV(ctx, bw, req.run, req.steps)
	case formatJSON:
		err = writeJSON(ctx, bw, opts, req)
	default:
		err = writeText(ctx, bw, opts, req)
	}
	if err != nil {
		if ctx.Err() != nil {
			// bw holds whole rows only; what it passed on may end mid-row.
			_ = bw.Flush()
		}
		return err
	}
	return bw.Flush()
}

// writeText prints the lecture's print lines, e.g.
// "Iteration 1: x = 8.0, f(x) = 64.0, velocity = -2.0", or on a 2-D
// landscape "Iteration 1: x = …, y = …, f(x, y) = …, velocity = (…, …)".
func writeText(ctx context.Context, w *bufio.Writer, opts []*optimizers.Optimizer, req tableRequest) error {
	line := make([]byte, 0, 256)
	labels := optimizers.Labels(req.run.Lanes)
	dim := req.run.Objective.Dim
	for i, o := range opts {
		if req.headers != headNone {
			line = line[:0]
			if i > 0 {
				line = append(line, '\n')
			}
			if req.headers == headTitles {
				line = append(line, o.Kind().Title()...)
			} else {
				line = append(line, labels[i]...)
			}
			line = append(line, '\n')
			if _, err := w.Write(line); err != nil {
				return err
			}
		}
		st := o.Start(req.run.Settings.Start())
		for it := 1; it <= req.steps; it++ {
			if it%ctxCheckRows == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			o.Step(&st)
			line = appendLectureLine(line[:0], o.Kind(), dim, it, &st)
			if _, err := w.Write(line); err != nil {
				return err
			}
		}
	}
	return nil
}

// appendLectureLine formats one iteration as the lecture's f-string does;
// on a 2-D landscape with y and f(x, y), and each per-coordinate state as
// a Python tuple, (x's, y's).
func appendLectureLine(b []byte, k optimizers.Kind, dim, it int, st *optimizers.State) []byte {
	b = append(b, "Iteration "...)
	b = strconv.AppendInt(b, int64(it), 10)
	b = append(b, ": x = "...)
	b = numfmt.AppendRepr(b, st.X[0])
	if dim == 2 {
		b = append(b, ", y = "...)
		b = numfmt.AppendRepr(b, st.X[1])
		b = append(b, ", f(x, y) = "...)
	} else {
		b = append(b, ", f(x) = "...)
	}
	b = numfmt.AppendRepr(b, st.F)
	switch k {
	case optimizers.Momentum:
		b = append(b, ", velocity = "...)
		b = appendCoords(b, dim, st.Velocity)
	case optimizers.AdaGrad, optimizers.RMSProp:
		b = append(b, ", learning rate = "...)
		b = appendCoords(b, dim, st.EffectiveLR)
	case optimizers.Adam:
		b = append(b, ", m = "...)
		b = appendCoords(b, dim, st.M)
		b = append(b, ", v = "...)
		b = appendCoords(b, dim, st.V)
	case optimizers.GD:
	}
	return append(b, '\n')
}

// appendCoords appends v[0] in 1-D, the tuple (v[0], v[1]) in 2-D.
func appendCoords(b []byte, dim int, v optimizers.Vec) []byte {
	if dim == 1 {
		return numfmt.AppendRepr(b, v[0])
	}
	b = append(b, '(')
	b = numfmt.AppendRepr(b, v[0])
	b = append(b, ", "...)
	b = numfmt.AppendRepr(b, v[1])
	return append(b, ')')
}

// writeJSON writes one array of objects, one per lane per iteration, t = 0
// included: the optimizer, its lane (1-based) and label, t, the quantities
// that optimizer has (per coordinate in 2-D), and the run: landscape, start
// point, the lane's settings and tol, in the names of the CSV's columns.
// Non-finite numbers, which JSON cannot spell, are the strings "inf",
// "-inf", "nan"; the results of an iteration (g, lr, step, m̂, v̂) at t = 0
// are null.
func writeJSON(ctx context.Context, w *bufio.Writer, opts []*optimizers.Optimizer, req tableRequest) error {
	b := make([]byte, 0, 512)
	b = append(b, '[')
	first := true
	labels := optimizers.Labels(req.run.Lanes)
	dim := req.run.Objective.Dim
	for i, o := range opts {
		qs := o.Kind().QuantitiesIn(dim)
		head := jsonHead(o.Kind(), i, labels[i])
		record := jsonRecord(req.run, req.run.Lanes[i])
		st := o.Start(req.run.Settings.Start())
		for it := 0; it <= req.steps; it++ {
			if it%ctxCheckRows == 0 {
				if err := ctx.Err(); err != nil {
					_ = w.WriteByte('\n') // each row starts its line: end the last one
					return err
				}
			}
			if it > 0 {
				o.Step(&st)
			}
			if !first {
				b = append(b, ',')
			}
			first = false
			b = append(b, head...)
			b = strconv.AppendInt(b, int64(it), 10)
			for _, q := range qs {
				b = append(b, ",\""...)
				b = append(b, q.Key...)
				b = append(b, "\":"...)
				if q.FromStep && it == 0 {
					b = append(b, "null"...) // a result of an iteration: none yet at t = 0
					continue
				}
				b = appendJSONNumber(b, q.Get(st))
			}
			b = append(b, record...)
			if _, err := w.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
	}
	b = append(b, "\n]\n"...)
	_, err := w.Write(b)
	return err
}

// jsonHead is the start of lane i's entries, up to t's value:
// `\n  {"optimizer":"gd","lane":1,"label":"GD","t":`.
func jsonHead(k optimizers.Kind, i int, label string) []byte {
	b := append([]byte(nil), "\n  {\"optimizer\":\""...)
	b = append(b, k.ID()...)
	b = append(b, "\",\"lane\":"...)
	b = strconv.AppendInt(b, int64(i+1), 10)
	b = append(b, ",\"label\":"...)
	quoted, _ := json.Marshal(label) // a string always marshals
	b = append(b, quoted...)
	return append(b, ",\"t\":"...)
}

// jsonRecord is the end of lane l's entries: the run's landscape, start
// point, the settings l's optimizer has and tol, then the closing brace.
func jsonRecord(run export.Run, l optimizers.Lane) []byte {
	b := append([]byte(nil), ",\"landscape\":"...)
	quoted, _ := json.Marshal(run.Objective.Name) // a string always marshals
	b = append(b, quoted...)
	b = append(b, ",\"x0\":"...)
	b = appendJSONNumber(b, run.Settings.X0)
	if run.Objective.Dim == 2 {
		b = append(b, ",\"y0\":"...)
		b = appendJSONNumber(b, run.Settings.Y0)
	}
	for _, s := range l.Settings() {
		b = append(b, ",\""...)
		b = append(b, export.SettingColumn(s.Key)...)
		b = append(b, "\":"...)
		b = appendJSONNumber(b, s.Value)
	}
	b = append(b, ",\"tol\":"...)
	b = appendJSONNumber(b, run.Tol)
	return append(b, '}')
}

// appendJSONNumber appends v in round-trip form, or, when it is not finite,
// the string "inf", "-inf" or "nan" (which float() in Python reads back):
// JSON has no spelling for them, and null stays for "no value".
func appendJSONNumber(b []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		b = append(b, '"')
		return append(numfmt.AppendRepr(b, v), '"')
	}
	return numfmt.AppendRepr(b, v)
}

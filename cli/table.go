package cli

import (
	"bufio"
	"context"
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
code prints it (text), or every internal quantity per iteration (csv, json).`,
		Example: `  optirace table --optimizer adam
  optirace table --optimizer all --steps 100 --format csv > race.csv`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			kinds := optimizers.Kinds()
			if which != allOptimizers {
				k, err := optimizers.ParseKind(which)
				if err != nil {
					return usageErrorf("%v", err)
				}
				kinds = []optimizers.Kind{k}
			}
			return writeTable(cmd.Context(), cmd.OutOrStdout(), tableRequest{
				kinds:    kinds,
				settings: race.settings,
				obj:      race.objective(),
				steps:    steps,
				format:   format,
				headers:  which == allOptimizers,
			})
		},
	}
	fs := cmd.Flags()
	fs.SortFlags = false
	fs.Var(&choice{v: &which, allowed: []string{"gd", "gdm", "adagrad", "rmsprop", "adam", allOptimizers}}, "optimizer", "optimizer to print: gd|gdm|adagrad|rmsprop|adam|all")
	fs.Var(&intRange{v: &steps, lo: 0, hi: maxRaceSteps}, "steps", "number of iterations, 0 to 10000000")
	fs.Var(&choice{v: &format, allowed: []string{formatText, formatCSV, formatJSON}}, "format", "output format: text|csv|json")
	race.register(fs)
	// Every command takes --tol; a table has no finish line to stop at.
	fs.Lookup("tol").Usage += " (table prints every iteration regardless)"
	return cmd
}

type tableRequest struct {
	kinds    []optimizers.Kind
	settings optimizers.Settings
	obj      optimizers.Objective
	steps    int
	format   string
	headers  bool // text: a title line before each optimizer's block
}

// ctxCheckRows is how many rows a table writes between looks at its
// context: a few milliseconds' worth, so Ctrl-C stops it at once and the
// check costs nothing measurable.
const ctxCheckRows = 4096

// writeTable runs each optimizer for req.steps iterations and streams its
// rows to w; nothing is held in memory but the current state. When ctx is
// done it stops, writes out the rows it has whole (never half a line) and
// returns ctx.Err().
func writeTable(ctx context.Context, w io.Writer, req tableRequest) error {
	if err := ctx.Err(); err != nil {
		return err // interrupted before the first row: not even a header
	}
	opts := make([]*optimizers.Optimizer, len(req.kinds))
	for i, k := range req.kinds {
		o, err := optimizers.New(k, req.settings, req.obj)
		if err != nil {
			return usageErrorf("--%v", err)
		}
		opts[i] = &o
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var err error
	switch req.format {
	case formatCSV:
		lanes := make([]optimizers.Lane, len(req.kinds))
		for i, k := range req.kinds {
			lanes[i] = req.settings.Lane(k)
		}
		err = export.WriteCSV(ctx, bw, export.Run{Settings: req.settings, Objective: req.obj, Lanes: lanes}, req.steps)
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
// "Iteration 1: x = 8.0, f(x) = 64.0, velocity = -2.0".
func writeText(ctx context.Context, w *bufio.Writer, opts []*optimizers.Optimizer, req tableRequest) error {
	line := make([]byte, 0, 256)
	for i, o := range opts {
		if req.headers {
			if i > 0 {
				line = append(line[:0], '\n')
			} else {
				line = line[:0]
			}
			line = append(line, o.Kind().Title()...)
			line = append(line, '\n')
			if _, err := w.Write(line); err != nil {
				return err
			}
		}
		st := o.Start(req.settings.Start())
		for it := 1; it <= req.steps; it++ {
			if it%ctxCheckRows == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			o.Step(&st)
			line = appendLectureLine(line[:0], o.Kind(), it, st)
			if _, err := w.Write(line); err != nil {
				return err
			}
		}
	}
	return nil
}

// appendLectureLine formats one iteration as the lecture's f-string does.
func appendLectureLine(b []byte, k optimizers.Kind, it int, st optimizers.State) []byte {
	b = append(b, "Iteration "...)
	b = strconv.AppendInt(b, int64(it), 10)
	b = append(b, ": x = "...)
	b = numfmt.AppendRepr(b, st.X[0])
	b = append(b, ", f(x) = "...)
	b = numfmt.AppendRepr(b, st.F)
	switch k {
	case optimizers.Momentum:
		b = append(b, ", velocity = "...)
		b = numfmt.AppendRepr(b, st.Velocity[0])
	case optimizers.AdaGrad, optimizers.RMSProp:
		b = append(b, ", learning rate = "...)
		b = numfmt.AppendRepr(b, st.EffectiveLR[0])
	case optimizers.Adam:
		b = append(b, ", m = "...)
		b = numfmt.AppendRepr(b, st.M[0])
		b = append(b, ", v = "...)
		b = numfmt.AppendRepr(b, st.V[0])
	case optimizers.GD:
	}
	return append(b, '\n')
}

// writeJSON writes one array of objects, one per optimizer per iteration,
// t = 0 included, with the quantities that optimizer has. Non-finite
// numbers, which JSON cannot spell, are the strings "inf", "-inf", "nan";
// the results of an iteration (g, lr, step, m̂, v̂) at t = 0 are null.
func writeJSON(ctx context.Context, w *bufio.Writer, opts []*optimizers.Optimizer, req tableRequest) error {
	b := make([]byte, 0, 512)
	b = append(b, '[')
	first := true
	for _, o := range opts {
		qs := o.Kind().Quantities()
		st := o.Start(req.settings.Start())
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
			b = append(b, "\n  {\"optimizer\":\""...)
			b = append(b, o.Kind().ID()...)
			b = append(b, "\",\"t\":"...)
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
			b = append(b, '}')
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

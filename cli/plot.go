package cli

import (
	"errors"
	"io"
	"os"
	"path/filepath"

	"github.com/optirace/optirace/export"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/plot"
	"github.com/spf13/cobra"
)

// maxPlotSteps bounds --steps of optirace plot: past it the stars are a
// smear and the file grows for nothing.
const maxPlotSteps = 10_000

func newPlotCmd() *cobra.Command {
	race := newRaceFlags()
	out := ""
	steps := optimizers.LectureSteps
	cmd := &cobra.Command{
		Use:   "plot --out FILE.png|FILE.svg",
		Short: "Draw the lecture's figure of the race to a PNG or SVG file",
		Long: `Draw the race as the lecture's figures show it: on a 1-D landscape, for each
lane the loss curve with its iterates as stars joined by a line; on a 2-D one,
a filled contour map of log10(f − f*) with every lane's path; and a panel of
log10|x_t − x*| against t for every lane with the finish zone, in the
program's colours. The format follows the file name: .png (1920×1080 pixels)
or .svg.`,
		Example: `  optirace plot --out race.png
  optirace plot --out race.svg --steps 50 --gd.lr 0.5
  optirace plot --fn rosenbrock --out r.png --steps 200`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return usageErrorf("--out FILE.png|FILE.svg is required")
			}
			if err := race.check(); err != nil {
				return err
			}
			lanes, err := race.raceLanes()
			if err != nil {
				return err
			}
			// A folder is named as one before its name is read as a format,
			// in the words export.WriteFile would use.
			if _, base := filepath.Split(out); base == "" {
				return UsageError{&export.UnwritableError{Path: out, Err: errors.New("is a folder, not a file name")}}
			}
			if fi, err := os.Stat(out); err == nil && fi.IsDir() {
				return UsageError{&export.UnwritableError{Path: out, Err: errors.New("is a folder")}}
			}
			format, err := plot.FormatOf(out)
			if err != nil {
				return usageErrorf("--out %q: %v", out, err)
			}
			fig := plot.Figure{Settings: race.settings(), Objective: race.objective(), Lanes: lanes, Steps: steps, Tol: race.tol}
			ctx := cmd.Context()
			err = export.WriteFile(out, func(w io.Writer) error {
				// Drawing takes about a second and cannot be cut short;
				// interrupted before or during it, the figure is not
				// written (WriteFile leaves no file when this fails).
				if err := ctx.Err(); err != nil {
					return err
				}
				if err := plot.Write(w, format, fig); err != nil {
					return err
				}
				return ctx.Err()
			})
			var unwritable *export.UnwritableError
			var param *optimizers.ParamError
			switch {
			case errors.As(err, &unwritable):
				return UsageError{err}
			case errors.As(err, &param):
				return usageErrorf("--%v", err)
			}
			return err
		},
	}
	fs := cmd.Flags()
	fs.SortFlags = false
	fs.StringVarP(&out, "out", "o", "", "image file to write, .png or .svg")
	fs.Var(&intRange{v: &steps, lo: 0, hi: maxPlotSteps}, "steps", "number of iterations, 0 to 10000")
	race.register(fs)
	return cmd
}

package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/optirace/optirace/neuron"
	"github.com/optirace/optirace/numfmt"
	"github.com/spf13/cobra"
)

// maxNeuronSteps bounds --steps so that a typo cannot ask for a day of output.
const maxNeuronSteps = 1_000_000

// ctxCheckIterations is how many iterations writeNeuron prints between
// looks at its context: a few milliseconds' worth.
const ctxCheckIterations = 1024

// deadReLUNote is printed, and shown on the neuron screen, when the ReLU's
// input is ≤ 0.
const deadReLUNote = "dead ReLU: no gradient flows, the weights stop changing"

func newNeuronCmd() *cobra.Command {
	params := neuron.Lecture()
	steps := 1
	exact := false
	cmd := &cobra.Command{
		Use:   "neuron",
		Short: "Print the lecture's single ReLU neuron: forward pass, chain rule, update",
		Long: `Print each iteration of the lecture's single ReLU neuron: the forward pass
(products, sum, ReLU), the gradients of the output by the chain rule, the
updated weights and bias (w ← w − α·∂out/∂w, b ← b − α·∂out/∂b) and the
output they give. The default is the lecture's one iteration, which ends
with output 5.85. Numbers are shown to 6 significant digits; --exact prints
each in the shortest form that reads back as the same float64.

Inputs and weights whose products or sum leave float64's range (±1.8e308)
are refused. When an update does (a huge α), the output stops after it and
optirace says so on stderr, with exit status 1.`,
		Example: `  optirace neuron
  optirace neuron --steps 45         # the output falls by 0.15 each time, until the ReLU dies
  optirace neuron --b -7 --exact     # a dead ReLU: the weights stop changing`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return writeNeuron(cmd.Context(), cmd.OutOrStdout(), params, steps, exact)
		},
	}
	fs := cmd.Flags()
	fs.SortFlags = false
	fs.Var(&intRange{v: &steps, lo: 1, hi: maxNeuronSteps}, "steps", "number of iterations, 1 to "+strconv.Itoa(maxNeuronSteps))
	for _, f := range neuron.Fields() {
		fs.Var(&domainValue{
			domain: f.Domain,
			get:    func() float64 { return f.Get(params) },
			set:    func(x float64) error { return f.Set(&params, x) },
		}, f.Key, fmt.Sprintf("%s, %s", f.Usage, f.Domain))
	}
	fs.BoolVar(&exact, "exact", false, "print every number in the shortest form that round-trips (5.8500000000000005)")
	return cmd
}

// writeNeuron prints the starting neuron, then steps iterations of it, or
// fewer when an update overflows: then it stops after that update and
// returns an error saying so (exit status 1, so that a script can tell). E.g.
//
//	Iteration 1
//	  forward:  x·w = [-3, 2, 6], sum = 6, out = ReLU(6) = 6
//	  backward: ∂ReLU/∂sum = 1, ∂out/∂w = [1, -2, 3], ∂out/∂b = 1
//	  update:   w = [-3.01, -0.98, 1.97], b = 0.99
//	  new out = 5.85
//
// When ctx is done it stops after a whole iteration, writes out what it
// has and returns ctx.Err().
func writeNeuron(ctx context.Context, w io.Writer, p neuron.Params, steps int, exact bool) error {
	if err := p.Validate(); err != nil {
		var r *neuron.RangeError
		if errors.As(err, &r) {
			return usageErrorf("--%s: %s", strings.Join(r.Keys, ", --"), r.Reason())
		}
		return usageErrorf("--%v", err)
	}
	num := func(v float64) string { return numfmt.Compact(v, 32) }
	if exact {
		num = numfmt.Repr
	}
	vec := func(vs [neuron.NumInputs]float64) string {
		parts := make([]string, len(vs))
		for i, v := range vs {
			parts[i] = num(v)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	_, _ = fmt.Fprintf(bw, "Neuron: x = %s, w = %s, b = %s, α = %s\n", vec(p.X), vec(p.W), num(p.B), num(p.LR))
	for n := 1; n <= steps; n++ {
		if n%ctxCheckIterations == 0 {
			if err := ctx.Err(); err != nil {
				_ = bw.Flush() // ends the output after a whole iteration
				return err
			}
		}
		it := neuron.Step(p, n)
		f, g := it.Forward, it.Grad
		_, _ = fmt.Fprintf(bw, "\nIteration %d\n", n)
		_, _ = fmt.Fprintf(bw, "  forward:  x·w = %s, sum = %s, out = ReLU(%s) = %s\n", vec(f.Products), num(f.Sum), num(f.Sum), num(f.Out))
		_, _ = fmt.Fprintf(bw, "  backward: ∂ReLU/∂sum = %s, ∂out/∂w = %s, ∂out/∂b = %s", num(g.DReLU), vec(g.DW), num(g.DB))
		if it.Dead() {
			_, _ = fmt.Fprintf(bw, " (%s)", deadReLUNote)
		}
		_, _ = fmt.Fprintf(bw, "\n  update:   w = %s, b = %s\n", vec(it.Next.W), num(it.Next.B))
		if note := it.OverflowNote(); note != "" {
			// The lesson's numbers end here, with what was computed.
			if err := bw.Flush(); err != nil {
				return err
			}
			return errors.New(note)
		}
		if _, err := fmt.Fprintf(bw, "  new out = %s\n", num(it.NextOut)); err != nil {
			return err
		}
		p = it.Next
	}
	return bw.Flush()
}

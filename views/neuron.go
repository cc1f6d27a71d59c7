package views

import (
	"strconv"
	"strings"

	"github.com/optirace/optirace/neuron"
	"github.com/optirace/optirace/numfmt"
)

// DeadReLUNote is what the neuron screen says when the ReLU's input is ≤ 0.
const DeadReLUNote = "dead ReLU: no gradient flows, the weights stop changing"

// NeuronState is what the neuron screen shows: one iteration of the lesson
// and the phase it has reached.
type NeuronState struct {
	Iteration neuron.Iteration
	Phase     neuron.Phase
	// StepKey names the key that advances the lesson, for the hint line.
	StepKey string
}

// NeuronView renders the neuron screen: the neuron as a computational graph
// (inputs and weights, products, sum, ReLU, output) in boxes joined by
// connectors, with the values of the phase reached, and below it the
// arithmetic of the current phase. It keeps the last frame, since bubbletea
// asks for a view after every message.
type NeuronView struct {
	ascii  bool
	styles *Styles

	cacheKey   neuronCacheKey
	cacheLines []string
}

type neuronCacheKey struct {
	st   NeuronState
	w, h int
}

// NewNeuronView returns a neuron screen drawn with styles (in ASCII only
// when styles.ASCII).
func NewNeuronView(styles *Styles) *NeuronView {
	return &NeuronView{ascii: styles.ASCII, styles: styles}
}

// NeuronMinWidth and NeuronMinHeight are the smallest area the neuron screen
// draws in (its compact layout); below it asks for a larger window.
// NeuronBoxedWidth and NeuronBoxedHeight are where it draws its nodes as boxes.
const (
	NeuronMinWidth    = 78
	NeuronMinHeight   = 14
	NeuronBoxedWidth  = 113
	NeuronBoxedHeight = 33

	// compactSpaciousHeight is the height from which the compact layout
	// separates the input–weight pairs by a blank row: 80×24 less a status
	// bar still leaves five lines of explanation.
	compactSpaciousHeight = 23
)

// Render returns the neuron screen as exactly h lines of exactly w columns.
func (v *NeuronView) Render(st NeuronState, w, h int) []string {
	if w <= 0 || h <= 0 {
		return nil
	}
	key := neuronCacheKey{st, w, h}
	if v.cacheLines != nil && key == v.cacheKey {
		return v.cacheLines
	}
	c := newBoard(w, h, v.ascii)
	v.draw(c, st)
	v.cacheKey, v.cacheLines = key, c.lines(&v.styles.cells)
	return v.cacheLines
}

func (v *NeuronView) draw(c *board, st NeuronState) {
	w, h := c.w, c.h
	// The graph keeps a column clear at each side. Boxed when there is
	// room, else bare text; a blank row between the input–weight pairs when
	// there is more.
	gw := w - 2
	lay, ok := layoutNeuron(true, 7, gw, 1)
	if !ok || h < NeuronBoxedHeight+3 {
		lay, ok = layoutNeuron(true, 7, gw, 0)
	}
	if !ok || h < NeuronBoxedHeight {
		gap := 0
		if h >= compactSpaciousHeight {
			gap = 1
		}
		lay, ok = layoutNeuron(false, 6, gw, gap)
		if !ok {
			lay, ok = layoutNeuron(false, 5, gw, gap)
		}
	}
	if !ok || h < lay.height+3 {
		// The window it needs: this screen and the status bar below it, and
		// never less than the app's own minimum.
		times := "×"
		if c.ascii {
			times = "x"
		}
		size := strconv.Itoa(NeuronMinWidth) + times + strconv.Itoa(max(NeuronMinHeight+1, MinHeight))
		msg := "enlarge the window: the neuron needs " + size
		if (spans{{msg, clsAlert}}).width(c.ascii) > w {
			msg = "enlarge the window (" + size + ")"
		}
		c.textCentered(h/2, msg, clsAlert)
		return
	}
	var rows [][]boardCell
	for _, l := range explain(st) {
		rows = append(rows, wrapCells(l.cells(c.ascii), w-2)...)
	}
	// Rows: header, phase track, blank, graph, blank, explanation; when
	// rows are short the track and the blanks are left out first, then the
	// explanation's last lines (two at least are kept).
	spare := h - 1 - lay.height - max(2, len(rows))
	y := 0
	v.header(c, st, y)
	y++
	if spare > 0 {
		phaseTrack(c, st.Phase, y)
		y++
		spare--
	}
	if spare > 0 {
		y++
		spare--
	}
	drawGraph(c, lay, y, st)
	y += lay.height
	if spare > 0 {
		y++
	}
	for _, r := range rows {
		if y >= h {
			break
		}
		c.put(1, y, r)
		y++
	}
}

// header writes the title line: which iteration, which phase, α.
func (v *NeuronView) header(c *board, st NeuronState, y int) {
	it := st.Iteration
	line := spans{
		{"ReLU neuron", clsBold},
		{" · iteration " + strconv.Itoa(it.N) + " · ", clsText},
		{phaseTitle(st.Phase), phaseClass(st.Phase, false)},
	}
	c.put(1, y, line.cells(c.ascii))
	alpha := span{"α = " + num(it.Params.LR), clsText}
	sep := span{"  ·  ", clsDim}
	grad := span{"∂ = ∂out/∂(node)", clsGrad}
	for _, legend := range []spans{
		{alpha, sep, {"forward value", clsForward}, sep, grad},
		{alpha, sep, grad},
		{grad},
	} {
		// Chosen for the longest phase title, so the legend stays put as
		// the lesson goes through its phases.
		if x := c.w - 1 - legend.width(c.ascii); x > line.width(c.ascii)-phaseTitleWidth(st.Phase, c.ascii)+longestPhaseTitle(c.ascii)+3 {
			c.put(x, y, legend.cells(c.ascii))
			return
		}
	}
}

// phaseTitleWidth is the width of phase p's title as drawn.
func phaseTitleWidth(p neuron.Phase, ascii bool) int {
	return spans{{phaseTitle(p), clsText}}.width(ascii)
}

// longestPhaseTitle is the width of the widest phase title.
func longestPhaseTitle(ascii bool) int {
	w := 0
	for p := range neuron.NumPhases {
		w = max(w, phaseTitleWidth(neuron.Phase(p), ascii))
	}
	return w
}

// phaseTitle names a phase in the header.
func phaseTitle(p neuron.Phase) string {
	switch p {
	case neuron.Start:
		return "ready"
	case neuron.Multiply:
		return "forward 1/3: multiply"
	case neuron.Sum:
		return "forward 2/3: sum"
	case neuron.Activate:
		return "forward 3/3: ReLU"
	case neuron.ReLUGrad:
		return "backward 1/6: ∂ReLU/∂sum"
	case neuron.SumGrad:
		return "backward 2/6: ∂sum/∂(xi·wi)"
	case neuron.WeightGrad0, neuron.WeightGrad1, neuron.WeightGrad2:
		i, _ := p.Weight()
		return "backward " + strconv.Itoa(3+i) + "/6: ∂out/∂w" + strconv.Itoa(i)
	case neuron.BiasGrad:
		return "backward 6/6: ∂out/∂b"
	case neuron.Update:
		return "update"
	}
	return ""
}

func phaseClass(p neuron.Phase, bold bool) class {
	switch {
	case p.Forward() && bold:
		return clsForwardBold
	case p.Forward():
		return clsForward
	case p.Backward() && bold:
		return clsGradBold
	case p.Backward():
		return clsGrad
	case p == neuron.Update:
		return clsUpdate
	}
	return clsText
}

// phaseTrack writes every phase of an iteration on one line, the current
// one in brackets.
func phaseTrack(c *board, cur neuron.Phase, y int) {
	line := trackLine(cur, true)
	if line.width(c.ascii) > c.w-2 {
		line = trackLine(cur, false)
	}
	c.put(1, y, line.cells(c.ascii))
}

// trackLine is the phase track, with the words forward and backward when
// long.
func trackLine(cur neuron.Phase, long bool) spans {
	names := [...]string{"", "x·w", "sum", "ReLU", "∂ReLU", "∂sum", "∂w0", "∂w1", "∂w2", "∂b", "update"}
	fwd, bwd, upd, sep := "forward ", "   backward ", "   ", " › "
	if !long {
		fwd, bwd, upd, sep = "", " │ ", " │ ", "›"
	}
	var line spans
	leads := map[neuron.Phase]string{neuron.Multiply: fwd, neuron.ReLUGrad: bwd, neuron.Update: upd}
	for p := neuron.Multiply; p <= neuron.Update; p++ {
		lead, ok := leads[p]
		if !ok {
			lead = sep
		}
		line = append(line, span{lead, clsDim})
		cls := clsDim
		switch {
		case p == cur:
			cls = clsCurrent
		case p < cur:
			cls = phaseClass(p, false)
		}
		if p == cur {
			line = append(line, span{"[" + names[p] + "]", cls})
		} else {
			line = append(line, span{" " + names[p] + " ", cls})
		}
	}
	return line
}

// num formats a value for the explanation: 6 significant digits, trailing
// zeros dropped, as the lecture writes them.
func num(v float64) string { return numfmt.Compact(v, 12) }

// operand formats a value that follows an operator: a negative one in
// parentheses, 1 × (-3) rather than 1 × -3.
func operand(v float64) string {
	if s := num(v); strings.HasPrefix(s, "-") {
		return "(" + s + ")"
	}
	return num(v)
}

// vec formats a vector of values as [a, b, c].
func vec(vs [neuron.NumInputs]float64) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = num(v)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// neuronTitle names the neuron the lesson starts from: the lecture's, or
// one the user edited.
func neuronTitle(it neuron.Iteration) string {
	if it.Params == neuron.Lecture() {
		return "The lecture's neuron"
	}
	return "Your neuron"
}

// explain returns the lines under the graph: what the current phase
// computes, with the numbers put in.
func explain(st NeuronState) []spans {
	it, f, g := st.Iteration, st.Iteration.Forward, st.Iteration.Grad
	p := it.Params
	next := "Press " + st.StepKey + " for the next step."
	switch st.Phase {
	case neuron.Start:
		return []spans{
			{{neuronTitle(it) + ": out = ReLU(x0·w0 + x1·w1 + x2·w2 + b).", clsBold}},
			{{"x = " + vec(p.X) + "   w = " + vec(p.W) + "   b = " + num(p.B) + "   α = " + num(p.LR), clsText}},
			{{"Press " + st.StepKey + " to run the forward pass, left to right.", clsDim}},
		}
	case neuron.Multiply:
		var parts []string
		for i := range neuron.NumInputs {
			parts = append(parts, "x"+strconv.Itoa(i)+"·w"+strconv.Itoa(i)+" = "+num(p.X[i])+" × "+operand(p.W[i])+" = "+num(f.Products[i]))
		}
		return []spans{
			{{"Forward: multiply each input by its weight.", clsBold}},
			{{strings.Join(parts, "    "), clsForward}},
			{{next, clsDim}},
		}
	case neuron.Sum:
		return []spans{
			{{"Forward: add up the products and the bias.", clsBold}},
			{{"sum = x0·w0 + x1·w1 + x2·w2 + b = " + num(f.Products[0]) + " + " + operand(f.Products[1]) + " + " + operand(f.Products[2]) + " + " + operand(p.B) + " = " + num(f.Sum), clsForward}},
			{{next, clsDim}},
		}
	case neuron.Activate:
		return []spans{
			{{"Forward: the ReLU activation gives the output.", clsBold}},
			{{"out = ReLU(sum) = max(sum, 0) = max(" + num(f.Sum) + ", 0) = " + num(f.Out), clsForward}},
			{{"Next the gradients flow back, right to left, by the chain rule.", clsDim}},
		}
	case neuron.ReLUGrad:
		why := "since sum = " + num(f.Sum) + " > 0"
		if it.Dead() {
			why = "since sum = " + num(f.Sum) + " is not > 0"
		}
		return []spans{
			{{"Backward: the derivative of the ReLU with respect to its input.", clsBold}},
			{{"∂out/∂sum = ∂ReLU(sum)/∂sum = 1(sum > 0) = " + num(g.DReLU) + ", " + why, clsGrad}},
			deadOr(it, next),
		}
	case neuron.SumGrad:
		return []spans{
			{{"Backward: the sum passes the gradient on to each product unchanged.", clsBold}},
			{{"∂sum/∂(x0·w0) = ∂(x0·w0 + x1·w1 + x2·w2 + b)/∂(x0·w0) = " + num(g.DSumDProduct) + ", and the same for x1·w1, x2·w2 and b", clsText}},
			{{"∂out/∂(xi·wi) = ∂out/∂sum × ∂sum/∂(xi·wi) = " + num(g.DReLU) + " × " + num(g.DSumDProduct) + " = " + num(g.DProduct), clsGrad}},
			deadOr(it, next),
		}
	case neuron.WeightGrad0, neuron.WeightGrad1, neuron.WeightGrad2:
		i, _ := st.Phase.Weight()
		n := strconv.Itoa(i)
		return []spans{
			{{"Backward: the chain rule to weight w" + n + ".", clsBold}},
			{{"∂out/∂w" + n + " = ∂ReLU/∂sum × ∂sum/∂(x" + n + "·w" + n + ") × ∂(x" + n + "·w" + n + ")/∂w" + n, clsText}},
			{
				{"∂out/∂w" + n + " = " + num(g.DReLU) + " × " + num(g.DSumDProduct) + " × x" + n + " = " + num(g.DW[i]), clsGradBold},
				{"   (x" + n + " = " + num(p.X[i]) + ")", clsDim},
			},
			deadOr(it, next),
		}
	case neuron.BiasGrad:
		return []spans{
			{{"Backward: the chain rule to the bias.", clsBold}},
			{{"∂out/∂b = ∂ReLU/∂sum × ∂sum/∂b", clsText}},
			{{"∂out/∂b = " + num(g.DReLU) + " × " + num(g.DSumDB) + " = " + num(g.DB), clsGradBold}},
			{{"The gradients: ∂out/∂w = " + vec(g.DW) + ", ∂out/∂b = " + num(g.DB), clsGrad}},
			deadOr(it, next),
		}
	case neuron.Update:
		nx := it.Next
		terms := make([]string, neuron.NumInputs)
		for i := range neuron.NumInputs {
			terms[i] = operand(nx.W[i]) + " × " + operand(p.X[i])
		}
		terms[0] = num(nx.W[0]) + " × " + operand(p.X[0])
		title := spans{{"Update: w ← w − α·∂out/∂w and b ← b − α·∂out/∂b, with α = " + num(p.LR) + ".", clsBold}}
		wLine := spans{{"w = " + vec(p.W) + " − " + num(p.LR) + " × " + vec(g.DW) + " = " + vec(nx.W), clsUpdate}}
		bLine := spans{{"b = " + num(p.B) + " − " + num(p.LR) + " × " + operand(g.DB) + " = " + num(nx.B), clsUpdate}}
		if note := it.OverflowNote(); note != "" {
			// No new output and no next iteration: nothing after ±Inf or
			// NaN would teach anything. The note comes second, so that the
			// shortest window, which keeps two lines, still says it.
			return []spans{title, {{note, clsAlert}}, wLine, bLine}
		}
		lines := []spans{
			title, wLine, bLine,
			{{"new out = ReLU(" + strings.Join(terms, " + ") + " + " + operand(nx.B) + ") = " + num(it.NextOut), clsUpdate}},
		}
		if it.Dead() {
			lines = append(lines, spans{{DeadReLUNote, clsAlert}})
		}
		return append(lines, spans{{"Press " + st.StepKey + " for iteration " + strconv.Itoa(it.N+1) + ", from the new weights.", clsDim}})
	}
	return nil
}

// deadOr returns the dead-ReLU note when no gradient flows, else otherwise.
func deadOr(it neuron.Iteration, otherwise string) spans {
	if it.Dead() {
		return spans{{DeadReLUNote, clsAlert}}
	}
	return spans{{otherwise, clsDim}}
}

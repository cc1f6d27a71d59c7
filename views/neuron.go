package views

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/lipgloss"
	"github.com/optirace/optirace/neuron"
	"github.com/optirace/optirace/numfmt"
)

// The neuron screen's two colours: values computed by the forward pass, and
// gradients flowing back (Okabe–Ito blue and vermillion, which colour-blind
// viewers can tell apart), plus the updated parameters (bluish green).
var (
	forwardColor  = lipgloss.AdaptiveColor{Light: "#005A8C", Dark: "#56B4E9"}
	gradientColor = lipgloss.AdaptiveColor{Light: "#B5400A", Dark: "#FF8A50"}
	updateColor   = lipgloss.AdaptiveColor{Light: "#00704F", Dark: "#2BC48F"}
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
	paints [numNeuronClasses]paint

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
	r := styles.Renderer
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	v := &NeuronView{ascii: styles.ASCII}
	p := &v.paints
	p[clsDim] = paintOf(styles.Dim)
	p[clsText] = paintOf(styles.Text)
	p[clsBold] = paintOf(styles.Bold)
	p[clsForward] = paintOf(r.NewStyle().Foreground(forwardColor))
	p[clsGrad] = paintOf(r.NewStyle().Foreground(gradientColor))
	p[clsUpdate] = paintOf(r.NewStyle().Foreground(updateColor).Bold(true))
	p[clsForwardBold] = paintOf(r.NewStyle().Foreground(forwardColor).Bold(true))
	p[clsGradBold] = paintOf(r.NewStyle().Foreground(gradientColor).Bold(true))
	p[clsAlert] = paintOf(styles.Alert)
	p[clsCurrent] = paintOf(styles.Bold.Reverse(true))
	return v
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
	c := newGrid(w, h, v.ascii)
	v.draw(c, st)
	v.cacheKey, v.cacheLines = key, c.lines(&v.paints)
	return v.cacheLines
}

func (v *NeuronView) draw(c *grid, st NeuronState) {
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
		if utf8.RuneCountInString(msg) > w {
			msg = "enlarge the window (" + size + ")"
		}
		c.textCentered(h/2, msg, clsAlert)
		return
	}
	var rows [][]cell
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
func (v *NeuronView) header(c *grid, st NeuronState, y int) {
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
func phaseTrack(c *grid, cur neuron.Phase, y int) {
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

// neuronLayout places the graph's nodes: columns are the screen's, rows
// count from the graph's top.
type neuronLayout struct {
	boxed         bool
	nw            int // columns for a number
	width, height int
	x, w, p       [neuron.NumInputs]rect
	b, sum, relu  rect
	out           rect
	j             [neuron.NumInputs]int // where an input's and a weight's edges meet
	bus           int                   // where the products' and the bias's edges meet
	sumRow        int
}

type rect struct{ x, y, w, h int }

// valueRow is the row of a node's first line, where its edges attach.
func (r rect) valueRow(boxed bool) int {
	if boxed {
		return r.y + 1
	}
	return r.y
}

// layoutNeuron places the nodes in width columns: boxed or as bare text,
// numbers in nw columns, pairGap blank rows between the input–weight pairs.
// It reports false when they do not fit.
func layoutNeuron(boxed bool, nw, width, pairGap int) (neuronLayout, bool) {
	l := neuronLayout{boxed: boxed, nw: nw}
	// Node widths: the widest line each can show, plus its frame (a border
	// and a space each side) or, bare, one space before the edge.
	cols := utf8.RuneCountInString
	frame := 1
	weightLine, outLine := cols("w0 = ")+nw, cols("new = ")+nw
	if boxed {
		frame = 4
		weightLine, outLine = cols("∂out/∂w0 = ")+nw, cols("new out = ")+nw
	}
	wa := weightLine + frame
	wp := cols("x0·w0 = ") + nw + frame
	ws := cols("sum = ") + nw + frame
	wr := cols("ReLU = ") + nw + frame
	wo := outLine + frame
	gaps := [4]int{4, 4, 3, 3}
	total := wa + wp + ws + wr + wo + gaps[0] + gaps[1] + gaps[2] + gaps[3]
	if total > width {
		return l, false
	}
	extra := min((width-total)/4, 6)
	for i := range gaps {
		gaps[i] += extra
	}
	total += 4 * extra
	x0 := 1 + (width-total)/2

	// Rows: each input above its weight, its product between them.
	xh, wh := 1, 2
	if boxed {
		xh, wh = 3, 4
	}
	px := x0 + wa + gaps[0]
	for i := range neuron.NumInputs {
		top := i * (xh + wh + pairGap)
		l.x[i] = rect{x0, top, wa, xh}
		l.w[i] = rect{x0, top + xh, wa, wh}
		ax, aw := l.x[i].valueRow(boxed), l.w[i].valueRow(boxed)
		prow := (ax + aw + 1) / 2
		py := prow
		if boxed {
			py--
		}
		l.p[i] = rect{px, py, wp, wh}
		l.j[i] = x0 + wa + (gaps[0]-1)/2
		if !boxed {
			l.j[i] = x0 + wa + (gaps[0]-2)/2
		}
	}
	by := neuron.NumInputs * (xh + wh + pairGap)
	l.b = rect{x0, by, wa, wh}
	l.bus = px + wp + (gaps[1]-1)/2
	if !boxed {
		l.bus = px + wp + (gaps[1]-2)/2
	}
	l.sumRow = l.p[1].valueRow(boxed)
	sy := l.sumRow
	if boxed {
		sy--
	}
	sx := px + wp + gaps[1]
	l.sum = rect{sx, sy, ws, wh}
	l.relu = rect{sx + ws + gaps[2], sy, wr, wh}
	l.out = rect{l.relu.x + wr + gaps[3], sy, wo, wh}
	l.width, l.height = total, by+wh
	return l, true
}

// nodeLook is how a node is drawn in a phase: its lines and the class of
// its frame; thick marks the node the phase computes.
type nodeLook struct {
	lines  []spans
	border class
	thick  bool
}

// edgeLook is how an edge is drawn: its class, heavy when it is the edge
// the phase is about, and which way its arrow points.
type edgeLook struct {
	cls   class
	heavy bool
	back  bool // the gradient flows against the edge: ◀ at its source
}

// drawGraph draws the nodes and edges as they stand in st's phase, the
// graph's top at row top: what is computed so far in the forward colour,
// gradients in the gradient colour, the phase's own nodes and edges thick.
func drawGraph(c *grid, l neuronLayout, top int, st NeuronState) {
	it, ph := st.Iteration, st.Phase
	f, g, p := it.Forward, it.Grad, it.Params
	boxed := l.boxed
	n := func(v float64) string { return numfmt.Compact(v, l.nw) }
	known := func(reached bool, v float64) string {
		if reached {
			return n(v)
		}
		return "?"
	}
	dead := it.Dead()
	gradCls := func(now bool) class {
		switch {
		case dead && now:
			return clsAlert
		case now:
			return clsGradBold
		}
		return clsGrad
	}
	gradLabel := func(name string) string {
		if boxed && name != "" {
			return "∂out/∂" + name + " = "
		}
		return "∂ = "
	}
	// valueLook returns a forward value's class: bold in the phase that
	// computes it, dim when not computed yet or (during the update) stale.
	valueLook := func(computedAt neuron.Phase) class {
		switch {
		case ph < computedAt, ph == neuron.Update:
			return clsDim
		case ph == computedAt:
			return clsForwardBold
		}
		return clsForward
	}
	node := func(valueLine string, valueCls class, gradName string, gradAt neuron.Phase, grad float64) nodeLook {
		nl := nodeLook{lines: []spans{{{valueLine, valueCls}}}, border: clsText}
		if ph >= gradAt && (ph.Backward() || ph == neuron.Update) {
			nl.lines = append(nl.lines, spans{{gradLabel(gradName) + n(grad), gradCls(ph == gradAt)}})
		} else {
			nl.lines = append(nl.lines, nil)
		}
		return nl
	}
	thick := func(nl nodeLook, cls class) nodeLook {
		nl.border, nl.thick = cls, true
		return nl
	}

	var looks struct {
		x, w, p         [neuron.NumInputs]nodeLook
		b, sum, relu, o nodeLook
	}
	// An update that overflows shows its values out of range, and no new
	// output, in the alert colour.
	overflow := ph == neuron.Update && it.Overflow() != nil
	updateCls := func(v float64) class {
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return clsAlert
		}
		return clsUpdate
	}
	for i := range neuron.NumInputs {
		si := strconv.Itoa(i)
		looks.x[i] = nodeLook{lines: []spans{{{"x" + si + " = " + n(p.X[i]), clsText}}}, border: clsText}
		wLine, wCls := "w"+si+" = "+n(p.W[i]), clsText
		if ph == neuron.Update {
			wLine, wCls = "w"+si+" = "+n(it.Next.W[i]), updateCls(it.Next.W[i])
		}
		looks.w[i] = node(wLine, wCls, "w"+si, neuron.WeightGrad0+neuron.Phase(i), g.DW[i])
		looks.p[i] = node("x"+si+"·w"+si+" = "+known(ph >= neuron.Multiply, f.Products[i]), valueLook(neuron.Multiply), "",
			neuron.SumGrad, g.DProduct)
	}
	bLine, bCls := "b = "+n(p.B), clsText
	if ph == neuron.Update {
		bLine, bCls = "b = "+n(it.Next.B), updateCls(it.Next.B)
	}
	looks.b = node(bLine, bCls, "b", neuron.BiasGrad, g.DB)
	looks.sum = node("sum = "+known(ph >= neuron.Sum, f.Sum), valueLook(neuron.Sum), "", neuron.ReLUGrad, g.DReLU)
	looks.relu = node("ReLU = "+known(ph >= neuron.Activate, f.Out), valueLook(neuron.Activate), "", neuron.ReLUGrad, g.DOut)
	outLabel := "new = "
	if boxed {
		outLabel = "new out = "
	}
	looks.o = nodeLook{lines: []spans{{{"out = " + known(ph >= neuron.Activate, f.Out), valueLook(neuron.Activate)}}, nil}, border: clsText}
	if ph == neuron.Activate {
		looks.o.lines[0][0].cls = clsForwardBold
	}
	if ph == neuron.Update {
		looks.o.lines[0][0].cls = clsDim
		looks.o.lines[1] = spans{{outLabel + n(it.NextOut), clsUpdate}}
		if overflow {
			looks.o.lines[1] = spans{{outLabel + "?", clsAlert}}
		}
	}

	// Frames: not yet computed is dim; the nodes the phase computes are thick.
	if ph < neuron.Multiply {
		for i := range looks.p {
			looks.p[i].border = clsDim
		}
	}
	if ph < neuron.Sum {
		looks.sum.border = clsDim
	}
	if ph < neuron.Activate {
		looks.relu.border, looks.o.border = clsDim, clsDim
	}
	switch ph {
	case neuron.Start:
	case neuron.Multiply:
		for i := range looks.p {
			looks.p[i] = thick(looks.p[i], clsForwardBold)
		}
	case neuron.Sum:
		looks.sum = thick(looks.sum, clsForwardBold)
	case neuron.Activate:
		looks.relu = thick(looks.relu, clsForwardBold)
		looks.o = thick(looks.o, clsForwardBold)
	case neuron.ReLUGrad:
		looks.sum = thick(looks.sum, gradCls(true))
	case neuron.SumGrad:
		for i := range looks.p {
			looks.p[i] = thick(looks.p[i], gradCls(true))
		}
	case neuron.WeightGrad0, neuron.WeightGrad1, neuron.WeightGrad2:
		i, _ := ph.Weight()
		looks.w[i] = thick(looks.w[i], gradCls(true))
		looks.x[i].border = clsGradBold
	case neuron.BiasGrad:
		looks.b = thick(looks.b, gradCls(true))
	case neuron.Update:
		for i := range looks.w {
			looks.w[i] = thick(looks.w[i], updateCls(it.Next.W[i]))
		}
		looks.b = thick(looks.b, updateCls(it.Next.B))
		looks.o = thick(looks.o, clsUpdate)
		if overflow {
			looks.o = thick(looks.o, clsAlert)
		}
	}

	// Edges, drawn least important first so that the highlighted edge's
	// arrows win where edges share cells.
	edgeAt := func(fwdAt, backAt neuron.Phase) edgeLook {
		switch {
		case ph == neuron.Update:
			return edgeLook{cls: clsDim}
		case ph.Backward() && ph >= backAt && backAt != neuron.Start:
			if dead {
				if ph == backAt && backAt == neuron.ReLUGrad {
					return edgeLook{cls: clsAlert, heavy: true, back: true}
				}
				return edgeLook{cls: clsDim}
			}
			return edgeLook{cls: gradCls(ph == backAt), heavy: ph == backAt, back: true}
		case ph.Backward():
			return edgeLook{cls: clsDim}
		case ph == fwdAt:
			return edgeLook{cls: clsForwardBold, heavy: true}
		case ph > fwdAt:
			return edgeLook{cls: clsForward}
		}
		return edgeLook{cls: clsDim}
	}
	type edge struct {
		look edgeLook
		pts  []point
	}
	edges := make([]edge, 0, 3*neuron.NumInputs+3)
	in := func(r rect) point { // the cell an edge ends at, left of node r
		if boxed {
			return point{r.x - 1, top + r.valueRow(true)}
		}
		return point{r.x - 2, top + r.valueRow(false)}
	}
	outOf := func(r rect, nl nodeLook) point { // the cell an edge starts at, right of node r
		if boxed {
			return point{r.x + r.w, top + r.valueRow(true)}
		}
		return point{r.x + nl.lines[0].width(c.ascii) + 1, top + r.valueRow(false)}
	}
	for i := range neuron.NumInputs {
		pin := in(l.p[i])
		jx := l.j[i]
		xs, ws := outOf(l.x[i], looks.x[i]), outOf(l.w[i], looks.w[i])
		edges = append(edges,
			edge{edgeAt(neuron.Multiply, neuron.Start), []point{xs, {jx, xs.y}, {jx, pin.y}, pin}},
			edge{edgeAt(neuron.Multiply, neuron.WeightGrad0+neuron.Phase(i)), []point{ws, {jx, ws.y}, {jx, pin.y}, pin}},
			edge{edgeAt(neuron.Sum, neuron.SumGrad), []point{outOf(l.p[i], looks.p[i]), {l.bus, top + l.p[i].valueRow(boxed)}, {l.bus, top + l.sumRow}, in(l.sum)}},
		)
	}
	// The output passes back ∂out/∂out = 1 even when the ReLU is dead.
	seed := edgeAt(neuron.Activate, neuron.ReLUGrad)
	if ph.Backward() {
		seed = edgeLook{cls: clsGrad, back: true}
	}
	bs := outOf(l.b, looks.b)
	edges = append(edges,
		edge{edgeAt(neuron.Sum, neuron.BiasGrad), []point{bs, {l.bus, bs.y}, {l.bus, top + l.sumRow}, in(l.sum)}},
		edge{edgeAt(neuron.Activate, neuron.ReLUGrad), []point{outOf(l.sum, looks.sum), in(l.relu)}},
		edge{seed, []point{outOf(l.relu, looks.relu), in(l.out)}},
	)
	for pass := range 3 { // dim, coloured, then heavy edges
		for _, e := range edges {
			rank := 1
			switch {
			case e.look.heavy:
				rank = 2
			case e.look.cls == clsDim:
				rank = 0
			}
			if rank == pass {
				c.edge(e.pts, e.look)
			}
		}
	}

	box := func(r rect, nl nodeLook) {
		r.y += top
		if boxed {
			c.box(r, frameFor(c.ascii, nl.thick), nl.border)
			for k, line := range nl.lines {
				c.put(r.x+2, r.y+1+k, line.cells(c.ascii))
			}
			return
		}
		for k, line := range nl.lines {
			cells := line.cells(c.ascii)
			if nl.thick && k == 0 {
				for m := range cells {
					if cells[m].cls == clsForwardBold || cells[m].cls == clsText {
						cells[m].cls = nl.border
					}
				}
			}
			c.put(r.x, r.y+k, cells)
		}
	}
	for i := range neuron.NumInputs {
		box(l.x[i], looks.x[i])
		box(l.w[i], looks.w[i])
		box(l.p[i], looks.p[i])
	}
	box(l.b, looks.b)
	box(l.sum, looks.sum)
	box(l.relu, looks.relu)
	box(l.out, looks.o)
}

// The classes of the neuron screen's cells, in rising priority: where two
// edges share a cell, the higher class colours it.
type class uint8

const (
	clsNone class = iota
	clsDim
	clsText
	clsBold
	clsForward
	clsGrad
	clsUpdate
	clsForwardBold
	clsGradBold
	clsAlert
	clsCurrent
	numNeuronClasses
)

// span is text in one class; spans are a line of them.
type (
	span struct {
		text string
		cls  class
	}
	spans []span
)

// width is the number of cells the line takes: one per rune, and with
// ascii two for α, spelt lr as everywhere else.
func (s spans) width(ascii bool) int {
	n := 0
	for _, p := range s {
		n += utf8.RuneCountInString(p.text)
		if ascii {
			n += strings.Count(p.text, "α")
		}
	}
	return n
}

// cells returns the line as grid cells, one per rune (every character the
// neuron screen writes is one column wide), with ascii in ASCII.
func (s spans) cells(ascii bool) []cell {
	out := make([]cell, 0, s.width(ascii))
	for _, p := range s {
		prev := ' '
		for _, r := range p.text {
			if ascii && r == 'α' {
				out = append(out, cell{r: 'l', cls: p.cls})
				r, prev = 'r', r
			} else if ascii {
				r, prev = asciiRune(r, prev), r
			}
			out = append(out, cell{r: r, cls: p.cls})
		}
	}
	return out
}

// asciiRune replaces a character outside ASCII with a one-column ASCII
// stand-in, for terminals without Unicode fonts; prev is the character
// before it.
func asciiRune(r, prev rune) rune {
	if r < utf8.RuneSelf {
		return r
	}
	switch r {
	case '∂':
		return 'd'
	case '·':
		if prev == ' ' {
			return '|' // a separator, " · ", not a product
		}
		return '*'
	case '×':
		return '*'
	case '│':
		return '|'
	case '−':
		return '-'
	case '←':
		return '=' // w ← w − α·g reads w = w - lr*g: an assignment, not "less than"
	case '›':
		return '>'
	case '▶':
		return '>'
	case '◀':
		return '<'
	case '…':
		return '~'
	case '—':
		return '-'
	}
	return '?'
}

// wrapCells breaks a line into lines of at most w cells at spaces,
// indenting the continuation lines by two. It breaks between the items of a
// line (spaced two or more apart, as in "x0·w0 = -3    x1·w1 = 2") where it
// can, so that an equation stays whole.
func wrapCells(line []cell, w int) [][]cell {
	if w <= 0 {
		return nil
	}
	var out [][]cell
	indent := 0
	for {
		if len(line)+indent <= w {
			return append(out, pad(line, indent))
		}
		cut := breakAt(line, w-indent)
		if cut <= 0 {
			cut = w - indent
			if cut <= 0 {
				return out
			}
		}
		out = append(out, pad(trimSpaces(line[:cut], false), indent))
		line = trimSpaces(line[cut:], true)
		indent = min(2, w-1)
	}
}

// breakAt is where to break line to keep at most n cells: the last gap of
// two or more spaces within them, else the last space, else 0.
func breakAt(line []cell, n int) int {
	single := 0
	for i := min(n, len(line)-1); i > 0; i-- {
		if line[i].r != ' ' {
			continue
		}
		if line[i-1].r == ' ' {
			for i > 0 && line[i-1].r == ' ' {
				i--
			}
			return i
		}
		if single == 0 {
			single = i
		}
	}
	return single
}

// trimSpaces drops the spaces at the start (leading) or end of line.
func trimSpaces(line []cell, leading bool) []cell {
	for len(line) > 0 {
		i := len(line) - 1
		if leading {
			i = 0
		}
		if line[i].r != ' ' {
			break
		}
		if leading {
			line = line[1:]
		} else {
			line = line[:i]
		}
	}
	return line
}

func pad(line []cell, indent int) []cell {
	if indent == 0 {
		return line
	}
	out := make([]cell, indent, indent+len(line))
	for i := range out {
		out[i] = cell{r: ' '}
	}
	return append(out, line...)
}

// point is a cell of the grid.
type point struct{ x, y int }

// Directions of the line segments through a cell.
const (
	up uint8 = 1 << iota
	down
	left
	right
)

// cell is one column of one row: a character, or (r == 0) the line
// segments through it, which become a box-drawing character when drawn.
type cell struct {
	r      rune
	cls    class
	dirs   uint8
	heavys uint8
}

// grid is the grid of cells the neuron screen is drawn on; writes outside
// it are dropped, so nothing drawn can exceed the window.
type grid struct {
	w, h  int
	ascii bool
	cells []cell
}

func newGrid(w, h int, ascii bool) *grid {
	return &grid{w: w, h: h, ascii: ascii, cells: make([]cell, w*h)}
}

func (c *grid) at(x, y int) *cell {
	if x < 0 || y < 0 || x >= c.w || y >= c.h {
		return nil
	}
	return &c.cells[y*c.w+x]
}

// put writes a line of cells from (x, y), clipping at the right edge with
// "…".
func (c *grid) put(x, y int, line []cell) {
	for i, cl := range line {
		if x+i == c.w && i > 0 {
			if q := c.at(x+i-1, y); q != nil {
				q.r = '…'
			}
		}
		p := c.at(x+i, y)
		if p == nil {
			return
		}
		*p = cl
	}
}

// textCentered writes s in the middle of row y, cut to the width.
func (c *grid) textCentered(y int, s string, cls class) {
	line := spans{{s, cls}}.cells(c.ascii)
	c.put(max((c.w-len(line))/2, 0), y, line)
}

// box draws a frame around r.
func (c *grid) box(r rect, fr frame, cls class) {
	set := func(x, y int, s string) {
		if p := c.at(x, y); p != nil {
			p.r, _ = utf8.DecodeRuneInString(s)
			p.cls = cls
		}
	}
	right, bottom := r.x+r.w-1, r.y+r.h-1
	for x := r.x + 1; x < right; x++ {
		set(x, r.y, fr.top)
		set(x, bottom, fr.bottom)
	}
	for y := r.y + 1; y < bottom; y++ {
		set(r.x, y, fr.left)
		set(right, y, fr.right)
	}
	set(r.x, r.y, fr.topLeft)
	set(right, r.y, fr.topRight)
	set(r.x, bottom, fr.bottomLeft)
	set(right, bottom, fr.bottomRight)
}

// edge draws a path of horizontal and vertical segments through pts, with
// an arrow into its last cell (or, when the gradient flows back, out of its
// first).
func (c *grid) edge(pts []point, look edgeLook) {
	mark := func(x, y int, d uint8) {
		p := c.at(x, y)
		if p == nil {
			return
		}
		p.dirs |= d
		if look.heavy {
			p.heavys |= d
		}
		p.cls = max(p.cls, look.cls)
	}
	for k := 1; k < len(pts); k++ {
		a, b := pts[k-1], pts[k]
		switch {
		case a.y == b.y && a.x < b.x:
			for x := a.x; x <= b.x; x++ {
				var d uint8
				if x > a.x {
					d |= left
				}
				if x < b.x {
					d |= right
				}
				mark(x, a.y, d)
			}
		case a.x == b.x && a.y != b.y:
			step, towards, back := 1, down, up
			if b.y < a.y {
				step, towards, back = -1, up, down
			}
			for y := a.y; ; y += step {
				var d uint8
				if y != a.y {
					d |= back
				}
				if y != b.y {
					d |= towards
				}
				mark(a.x, y, d)
				if y == b.y {
					break
				}
			}
		}
	}
	// A lone end cell has one direction; make it a full line segment.
	first, last := pts[0], pts[len(pts)-1]
	mark(first.x, first.y, left)
	mark(last.x, last.y, right)
	arrow := func(pt point, r rune) {
		if p := c.at(pt.x, pt.y); p != nil {
			p.r, p.cls = r, look.cls
		}
	}
	if look.back {
		arrow(first, '◀')
		if p := c.at(last.x, last.y); p != nil && p.r == '▶' {
			p.r = 0
		}
	} else {
		arrow(last, '▶')
	}
}

// lines renders the grid with paints, one string per row.
func (c *grid) lines(paints *[numNeuronClasses]paint) []string {
	out := make([]string, c.h)
	b := make([]byte, 0, 4*c.w+64)
	for y := range c.h {
		b = b[:0]
		row := c.cells[y*c.w : (y+1)*c.w]
		for x := 0; x < c.w; {
			p := &paints[row[x].cls]
			b = append(b, p.pre...)
			for cls := row[x].cls; x < c.w && row[x].cls == cls; x++ {
				b = utf8.AppendRune(b, c.glyph(row[x]))
			}
			b = append(b, p.post...)
		}
		out[y] = string(b)
	}
	return out
}

// glyph returns the character a cell shows.
func (c *grid) glyph(p cell) rune {
	switch {
	case p.r != 0:
		if c.ascii {
			return asciiRune(p.r, 0)
		}
		return p.r
	case p.dirs == 0:
		return ' '
	case c.ascii:
		return asciiLine(p.dirs, p.heavys == p.dirs)
	case p.heavys == p.dirs:
		return heavyLines[p.dirs]
	}
	return lightLines[p.dirs]
}

// Box-drawing characters by the directions of the segments through a cell.
var (
	lightLines = [16]rune{
		' ', '│', '│', '│', '─', '╯', '╮', '┤',
		'─', '╰', '╭', '├', '─', '┴', '┬', '┼',
	}
	heavyLines = [16]rune{
		' ', '┃', '┃', '┃', '━', '┛', '┓', '┫',
		'━', '┗', '┏', '┣', '━', '┻', '┳', '╋',
	}
)

func asciiLine(dirs uint8, heavy bool) rune {
	switch {
	case dirs&(up|down) == 0 && heavy:
		return '='
	case dirs&(up|down) == 0:
		return '-'
	case dirs&(left|right) == 0:
		return '|'
	}
	return '+'
}

package views

import (
	"math"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/optirace/optirace/neuron"
	"github.com/optirace/optirace/numfmt"
)

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
	cols := ansi.StringWidth
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
//
// The update draws each weight and the bias as its update, old value,
// gradient and new value on one line ("w0: -3 − 0.01 × 1 = -3.01"), in a
// node as wide as the products' column, which it takes: the products are
// the old weights' and belong to the forward pass before, and beside the
// new weights they would read as theirs.
func drawGraph(c *board, l neuronLayout, top int, st NeuronState) {
	g := graphPhase{it: st.Iteration, ph: st.Phase, boxed: l.boxed, nw: l.nw, dead: st.Iteration.Dead()}
	looks := g.nodeLooks()
	if g.ph == neuron.Update {
		l = g.updateLayout(c, l, &looks)
	}
	g.drawEdges(c, l, top, &looks)
	g.drawNodes(c, l, top, &looks)
}

// spacedMinus is the update's minus where there is room for its spaces.
const spacedMinus = " − "

// fitNumber formats v in about n columns: fewer digits where n is small,
// but never fewer than v needs to read at all (-1e308, not ######).
func fitNumber(v float64, n int) string {
	for ; n < 12; n++ {
		if s := numfmt.Compact(v, n); !strings.HasPrefix(s, "#") {
			return s
		}
	}
	return numfmt.Compact(v, n)
}

// updateLayout widens the weights' and the bias's nodes to the bus where
// the update shows, and writes each one's update into its first line: its
// numbers with as many digits as the node allows, the spaces around − and ×
// dropped before digits are (an equation whose numbers lost digits no
// longer adds up on screen).
func (g graphPhase) updateLayout(c *board, l neuronLayout, looks *graphLooks) neuronLayout {
	p, grad, next := g.it.Params, g.it.Grad, g.it.Next
	widen := func(r *rect, nl *nodeLook, name string, old, d, now float64) {
		room := l.bus - r.x - 2 // text, a blank, the edge's first cell
		if g.boxed {
			r.w = l.bus - r.x - 1
			room = r.w - 4
		}
		line := func(n int, minus, times string) spans {
			f := func(v float64) string { return fitNumber(v, n) }
			op := f(d)
			if strings.HasPrefix(op, "-") {
				op = "(" + op + ")"
			}
			return spans{
				{name + ": " + f(old) + minus + f(p.LR) + times + op + " = ", clsText},
				{f(now), updateCls(now)},
			}
		}
		var try spans
		for n := 8; n >= 3; n-- {
			for _, ops := range [...][2]string{{spacedMinus, " × "}, {spacedMinus, "×"}, {"−", "×"}} {
				if n < 5 && ops[0] == spacedMinus {
					continue // fewer digits only once the spaces are gone
				}
				if try = line(n, ops[0], ops[1]); try.width(c.ascii) <= room {
					nl.lines[0] = try
					return
				}
			}
		}
		nl.lines[0] = try // the board cuts it
	}
	for i := range neuron.NumInputs {
		widen(&l.w[i], &looks.w[i], "w"+strconv.Itoa(i), p.W[i], grad.DW[i], next.W[i])
	}
	widen(&l.b, &looks.b, "b", p.B, grad.DB, next.B)
	return l
}

// graphPhase is the graph at one phase of one iteration: what decides how
// each node and edge looks.
type graphPhase struct {
	it    neuron.Iteration
	ph    neuron.Phase
	boxed bool
	nw    int  // columns for a number
	dead  bool // no gradient flows through the ReLU
}

// graphLooks is how every node is drawn.
type graphLooks struct {
	x, w, p         [neuron.NumInputs]nodeLook
	b, sum, relu, o nodeLook
}

func (g graphPhase) num(v float64) string { return numfmt.Compact(v, g.nw) }

// known is v's number once the phase reached has computed it, else "?".
func (g graphPhase) known(reached bool, v float64) string {
	if reached {
		return g.num(v)
	}
	return "?"
}

// gradCls is a gradient's class: bold in the phase that computes it (in
// the alert colour when the ReLU is dead), plain after.
func (g graphPhase) gradCls(now bool) class {
	switch {
	case g.dead && now:
		return clsAlert
	case now:
		return clsGradBold
	}
	return clsGrad
}

// valueCls is a forward value's class: bold in the phase that computes it,
// dim when not computed yet or (during the update) stale.
func (g graphPhase) valueCls(computedAt neuron.Phase) class {
	switch {
	case g.ph < computedAt, g.ph == neuron.Update:
		return clsDim
	case g.ph == computedAt:
		return clsForwardBold
	}
	return clsForward
}

// updateCls is an updated value's class: the alert colour once it left
// float64's range.
func updateCls(v float64) class {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return clsAlert
	}
	return clsUpdate
}

// node is a node showing valueLine, and under it, once the backward pass
// reached gradAt, the gradient ∂out/∂gradName.
func (g graphPhase) node(valueLine string, valueCls class, gradName string, gradAt neuron.Phase, grad float64) nodeLook {
	nl := nodeLook{lines: []spans{{{valueLine, valueCls}}}, border: clsText}
	if g.ph >= gradAt && (g.ph.Backward() || g.ph == neuron.Update) {
		label := "∂ = "
		if g.boxed && gradName != "" {
			label = "∂out/∂" + gradName + " = "
		}
		nl.lines = append(nl.lines, spans{{label + g.num(grad), g.gradCls(g.ph == gradAt)}})
	} else {
		nl.lines = append(nl.lines, nil)
	}
	return nl
}

func thick(nl nodeLook, cls class) nodeLook {
	nl.border, nl.thick = cls, true
	return nl
}

// nodeLooks returns every node's lines and frame in this phase.
func (g graphPhase) nodeLooks() graphLooks {
	it, ph := g.it, g.ph
	f, grad, p := it.Forward, it.Grad, it.Params
	var looks graphLooks
	// An update that overflows shows its values out of range, and no new
	// output, in the alert colour.
	overflow := ph == neuron.Update && it.Overflow() != nil
	for i := range neuron.NumInputs {
		si := strconv.Itoa(i)
		looks.x[i] = nodeLook{lines: []spans{{{"x" + si + " = " + g.num(p.X[i]), clsText}}}, border: clsText}
		wLine, wCls := "w"+si+" = "+g.num(p.W[i]), clsText
		if ph == neuron.Update {
			wLine, wCls = "w"+si+" = "+g.num(it.Next.W[i]), updateCls(it.Next.W[i])
		}
		looks.w[i] = g.node(wLine, wCls, "w"+si, neuron.WeightGrad0+neuron.Phase(i), grad.DW[i])
		looks.p[i] = g.node("x"+si+"·w"+si+" = "+g.known(ph >= neuron.Multiply, f.Products[i]), g.valueCls(neuron.Multiply), "",
			neuron.SumGrad, grad.DProduct)
	}
	bLine, bCls := "b = "+g.num(p.B), clsText
	if ph == neuron.Update {
		bLine, bCls = "b = "+g.num(it.Next.B), updateCls(it.Next.B)
	}
	looks.b = g.node(bLine, bCls, "b", neuron.BiasGrad, grad.DB)
	looks.sum = g.node("sum = "+g.known(ph >= neuron.Sum, f.Sum), g.valueCls(neuron.Sum), "", neuron.ReLUGrad, grad.DReLU)
	looks.relu = g.node("ReLU = "+g.known(ph >= neuron.Activate, f.Out), g.valueCls(neuron.Activate), "", neuron.ReLUGrad, grad.DOut)
	outLabel := "new = "
	if g.boxed {
		outLabel = "new out = "
	}
	looks.o = nodeLook{lines: []spans{{{"out = " + g.known(ph >= neuron.Activate, f.Out), g.valueCls(neuron.Activate)}}, nil}, border: clsText}
	if ph == neuron.Activate {
		looks.o.lines[0][0].cls = clsForwardBold
	}
	if ph == neuron.Update {
		looks.o.lines[0][0].cls = clsDim
		looks.o.lines[1] = spans{{outLabel + g.num(it.NextOut), clsUpdate}}
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
		looks.sum = thick(looks.sum, g.gradCls(true))
	case neuron.SumGrad:
		for i := range looks.p {
			looks.p[i] = thick(looks.p[i], g.gradCls(true))
		}
	case neuron.WeightGrad0, neuron.WeightGrad1, neuron.WeightGrad2:
		i, _ := ph.Weight()
		looks.w[i] = thick(looks.w[i], g.gradCls(true))
		looks.x[i].border = clsGradBold
	case neuron.BiasGrad:
		looks.b = thick(looks.b, g.gradCls(true))
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
	return looks
}

// edgeAt is how an edge looks that carries a value forward at fwdAt and its
// gradient back at backAt (neuron.Start: none).
func (g graphPhase) edgeAt(fwdAt, backAt neuron.Phase) edgeLook {
	ph := g.ph
	switch {
	case ph == neuron.Update:
		return edgeLook{cls: clsDim}
	case ph.Backward() && ph >= backAt && backAt != neuron.Start:
		if g.dead {
			if ph == backAt && backAt == neuron.ReLUGrad {
				return edgeLook{cls: clsAlert, heavy: true, back: true}
			}
			return edgeLook{cls: clsDim}
		}
		return edgeLook{cls: g.gradCls(ph == backAt), heavy: ph == backAt, back: true}
	case ph.Backward():
		return edgeLook{cls: clsDim}
	case ph == fwdAt:
		return edgeLook{cls: clsForwardBold, heavy: true}
	case ph > fwdAt:
		return edgeLook{cls: clsForward}
	}
	return edgeLook{cls: clsDim}
}

// in is the cell an edge ends at, left of node r.
func (g graphPhase) in(r rect, top int) point {
	if g.boxed {
		return point{r.x - 1, top + r.valueRow(true)}
	}
	return point{r.x - 2, top + r.valueRow(false)}
}

// outOf is the cell an edge starts at, right of node r.
func (g graphPhase) outOf(c *board, r rect, nl nodeLook, top int) point {
	if g.boxed {
		return point{r.x + r.w, top + r.valueRow(true)}
	}
	return point{r.x + nl.lines[0].width(c.ascii) + 1, top + r.valueRow(false)}
}

// drawEdges draws the edges least important first, so that the highlighted
// edge's arrows win where edges share cells.
func (g graphPhase) drawEdges(c *board, l neuronLayout, top int, looks *graphLooks) {
	type edge struct {
		look edgeLook
		pts  []point
	}
	edges := make([]edge, 0, 3*neuron.NumInputs+3)
	for i := range neuron.NumInputs {
		if g.ph == neuron.Update { // the products' column is the weights'
			ws := g.outOf(c, l.w[i], looks.w[i], top)
			edges = append(edges, edge{edgeLook{cls: clsDim}, []point{ws, {l.bus, ws.y}, {l.bus, top + l.sumRow}, g.in(l.sum, top)}})
			continue
		}
		pin := g.in(l.p[i], top)
		jx := l.j[i]
		xs, ws := g.outOf(c, l.x[i], looks.x[i], top), g.outOf(c, l.w[i], looks.w[i], top)
		edges = append(edges,
			edge{g.edgeAt(neuron.Multiply, neuron.Start), []point{xs, {jx, xs.y}, {jx, pin.y}, pin}},
			edge{g.edgeAt(neuron.Multiply, neuron.WeightGrad0+neuron.Phase(i)), []point{ws, {jx, ws.y}, {jx, pin.y}, pin}},
			edge{g.edgeAt(neuron.Sum, neuron.SumGrad), []point{g.outOf(c, l.p[i], looks.p[i], top), {l.bus, top + l.p[i].valueRow(g.boxed)}, {l.bus, top + l.sumRow}, g.in(l.sum, top)}},
		)
	}
	// The output passes back ∂out/∂out = 1 even when the ReLU is dead.
	seed := g.edgeAt(neuron.Activate, neuron.ReLUGrad)
	if g.ph.Backward() {
		seed = edgeLook{cls: clsGrad, back: true}
	}
	bs := g.outOf(c, l.b, looks.b, top)
	edges = append(edges,
		edge{g.edgeAt(neuron.Sum, neuron.BiasGrad), []point{bs, {l.bus, bs.y}, {l.bus, top + l.sumRow}, g.in(l.sum, top)}},
		edge{g.edgeAt(neuron.Activate, neuron.ReLUGrad), []point{g.outOf(c, l.sum, looks.sum, top), g.in(l.relu, top)}},
		edge{seed, []point{g.outOf(c, l.relu, looks.relu, top), g.in(l.out, top)}},
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
}

// drawNodes draws every node over the edges: boxed, or as bare text.
func (g graphPhase) drawNodes(c *board, l neuronLayout, top int, looks *graphLooks) {
	draw := func(r rect, nl nodeLook) {
		r.y += top
		if g.boxed {
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
		draw(l.x[i], looks.x[i])
		draw(l.w[i], looks.w[i])
		if g.ph != neuron.Update {
			draw(l.p[i], looks.p[i])
		}
	}
	draw(l.b, looks.b)
	draw(l.sum, looks.sum)
	draw(l.relu, looks.relu)
	draw(l.out, looks.o)
}

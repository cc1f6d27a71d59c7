package views

import (
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// equation is one line of an explained step: what is computed, the rule as
// the lecture's code writes it, the rule with this step's numbers, and the
// result.
type equation struct {
	lhs, rule string
	// subst is the rule with numbers, written with num; "" where the rule
	// alone says it (x = x + v needs no repeat).
	subst  func(num func(float64) string) string
	result float64
}

// slideNote says where a slide writes optimizer k's rule differently from
// the lecture's code, which optirace follows; each formula in {…}, so that
// a line never breaks inside one (wrapFormulas).
var slideNote = [optimizers.NumKinds]string{
	optimizers.GD: "",
	optimizers.Momentum: "The slides write {v = γ·v + α·∇L} and {θ = θ − v}: the same steps with v of the " +
		"other sign. The lecture's code, and optirace, keep {v = γ·v − α·g} and {x = x + v}.",
	optimizers.AdaGrad: "The first AdaGrad slide puts ε inside the root, {α/√(G + ε)}; its worked iterations, " +
		"the lecture's code and optirace add it outside: {α/(√G + ε)}.",
	optimizers.RMSProp: "The slides put ε inside the root, {α/√(E[g²] + ε)}; the lecture's code, and " +
		"optirace, add it outside: {α/(√E[g²] + ε)}.",
	optimizers.Adam: "The slides write {m̂ = m/(1 − β₁)} and {α/√(v̂ + ε)}; the lecture's code, and optirace, " +
		"divide by {1 − β₁ᵗ} (and {1 − β₂ᵗ}) and add ε outside the root.",
}

// wrapFormulas breaks text into lines of at most w columns between words,
// a formula marked {…} kept whole with what touches it ("{x = x + v}."),
// and drops the marks; a formula wider than a line alone breaks as
// wrapWords breaks it.
func wrapFormulas(text string, w int) []string {
	var words []string
	var word strings.Builder
	depth := 0
	for _, r := range text + " " {
		switch {
		case r == '{':
			depth++
		case r == '}':
			depth--
		case r == ' ' && depth == 0:
			if word.Len() > 0 {
				words = append(words, word.String())
				word.Reset()
			}
		default:
			word.WriteRune(r)
		}
	}
	if len(words) == 0 {
		return nil
	}
	var lines []string
	for _, line := range fillLines(words, w) {
		if ansi.StringWidth(line) > w {
			lines = append(lines, wrapWords(line, w)...) // a formula wider than a line alone
		} else {
			lines = append(lines, line)
		}
	}
	return lines
}

// equations are lane l's update from state prev to state cur, as the
// lecture's code computes it on the landscape obj: its named terms, then
// for each coordinate (x; and y on a 2-D landscape, each with its own
// state, as numpy does elementwise) the gradient, the state and the step.
func equations(l optimizers.Lane, obj optimizers.Objective, prev, cur optimizers.State) []equation {
	h := l.Hyper
	var eqs []equation
	for _, term := range obj.Terms {
		eqs = append(eqs, equation{term.Symbol, term.Rule, func(n func(float64) string) string { return term.Subst(n, prev.X) }, term.Value(prev.X)})
	}
	t := strconv.Itoa(cur.T)
	for c := range max(obj.Dim, 1) {
		// name writes a quantity of coordinate c: m, or m_x and m_y in 2-D.
		name := func(q string) string {
			if obj.Dim < 2 {
				return q
			}
			return q + "_" + coordName(c)
		}
		x, g := coordName(c), cur.Grad[c]
		grad := equation{lhs: name("g"), rule: "f′(x)", result: g}
		if c < len(obj.Partials) {
			pd := obj.Partials[c]
			grad.rule = pd.Symbol + " = " + pd.Rule
			grad.subst = func(n func(float64) string) string { return pd.Subst(n, prev.X) }
		}
		eqs = append(eqs, grad)
		g0 := name("g")
		step := func(rule string, subst func(n func(float64) string) string) equation {
			return equation{x, rule, subst, cur.X[c]}
		}
		switch l.Kind {
		case optimizers.GD:
			eqs = append(eqs, step(x+" − α·"+g0, func(n func(float64) string) string {
				return n(prev.X[c]) + " − " + n(h.LR) + " × " + n(g)
			}))
		case optimizers.Momentum:
			v := name("v")
			eqs = append(eqs,
				equation{v, "γ·" + v + " − α·" + g0, func(n func(float64) string) string {
					return n(h.Momentum) + " × " + n(prev.Velocity[c]) + " − " + n(h.LR) + " × " + n(g)
				}, cur.Velocity[c]},
				step(x+" + "+v, func(n func(float64) string) string {
					return n(prev.X[c]) + " + " + n(cur.Velocity[c])
				}))
		case optimizers.AdaGrad:
			gg, lr := name("G"), name("lr")
			eqs = append(eqs,
				equation{gg, gg + " + " + g0 + "²", func(n func(float64) string) string {
					return n(prev.G[c]) + " + " + n(g) + "²"
				}, cur.G[c]},
				equation{lr, "α / (√" + gg + " + ε)", func(n func(float64) string) string {
					return n(h.LR) + " / (√(" + n(cur.G[c]) + ") + " + n(h.Eps) + ")"
				}, cur.EffectiveLR[c]},
				step(x+" − "+lr+"·"+g0, func(n func(float64) string) string {
					return n(prev.X[c]) + " − " + n(cur.EffectiveLR[c]) + " × " + n(g)
				}))
		case optimizers.RMSProp:
			e, lr := name("E[g²]"), name("lr")
			eqs = append(eqs,
				equation{e, "γ·" + e + " + (1 − γ)·" + g0 + "²", func(n func(float64) string) string {
					return n(h.Decay) + " × " + n(prev.EG2[c]) + " + (1 − " + n(h.Decay) + ") × " + n(g) + "²"
				}, cur.EG2[c]},
				equation{lr, "α / (√" + e + " + ε)", func(n func(float64) string) string {
					return n(h.LR) + " / (√(" + n(cur.EG2[c]) + ") + " + n(h.Eps) + ")"
				}, cur.EffectiveLR[c]},
				step(x+" − "+lr+"·"+g0, func(n func(float64) string) string {
					return n(prev.X[c]) + " − " + n(cur.EffectiveLR[c]) + " × " + n(g)
				}))
		case optimizers.Adam:
			m, v, mh, vh, lr := name("m"), name("v"), name("m̂"), name("v̂"), name("lr")
			eqs = append(eqs,
				equation{m, "β₁·" + m + " + (1 − β₁)·" + g0, func(n func(float64) string) string {
					return n(h.Beta1) + " × " + n(prev.M[c]) + " + (1 − " + n(h.Beta1) + ") × " + n(g)
				}, cur.M[c]},
				equation{v, "β₂·" + v + " + (1 − β₂)·" + g0 + "²", func(n func(float64) string) string {
					return n(h.Beta2) + " × " + n(prev.V[c]) + " + (1 − " + n(h.Beta2) + ") × " + n(g) + "²"
				}, cur.V[c]},
				equation{mh, m + " / (1 − β₁ᵗ)", func(n func(float64) string) string {
					return n(cur.M[c]) + " / (1 − " + n(h.Beta1) + "^" + t + ")"
				}, cur.MHat[c]},
				equation{vh, v + " / (1 − β₂ᵗ)", func(n func(float64) string) string {
					return n(cur.V[c]) + " / (1 − " + n(h.Beta2) + "^" + t + ")"
				}, cur.VHat[c]},
				equation{lr, "α / (√" + vh + " + ε)", func(n func(float64) string) string {
					return n(h.LR) + " / (√(" + n(cur.VHat[c]) + ") + " + n(h.Eps) + ")"
				}, cur.EffectiveLR[c]},
				step(x+" − α·"+mh+" / (√"+vh+" + ε)", func(n func(float64) string) string {
					return n(prev.X[c]) + " − " + n(h.LR) + " × " + n(cur.MHat[c]) + " / (√(" + n(cur.VHat[c]) + ") + " + n(h.Eps) + ")"
				}))
		}
	}
	return eqs
}

// coordName names coordinate c of a point: x, y.
func coordName(c int) string { return [...]string{"x", "y"}[c] }

// written is a substitution with its numbers written by num: subst, given
// a num that only notes each number, returns the formula with a mark where
// each goes, and each is written in parentheses where it would misread
// bare — a negative number after an operator (2 × (-0.5), not 2 × -0.5)
// and a negative one or one in exponent form raised to a power ((-0.5)²,
// (5.2e-6)²: 5.2e-6² reads as 5.2·10^(−6²)) — unless parentheses enclose
// it already (√(0.5)). One rule for every formula, the landscapes' too.
func written(subst func(num func(float64) string) string, num func(float64) string) string {
	var values []float64
	next := numberMark
	formula := []rune(subst(func(v float64) string {
		values = append(values, v)
		next++
		return string(next - 1)
	}))
	var b strings.Builder
	for i, r := range formula {
		k := int(r - numberMark)
		if k < 0 || k >= len(values) {
			b.WriteRune(r)
			continue
		}
		text := num(values[k])
		negative := strings.HasPrefix(text, "-")
		afterOperator := false
		for j := i - 1; j >= 0; j-- {
			if formula[j] != ' ' {
				afterOperator = formula[j] != '('
				break
			}
		}
		raised := i+1 < len(formula) && strings.ContainsRune("²³⁴^", formula[i+1])
		enclosed := i > 0 && formula[i-1] == '(' && i+1 < len(formula) && formula[i+1] == ')'
		if !enclosed && (negative && afterOperator || raised && (negative || strings.ContainsRune(text, 'e'))) {
			text = "(" + text + ")"
		}
		b.WriteString(text)
	}
	return b.String()
}

// numberMark is the first of the runes (Unicode's private use area, which
// no formula writes) that mark where written puts each number.
const numberMark rune = 0xE000

// lastStep returns lane's state before and after the race's latest step,
// or for a diverged runner the step that diverged; ok is false at t = 0.
func lastStep(r race.Reader, lane int) (prev, cur optimizers.State, ok bool) {
	if trail := r.DivergenceTrail(lane); len(trail) >= 2 {
		return trail[len(trail)-2], trail[len(trail)-1], true
	}
	recent := r.Recent(2)
	if len(recent) < 2 {
		return optimizers.State{}, optimizers.State{}, false
	}
	return recent[0][lane].State, recent[1][lane].State, true
}

// numberForm is how an equation writes the numbers it substitutes and its
// result.
type numberForm struct{ subst, result func(float64) string }

// numberForms are the ways the explain screen writes numbers, most exact
// first: Python's repr, as the lecture's print lines write them; then
// shorter substitutions before a shorter result.
var numberForms = []numberForm{
	{numfmt.Repr, numfmt.Repr},
	{compact12, numfmt.Repr},
	{compact8, numfmt.Repr},
	{compact8, compact8},
}

func compact12(v float64) string { return numfmt.Compact(v, 12) }

func compact8(v float64) string { return numfmt.Compact(v, 8) }

// Explain renders the explain screen for lane of race r in exactly w×h:
// its latest step as the lecture's code computes it, each rule with this
// step's numbers filled in and its result; at t = 0 the rules alone. Where
// it is taller than the window the equations take their one-line form with
// shorter numbers, and what still does not fit scrolls from line top, a
// footer saying how many lines are out of sight.
func (s *Styles) Explain(r race.Reader, lane, top, w, h int) []string {
	title, lines := s.explainLines(r, lane, w, h)
	lines, footer := s.scrolled(lines, top, h-2)
	return boxWithFooter(s.frame(), s.paints.border, title, footer, lines, w, h)
}

// ExplainScroll is the furthest line the explain screen of lane scrolls to
// in w×h: 0 when every line shows.
func (s *Styles) ExplainScroll(r race.Reader, lane, w, h int) int {
	_, lines := s.explainLines(r, lane, w, h)
	return scrollLimit(len(lines), h-2)
}

// explainLines is the explain screen's title and every line inside its
// border, w−2 columns wide, in the form that fits h lines, else the
// shortest.
func (s *Styles) explainLines(r race.Reader, lane, w, h int) (string, []string) {
	p := &s.paints
	iw := w - 4 // a column of margin each side inside the border
	lanes := r.Lanes()
	lane = max(0, min(lane, len(lanes)-1))
	l, label := lanes[lane], r.Labels()[lane]
	k := l.Kind
	prev, cur, ok := lastStep(r, lane)
	var title string
	var lines []string
	add := func(text string) { lines = append(lines, text) }
	params := s.hyperparametersSpelt(l, r.Objective(), true, s.spellExplain)
	if k != optimizers.GD && k != optimizers.Momentum {
		params = append(params, s.spellExplain("ε = "+numfmt.Compact(l.Hyper.Eps, 10)))
	}
	settings := strings.Join(params, ", ")
	from := "x = " + numfmt.Repr(prev.X[0])
	if r.Objective().Dim > 1 {
		from = "(x, y) = (" + numfmt.Repr(prev.X[0]) + ", " + numfmt.Repr(prev.X[1]) + ")"
	}
	if ok {
		title = "Explain " + label + " · step t = " + strconv.Itoa(cur.T)
		lines = append(lines, wrapItems([]string{
			p.dim.wrap(s.spellExplain("The lecture's code for step " + strconv.Itoa(cur.T) + ",")),
			p.dim.wrap(s.spellExplain("from ")) + s.spellExplain(from) + p.dim.wrap(","),
			p.dim.wrap("with ") + settings + p.dim.wrap(":"),
		}, " ", iw)...)
	} else {
		title = "Explain " + label + " · t = 0"
		lines = append(lines, wrapItems([]string{
			p.dim.wrap(s.spellExplain("The lecture's code for one step of " + k.String() + ",")),
			p.dim.wrap("with ") + settings + p.dim.wrap("."),
			p.dim.wrap(s.spellExplain("Press space: a step fills in its numbers.")),
		}, " ", iw)...)
	}
	add("")
	eqs := equations(l, r.Objective(), prev, cur)
	intro, full := len(lines), s.equationLines(eqs, ok, iw, false)
	lines = append(lines, full...)
	add("")
	if run := r.Runner(lane); run.Diverged() && ok {
		add(p.alert.wrap(s.spellExplain("This is the step where " + label + " diverged (t = " + strconv.Itoa(run.DivergedAt) + ").")))
	}
	if note := slideNote[k]; note != "" {
		for _, l := range wrapFormulas(s.spellExplain(note), iw) {
			add(p.dim.wrap(l))
		}
	}
	if len(lines) > h-2 {
		// Too tall: an equation on one line, its numbers shorter, before
		// any of it scrolls out of sight.
		lines = slices.Concat(lines[:intro], s.equationLines(eqs, ok, iw, true), lines[intro+len(full):])
	}
	for i := range lines {
		lines[i] = " " + fit(lines[i], iw) + " "
	}
	return p.laneBold[lane].wrap(s.spellExplain(title)), lines
}

// equationLines lays the equations out in w columns, the numbers written
// as exactly as fits (Python's repr, as the lecture prints them, where it
// fits): an equation on one line, its = signs in columns; where that is too
// wide, its numbers on a line of their own under its rule, and where that
// is too wide, the substitution and its result on a line each. Short
// prefers one line with shorter numbers to two lines with longer ones.
// Where not even the shortest substitution fits a line, it is cut short
// before its result, which always shows.
func (s *Styles) equationLines(eqs []equation, withNumbers bool, w int, short bool) []string {
	lhsW, ruleW := 0, 0
	for _, e := range eqs {
		lhsW = max(lhsW, ansi.StringWidth(s.spellExplain(e.lhs)))
	}
	// The = signs of the one-line equations align after the longest rule
	// that leaves two thirds of the line to its numbers: a longer one (a 2-D
	// gradient) goes on two lines anyway and would push the others' numbers
	// off the line.
	for _, e := range eqs {
		if rw := ansi.StringWidth(s.spellExplain(e.rule)); lhsW+3+rw <= w/3 {
			ruleW = max(ruleW, rw)
		}
	}
	p := &s.paints
	out := make([]string, 0, 2*len(eqs))
	for _, e := range eqs {
		lhs := p.bold.wrap(padRight(s.spellExplain(e.lhs), lhsW)) + " = "
		if !withNumbers {
			out = append(out, lhs+s.spellExplain(e.rule))
			continue
		}
		numbers := func(f numberForm) string {
			text := "= " + p.bold.wrap(f.result(e.result))
			if e.subst != nil {
				text = "= " + s.spellExplain(written(e.subst, f.subst)) + " " + text
			}
			return text
		}
		rule := lhs + p.dim.wrap(padRight(s.spellExplain(e.rule), ruleW)) + " "
		ruleLine := lhs + p.dim.wrap(s.spellExplain(e.rule))
		indent := strings.Repeat(" ", lhsW+1)
		oneLine := func(f numberForm) []string {
			if one := rule + numbers(f); ansi.StringWidth(one) <= w {
				return []string{one}
			}
			return nil
		}
		twoLines := func(f numberForm) []string {
			if two := indent + numbers(f); ansi.StringWidth(two) <= w {
				return []string{ruleLine, two}
			}
			return nil
		}
		var placed []string
		for _, f := range numberForms {
			if placed = oneLine(f); placed == nil && !short {
				placed = twoLines(f)
			}
			if placed != nil {
				break
			}
		}
		for _, f := range numberForms {
			if placed == nil {
				placed = twoLines(f)
			}
		}
		// Too wide still: the substitution on a line, its result on the
		// next, rather than any of it out of sight.
		for _, f := range numberForms {
			subst := indent + "= " + s.spellExplain(written(e.subst, f.subst))
			if placed == nil && e.subst != nil && ansi.StringWidth(subst) <= w {
				placed = []string{ruleLine, subst, indent + "= " + p.bold.wrap(f.result(e.result))}
			}
		}
		// Wider than a line even so: the substitution over lines, broken
		// before its sums' terms ("+ 2 × b × …"), then the result.
		if placed == nil {
			if lines := s.substitutionLines(e, indent, w); lines != nil {
				placed = append([]string{ruleLine}, lines...)
			}
		}
		if placed == nil {
			placed = []string{ruleLine, indent + s.cutSubstitution(e, w-len(indent))}
		}
		out = append(out, placed...)
	}
	return out
}

// substitutionLines is equation e's substitution over lines of w columns
// after indent, broken before its sum's terms, then its result with every
// digit that fits; nil when it is not a sum.
func (s *Styles) substitutionLines(e equation, indent string, w int) []string {
	if e.subst == nil {
		return nil
	}
	terms := sumTerms(s.spellExplain(written(e.subst, compact8)))
	if len(terms) < 2 {
		return nil
	}
	var out []string
	for i, l := range fillLines(terms, w-len(indent)-2) {
		lead := "= "
		if i > 0 {
			lead = "  "
		}
		out = append(out, fit(indent+lead+l, w))
	}
	result := numfmt.Repr(e.result)
	if ansi.StringWidth(indent+"= "+result) > w {
		result = compact8(e.result)
	}
	return append(out, indent+"= "+s.paints.bold.wrap(result))
}

// sumTerms splits a substitution into its sum's terms, outside any
// parentheses, each after the first starting with its operator:
// "a × b + c × (d − 1)" is "a × b", "+ c × (d − 1)".
func sumTerms(subst string) []string {
	var terms []string
	depth, start := 0, 0
	for i, r := range subst {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case '+', '−', '-':
			if depth == 0 && i > start && strings.HasSuffix(subst[:i], " ") && strings.HasPrefix(subst[i+len(string(r)):], " ") {
				terms = append(terms, strings.TrimSpace(subst[start:i]))
				start = i
			}
		}
	}
	return append(terms, strings.TrimSpace(subst[start:]))
}

// cutSubstitution is equation e's numbers in w columns where even the
// shortest do not fit: the substitution cut at a space with an ellipsis,
// then its result whole ("= 2 × (-0.02192) × … = -3.7312537016738254"), or
// the result alone where no part of the substitution fits.
func (s *Styles) cutSubstitution(e equation, w int) string {
	p := &s.paints
	result := numfmt.Repr(e.result)
	if ansi.StringWidth("= "+result) > w {
		result = compact8(e.result)
	}
	tail := "= " + p.bold.wrap(result)
	if e.subst == nil {
		return tail
	}
	ellipsis := s.spellExplain("…")
	room := w - ansi.StringWidth(tail) - ansi.StringWidth("=  "+ellipsis+" ")
	subst := s.spellExplain(written(e.subst, compact8))
	// A space within room bytes is within room columns: no rune is
	// narrower than a byte.
	cut := strings.LastIndex(subst[:min(len(subst), max(room, 0)+1)], " ")
	// Cut only where a few terms remain: a lone number before the ellipsis
	// would read as the whole substitution.
	if cut < 8 {
		return tail
	}
	return "= " + subst[:cut] + " " + ellipsis + " " + tail
}

// spellExplain is Spell for the explain screen, where α and the effective
// learning rate stand in one equation: in ASCII α is alpha there, since
// both would read lr ("lr = lr / (sqrt(G) + eps)").
func (s *Styles) spellExplain(text string) string {
	if s.ASCII {
		text = strings.ReplaceAll(text, "α", "alpha")
	}
	return s.Spell(text)
}

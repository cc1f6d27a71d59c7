package views

import (
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
// the lecture's code, which optirace follows.
var slideNote = [optimizers.NumKinds]string{
	optimizers.GD: "",
	optimizers.Momentum: "The slides write v = γ·v + α·∇L and θ = θ − v: the same steps with v of the " +
		"other sign. The lecture's code, and optirace, keep v = γ·v − α·g and x = x + v.",
	optimizers.AdaGrad: "The slides put ε inside the root, α/√(G + ε); the lecture's code, and optirace, " +
		"add it outside: α/(√G + ε).",
	optimizers.RMSProp: "The slides put ε inside the root, α/√(E[g²] + ε); the lecture's code, and " +
		"optirace, add it outside: α/(√E[g²] + ε).",
	optimizers.Adam: "The slides write m̂ = m/(1 − β₁) and α/√(v̂ + ε); the lecture's code, and optirace, " +
		"divide by 1 − β₁ᵗ (and 1 − β₂ᵗ) and add ε outside the root.",
}

// equations are optimizer k's update from state prev to state cur, as the
// lecture's code computes it, under settings set on the landscape obj.
func equations(k optimizers.Kind, set optimizers.Settings, obj optimizers.Objective, prev, cur optimizers.State) []equation {
	g := cur.Grad[0]
	lr, eps, gamma := set.LR[k], set.Eps, set.Momentum
	if k == optimizers.RMSProp {
		gamma = set.Decay
	}
	grad := equation{lhs: "g", rule: "f′(x)", result: g}
	if len(obj.Partials) > 0 {
		gr := obj.Partials[0]
		grad.rule = gr.Symbol + " = " + gr.Rule
		grad.subst = func(n func(float64) string) string { return gr.Subst(n, prev.X) }
	}
	t := strconv.Itoa(cur.T)
	eqs := []equation{grad}
	switch k {
	case optimizers.GD:
		eqs = append(eqs, equation{"x", "x − α·g", func(n func(float64) string) string {
			return n(prev.X[0]) + " − " + n(lr) + " × " + paren(n, g)
		}, cur.X[0]})
	case optimizers.Momentum:
		eqs = append(eqs,
			equation{"v", "γ·v − α·g", func(n func(float64) string) string {
				return n(gamma) + " × " + paren(n, prev.Velocity[0]) + " − " + n(lr) + " × " + paren(n, g)
			}, cur.Velocity[0]},
			equation{"x", "x + v", func(n func(float64) string) string {
				return n(prev.X[0]) + " + " + paren(n, cur.Velocity[0])
			}, cur.X[0]})
	case optimizers.AdaGrad:
		eqs = append(eqs,
			equation{"G", "G + g²", func(n func(float64) string) string {
				return n(prev.G[0]) + " + " + paren(n, g) + "²"
			}, cur.G[0]},
			equation{"lr", "α / (√G + ε)", func(n func(float64) string) string {
				return n(lr) + " / (√(" + n(cur.G[0]) + ") + " + n(eps) + ")"
			}, cur.EffectiveLR[0]})
	case optimizers.RMSProp:
		eqs = append(eqs,
			equation{"E[g²]", "γ·E[g²] + (1 − γ)·g²", func(n func(float64) string) string {
				return n(gamma) + " × " + n(prev.EG2[0]) + " + (1 − " + n(gamma) + ") × " + paren(n, g) + "²"
			}, cur.EG2[0]},
			equation{"lr", "α / (√E[g²] + ε)", func(n func(float64) string) string {
				return n(lr) + " / (√(" + n(cur.EG2[0]) + ") + " + n(eps) + ")"
			}, cur.EffectiveLR[0]})
	case optimizers.Adam:
		b1, b2 := set.Beta1, set.Beta2
		eqs = append(eqs,
			equation{"m", "β₁·m + (1 − β₁)·g", func(n func(float64) string) string {
				return n(b1) + " × " + paren(n, prev.M[0]) + " + (1 − " + n(b1) + ") × " + paren(n, g)
			}, cur.M[0]},
			equation{"v", "β₂·v + (1 − β₂)·g²", func(n func(float64) string) string {
				return n(b2) + " × " + n(prev.V[0]) + " + (1 − " + n(b2) + ") × " + paren(n, g) + "²"
			}, cur.V[0]},
			equation{"m̂", "m / (1 − β₁ᵗ)", func(n func(float64) string) string {
				return paren(n, cur.M[0]) + " / (1 − " + n(b1) + "^" + t + ")"
			}, cur.MHat[0]},
			equation{"v̂", "v / (1 − β₂ᵗ)", func(n func(float64) string) string {
				return n(cur.V[0]) + " / (1 − " + n(b2) + "^" + t + ")"
			}, cur.VHat[0]},
			equation{"lr", "α / (√v̂ + ε)", func(n func(float64) string) string {
				return n(lr) + " / (√(" + n(cur.VHat[0]) + ") + " + n(eps) + ")"
			}, cur.EffectiveLR[0]},
			equation{"x", "x − α·m̂ / (√v̂ + ε)", func(n func(float64) string) string {
				return n(prev.X[0]) + " − " + n(lr) + " × " + paren(n, cur.MHat[0]) + " / (√(" + n(cur.VHat[0]) + ") + " + n(eps) + ")"
			}, cur.X[0]})
	}
	if k == optimizers.AdaGrad || k == optimizers.RMSProp {
		eqs = append(eqs, equation{"x", "x − lr·g", func(n func(float64) string) string {
			return n(prev.X[0]) + " − " + n(cur.EffectiveLR[0]) + " × " + paren(n, g)
		}, cur.X[0]})
	}
	return eqs
}

// paren writes v with num, in parentheses when it is negative.
func paren(num func(float64) string, v float64) string {
	s := num(v)
	if strings.HasPrefix(s, "-") {
		return "(" + s + ")"
	}
	return s
}

// lastStep returns optimizer k's state before and after the race's latest
// step, or for a diverged runner the step that diverged; ok is false at
// t = 0.
func lastStep(r race.Reader, k optimizers.Kind) (prev, cur optimizers.State, ok bool) {
	if trail := r.DivergenceTrail(int(k)); len(trail) >= 2 {
		return trail[len(trail)-2], trail[len(trail)-1], true
	}
	recent := r.Recent(2)
	if len(recent) < 2 {
		return optimizers.State{}, optimizers.State{}, false
	}
	return recent[0][k].State, recent[1][k].State, true
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

// Explain renders the explain screen for optimizer k of race r in exactly
// w×h: its latest step as the lecture's code computes it, each rule with
// this step's numbers filled in and its result; at t = 0 the rules alone.
func (s *Styles) Explain(r race.Reader, k optimizers.Kind, w, h int) []string {
	p := &s.paints
	iw := w - 4 // a column of margin each side inside the border
	set := r.Settings()
	prev, cur, ok := lastStep(r, k)
	var title string
	var lines []string
	add := func(text string) { lines = append(lines, text) }
	settings := strings.Join(s.hyperparameters(k, set, true), ", ")
	if k != optimizers.GD && k != optimizers.Momentum {
		settings += ", " + s.Spell("ε = "+numfmt.Compact(set.Eps, 10))
	}
	if ok {
		title = "Explain " + k.String() + " · step t = " + strconv.Itoa(cur.T)
		lines = append(lines, wrapItems([]string{
			p.dim.wrap(s.Spell("The lecture's code for step " + strconv.Itoa(cur.T) + ",")),
			p.dim.wrap(s.Spell("from x = ")) + numfmt.Repr(prev.X[0]) + p.dim.wrap(","),
			p.dim.wrap("with ") + settings + p.dim.wrap(":"),
		}, " ", iw)...)
	} else {
		title = "Explain " + k.String() + " · t = 0"
		lines = append(lines, wrapItems([]string{
			p.dim.wrap(s.Spell("The lecture's code for one step of " + k.String() + ",")),
			p.dim.wrap("with ") + settings + p.dim.wrap("."),
			p.dim.wrap(s.Spell("Press space: a step fills in its numbers.")),
		}, " ", iw)...)
	}
	add("")
	eqs := equations(k, set, r.Objective(), prev, cur)
	lines = append(lines, s.equationLines(eqs, ok, iw)...)
	add("")
	if run := r.Runner(int(k)); run.Diverged() && ok {
		add(p.alert.wrap(s.Spell("This is the step where " + k.String() + " diverged (t = " + strconv.Itoa(run.DivergedAt) + ").")))
	}
	if note := slideNote[k]; note != "" {
		for _, l := range wrapWords(s.Spell(note), iw) {
			add(p.dim.wrap(l))
		}
	}
	for i := range lines {
		lines[i] = " " + fit(lines[i], iw) + " "
	}
	head := p.optimizerBold[k].wrap(s.Spell(title))
	return box(s.frame(), p.border, head, lines, w, h)
}

// equationLines lays the equations out in w columns, the numbers written
// as exactly as fits (Python's repr, as the lecture prints them, where it
// fits): an equation on one line, its = signs in columns; where that is too
// wide, its numbers on a line of their own under its rule.
func (s *Styles) equationLines(eqs []equation, withNumbers bool, w int) []string {
	lhsW, ruleW := 0, 0
	for _, e := range eqs {
		lhsW = max(lhsW, ansi.StringWidth(s.Spell(e.lhs)))
		ruleW = max(ruleW, ansi.StringWidth(s.Spell(e.rule)))
	}
	p := &s.paints
	out := make([]string, 0, 2*len(eqs))
	for _, e := range eqs {
		lhs := p.bold.wrap(padRight(s.Spell(e.lhs), lhsW)) + " = "
		if !withNumbers {
			out = append(out, lhs+s.Spell(e.rule))
			continue
		}
		numbers := func(f numberForm) string {
			text := "= " + p.bold.wrap(f.result(e.result))
			if e.subst != nil {
				text = "= " + s.Spell(e.subst(f.subst)) + " " + text
			}
			return text
		}
		rule := lhs + p.dim.wrap(padRight(s.Spell(e.rule), ruleW)) + " "
		indent := strings.Repeat(" ", lhsW+1)
		placed := false
		for _, num := range numberForms {
			if one := rule + numbers(num); ansi.StringWidth(one) <= w {
				out, placed = append(out, one), true
			} else if two := indent + numbers(num); ansi.StringWidth(two) <= w {
				out, placed = append(out, lhs+p.dim.wrap(s.Spell(e.rule)), two), true
			}
			if placed {
				break
			}
		}
		if !placed {
			out = append(out, lhs+p.dim.wrap(s.Spell(e.rule)), indent+numbers(numberForms[len(numberForms)-1]))
		}
	}
	return out
}

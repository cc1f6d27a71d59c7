package views

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// liveRow is one row of the live table: a label and what each optimizer
// shows in it.
type liveRow struct {
	label string
	cell  func(k optimizers.Kind, run race.Runner, set optimizers.Settings) liveCell
}

// liveCell is one cell of the live table: a number, formatted to the
// column's width, or a text; absent where the optimizer has no such
// quantity.
type liveCell struct {
	num    float64
	isNum  bool
	text   string
	absent bool
}

type cellFunc = func(optimizers.Kind, race.Runner, optimizers.Settings) liveCell

// liveGroups are the live table's rows in groups: the settings, where the
// optimizer is, what its last iteration computed, and its place in the
// finish zone.
func liveGroups(ascii bool) [][]liveRow {
	param := func(key string) cellFunc {
		return func(k optimizers.Kind, _ race.Runner, set optimizers.Settings) liveCell {
			for _, p := range optimizers.ParamsOf(k) {
				if p.Key == k.ID()+"."+key {
					return liveCell{num: p.Get(set), isNum: true}
				}
			}
			return liveCell{absent: true}
		}
	}
	gamma := func(k optimizers.Kind, run race.Runner, set optimizers.Settings) liveCell {
		if c := param("momentum")(k, run, set); !c.absent {
			return c
		}
		return param("decay")(k, run, set)
	}
	num := func(key string) cellFunc {
		return func(k optimizers.Kind, run race.Runner, _ optimizers.Settings) liveCell {
			for _, q := range k.Quantities() {
				if q.Key == key {
					if q.FromStep && run.T == 0 {
						return liveCell{text: none(ascii)}
					}
					return liveCell{num: q.Get(run.State), isNum: true}
				}
			}
			return liveCell{absent: true}
		}
	}
	// Every optimizer has a learning rate and a step: GD's and GDM's lr
	// is α, GDM's step is −v.
	every := func(get func(optimizers.State) float64) cellFunc {
		return func(_ optimizers.Kind, run race.Runner, _ optimizers.Settings) liveCell {
			if run.T == 0 {
				return liveCell{text: none(ascii)}
			}
			return liveCell{num: get(run.State), isNum: true}
		}
	}
	step := func(at func(race.Runner) int) cellFunc {
		return func(_ optimizers.Kind, run race.Runner, _ optimizers.Settings) liveCell {
			return liveCell{text: stepText(run, at(run), ascii)}
		}
	}
	return [][]liveRow{
		{{"α", param("lr")}, {"γ", gamma}, {"β₁", param("beta1")}, {"β₂", param("beta2")}},
		{{"x", num("x")}, {"f(x)", num("f")}},
		{
			{"g", num("grad")},
			{"velocity", num("velocity")},
			{"G", num("G")},
			{"E[g²]", num("Eg2")},
			{"m", num("m")},
			{"v", num("v")},
			{"m̂", num("m_hat")},
			{"v̂", num("v_hat")},
			{"lr", every(func(s optimizers.State) float64 { return s.EffectiveLR[0] })},
			{"step", every(func(s optimizers.State) float64 { return s.Step[0] })},
		},
		{
			{"reached", step(func(r race.Runner) int { return r.ReachedAt })},
			{"settled", step(func(r race.Runner) int { return r.SettledAt })},
		},
	}
}

// liveTable renders one table of every optimizer's every quantity at the
// race's step as exactly h lines of w columns: a column per optimizer, a
// row per setting and quantity (· where an optimizer has none), the groups
// spaced apart where there is room, each row too on a tall screen, so that
// it reads on a projector. The focused optimizer's column is lit.
func (s *Styles) liveTable(r race.Reader, focus optimizers.Kind, w, h int) []string {
	p := &s.paints
	iw, ih := w-2, h-2
	groups := liveGroups(s.ASCII)
	rows := 0
	for _, g := range groups {
		rows += len(g)
	}
	// Blank lines: between groups where they fit, and after every row where
	// the screen is tall enough for that too.
	spaced := ih >= 1+2*rows+len(groups)
	gaps := !spaced && ih >= 1+rows+len(groups)-1
	labelW := 0
	for _, g := range groups {
		for _, row := range g {
			labelW = max(labelW, ansi.StringWidth(s.Spell(row.label)))
		}
	}
	labelW++
	colW := max(minColumnWidth, min(18, (iw-labelW)/optimizers.NumKinds))
	set := r.Settings()
	var lines []string
	header := strings.Repeat(" ", labelW)
	for _, k := range optimizers.Kinds() {
		name := padLeft(k.String(), colW-1) + " "
		if k == focus {
			name = p.current[k].wrap(name)
		} else {
			name = p.optimizerBold[k].wrap(name)
		}
		header += name
	}
	lines = append(lines, fit(header, iw))
	if spaced {
		lines = append(lines, blank(iw, 1)[0])
	}
	for gi, g := range groups {
		if gi > 0 && (gaps || spaced) {
			lines = append(lines, blank(iw, 1)[0])
		}
		for _, row := range g {
			line := p.dim.wrap(padRight(s.Spell(row.label), labelW))
			for _, k := range optimizers.Kinds() {
				var text string
				switch c := row.cell(k, r.Runner(int(k)), set); {
				case c.absent:
					text = p.dim.wrap(padLeft(s.Spell("·"), colW-1))
				case c.isNum:
					text = padLeft(numfmt.Compact(c.num, colW-1), colW-1)
				default:
					text = padLeft(c.text, colW-1)
				}
				line += text + " "
			}
			lines = append(lines, fit(line, iw))
			if spaced {
				lines = append(lines, blank(iw, 1)[0])
			}
		}
	}
	title := p.bold.wrap("Live table") + p.dim.wrap(s.Spell(" t = "+strconv.Itoa(r.T())+
		" · x, f(x) after iteration t; g, lr, step what it used"))
	return box(s.frame(), p.border, title, lines, w, h)
}

package views

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

// The 2-D race screen is one map of the landscape with every lane's path
// (or, with SmallMaps, a small map per lane), under it a row per lane of
// its state per coordinate: x, y, f, the learning rate each coordinate
// gets — the lecture's point about the adaptive methods — and the
// optimizer's own state, x and y side by side. Zoomed, the focused lane's
// map has its table of the latest iterations, every quantity per
// coordinate, beneath.

// numW is the width of a number in the rows: room for three significant
// digits with sign and any exponent ("-1.23e-308").
const numW = 10

// pairKeys are the quantities after x, y and f that a lane's row shows, as
// room allows, by optimizer: the learning rate each coordinate got, then
// the optimizer's own state.
var pairKeys = [optimizers.NumKinds][]string{
	optimizers.GD:       {keyLR},
	optimizers.Momentum: {keyLR, keyVelocity},
	optimizers.AdaGrad:  {keyLR, "G"},
	optimizers.RMSProp:  {keyLR, keyEg2},
	optimizers.Adam:     {keyLR, "m", "v"},
}

// map2D is what the 2-D screen keeps between frames.
type map2D struct {
	whole, zoom *MapView
	small       *SmallMaps
	paths       []MapPath
	// symW is this frame's widest symbol of a pair, which every pair's
	// symbol is padded to, so that the rows' columns line up.
	symW int
}

// mapMinHeight is the fewest lines the race screen's map box keeps, its
// border, title and legend included, before the lanes' rows get any.
const mapMinHeight = minChartHeight + 4

// LaneRows2D is how many of a 2-D race screen's h lines its box of n
// lanes' rows takes, under the map: all it needs, where the map keeps room
// to be a map.
func LaneRows2D(n, h int) int { return min(n+2, max(h-mapMinHeight, 0)) }

// RaceHeight2D is the height a 2-D race screen with n lanes needs to show
// its map and a row for every lane: what a strip below it should leave.
func RaceHeight2D(n int) int { return mapMinHeight + n + 2 }

// render2D draws the race screen of a 2-D race as exactly h lines of w
// columns.
func (v *RaceView) render2D(st RaceState, w, h int) []string {
	r := st.Race
	m := &v.maps
	if m.whole == nil {
		m.whole, m.zoom, m.small = NewMapView(v.styles), NewMapView(v.styles), NewSmallMaps(v.styles)
		m.zoom.SetLegend(false)
	}
	land := LandscapeOf(r.Objective(), r.Settings().Start())
	m.paths = MapPaths(r, trajectoryPoints, m.paths)
	if st.Zoomed {
		return v.zoomed2D(st, land, w, h)
	}
	n := len(m.paths)
	rowsH := LaneRows2D(n, h)
	mapH := h - rowsH
	p := &v.styles.paints
	obj := r.Objective()
	title := p.bold.wrap(obj.Name) + p.dim.wrap("  "+formulaOf(obj, v.styles.ASCII))
	inside := v.mapInside(st, land, w-2, mapH-2, rowsH > 0)
	out := box(v.styles.frame(), p.border, title, inside, w, mapH)
	if rowsH > 0 {
		out = append(out, v.laneRows(st, w, rowsH)...)
	}
	return out
}

// lessonOf is what r's landscape teaches in a race like r: its lesson for
// its own race, what it is for any other.
func lessonOf(r race.Reader) string {
	return r.Objective().LessonOf(r.Lanes(), r.Settings().Start())
}

// lessonIn is lesson for a line of w columns: whole where it fits, else
// what the landscape is (up to the colon), since half a lesson's sentence
// teaches nothing; cut with an ellipsis only where even that does not fit.
func lessonIn(lesson string, w int) string {
	if ansi.StringWidth(lesson) <= w {
		return lesson
	}
	what, _, _ := strings.Cut(lesson, ":")
	return fit(what, min(ansi.StringWidth(what), max(w, 0)))
}

// mapInside is the map box's inside, iw×ih: the landscape's lesson, where
// the map can spare the line, over the map (or the small maps), whose
// legend leaves the lanes to the rows below it if rowsBelow.
func (v *RaceView) mapInside(st RaceState, land Landscape, iw, ih int, rowsBelow bool) []string {
	if iw <= 0 || ih <= 0 {
		return nil
	}
	m := &v.maps
	var inside []string
	if ih > minChartHeight+1 {
		// The lesson takes a second line where it needs one and the map
		// can spare it: a sentence cut short teaches nothing.
		lesson := v.styles.Spell(lessonOf(st.Race))
		lines := strings.Split(ansi.Wordwrap(lesson, iw-1, ""), "\n")
		if len(lines) > 2 || (len(lines) == 2 && ih <= minChartHeight+2) {
			lines = []string{lessonIn(lesson, iw-1)}
		}
		for _, l := range lines {
			inside = append(inside, fit(" "+v.styles.paints.dim.wrap(l), iw))
		}
	}
	mh := ih - len(inside)
	if st.SmallMaps {
		m.small.SetLandscape(land)
		m.small.SetView(st.Track)
		m.small.SetSize(iw, mh)
		return append(inside, m.small.Lines(m.paths)...)
	}
	m.whole.SetLandscape(land)
	m.whole.SetView(st.Track)
	m.whole.SetLaneLegend(!rowsBelow)
	m.whole.SetSize(iw, mh)
	return append(inside, m.whole.Lines(m.paths)...)
}

// zoomed2D is the focused lane alone: its map, and beneath it its table
// of the latest iterations with every quantity per coordinate.
func (v *RaceView) zoomed2D(st RaceState, land Landscape, w, h int) []string {
	r, lane := st.Race, st.Focus
	l := r.Lanes()[lane]
	p := &v.styles.paints
	fr, border := frameFor(v.styles.ASCII, true), p.laneBold[lane]
	title := p.laneBold[lane].wrap("["+strconv.Itoa(lane+1)+"] "+r.Labels()[lane]) +
		"  " + strings.Join(v.styles.hyperparameters(l, r.Objective(), true), ", ")
	iw, ih := w-2, h-2
	if iw <= 0 || ih <= 0 {
		return blank(max(w, 0), max(h, 0))
	}
	tableH := min(ih/3, 12)
	if ih-tableH < minChartHeight {
		tableH = 0
	}
	m := &v.maps
	m.zoom.SetLandscape(land)
	m.zoom.SetView(st.Track)
	m.zoom.SetSize(iw, ih-tableH)
	lines := m.zoom.Lines(m.paths[lane : lane+1])
	if tableH > 0 {
		v.states = v.recentStates(r, lane, max(tableH-1, tableLookback))
		lines = append(lines, v.tables[lane].lines(v.styles, lane, l, r.Objective(), r.Settings().Start(), v.states, iw, tableH)...)
	}
	return boxWithFooter(fr, border, title, v.badge(r.Runner(lane)), lines, w, h)
}

// laneRows is a box of h lines with a row per lane: its glyph and label,
// then x, y and f(x, y), then as many of its quantities per coordinate as
// fit ("lr 0.0276 · 0.0891", "m 1.2 · -0.3"), and where it is in the race.
func (v *RaceView) laneRows(st RaceState, w, h int) []string {
	r := st.Race
	p := &v.styles.paints
	iw := w - 2
	// The labels tell lanes apart by their settings: wide rows give them
	// room for two settings at full length, in ASCII as spelt.
	labelW := 6
	for _, l := range r.Labels() {
		labelW = max(labelW, ansi.StringWidth(v.styles.Spell(l)))
	}
	labelW = min(labelW, 16)
	if iw >= 140 {
		labelW = min(labelW, 32)
	}
	title := p.bold.wrap("Lanes") + p.dim.wrap(v.styles.Spell("  t = "+strconv.Itoa(r.T())+" · each coordinate's number: x")+v.styles.coordSep(true)+"y")
	v.maps.symW = 0
	for _, l := range r.Lanes() {
		for _, key := range pairKeys[l.Kind] {
			v.maps.symW = max(v.maps.symW, ansi.StringWidth(v.styles.Spell(pairSymbol(l.Kind, key))))
		}
	}
	lines := make([]string, 0, h-2)
	for lane, label := range r.Labels() {
		if len(lines) == h-2 {
			break
		}
		lines = append(lines, v.laneRow(r, lane, label, lane == st.Focus, labelW, iw))
	}
	return box(v.styles.frame(), p.border, title, lines, w, h)
}

// laneRow is lane's row, w columns wide.
func (v *RaceView) laneRow(r race.Reader, lane int, label string, focused bool, labelW, w int) string {
	p := &v.styles.paints
	s := v.styles
	run := r.Runner(lane)
	l := r.Lanes()[lane]
	glyph := p.laneBold[lane].wrap(string(s.Glyph(lane)))
	// The focused row is marked without colour too (NO_COLOR): ▸ before it.
	mark := " "
	if focused {
		glyph = p.laneCurrent[lane].wrap(string(s.Glyph(lane)))
		mark = p.bold.wrap(s.Spell("▸"))
	}
	head := mark + glyph + " " + p.laneBold[lane].wrap(padRight(fit(s.Spell(label), labelW), labelW))
	used := 3 + labelW
	var b strings.Builder
	b.WriteString(head)
	add := func(item string) {
		if iw := ansi.StringWidth(item); used+iw <= w {
			b.WriteString(item)
			used += iw
		}
	}
	x, f := run.X, run.F
	add("  x " + padLeft(numfmt.Compact(x[0], numW), numW))
	add("  y " + padLeft(numfmt.Compact(x[1], numW), numW))
	fItem := "  f " + padLeft(numfmt.Compact(f, numW), numW)
	// The learning rates are the lesson: f gives way to them where both
	// do not fit (the map's shading shows f).
	pairW := 2 + v.maps.symW + 1 + 2*numW + ansi.StringWidth(s.coordSep(true))
	if used+ansi.StringWidth(fItem)+pairW <= w {
		add(fItem)
	}
	badge := badgeText(run, badgeShort)
	room := w - len([]rune(badge)) - 2
	qs := l.Kind.QuantitiesIn(2)
	for _, key := range pairKeys[l.Kind] {
		item, ok := v.pair(l, run.State, qs, key)
		if !ok || used+ansi.StringWidth(item) > room {
			break
		}
		add(item)
	}
	if badge != "" {
		add("  " + s.finishPaint(run).wrap(badge))
	}
	return fit(b.String(), w)
}

// pair is one quantity's x and y in a row: "  lr 0.0276 · 0.0891". GD's and
// GDM's learning rate is α for both coordinates: their setting, dimmed.
func (v *RaceView) pair(l optimizers.Lane, st optimizers.State, qs []optimizers.Quantity, key string) (string, bool) {
	s := v.styles
	sep := s.coordSep(true)
	symbol := padRight(s.Spell(pairSymbol(l.Kind, key)), v.maps.symW)
	if key == keyLR && (l.Kind == optimizers.GD || l.Kind == optimizers.Momentum) {
		a := padLeft(numfmt.Compact(l.Hyper.LR, numW), numW)
		return "  " + symbol + " " + s.paints.dim.wrap(a+sep+a), true
	}
	var vals [2]string
	found := 0
	for _, q := range qs {
		if q.Key != key+"_x" && q.Key != key+"_y" {
			continue
		}
		text := none(s.ASCII)
		if !q.FromStep || st.T != 0 {
			text = numfmt.Compact(q.Get(st), numW)
		}
		vals[q.Coord] = padLeft(text, numW)
		found++
	}
	if found != 2 {
		return "", false
	}
	return "  " + symbol + " " + vals[0] + sep + vals[1], true
}

// pairSymbol is the lecture's symbol of a pair's quantity: α for GD's and
// GDM's learning rate, which is their setting.
func pairSymbol(k optimizers.Kind, key string) string {
	if key == keyLR && (k == optimizers.GD || k == optimizers.Momentum) {
		return "α"
	}
	for _, q := range k.Quantities() {
		if q.Key == key {
			return q.Symbol
		}
	}
	return key
}

// formulaOf is "f(x, y) = " and obj's formula, in ASCII where asked.
func formulaOf(obj optimizers.Objective, ascii bool) string {
	if ascii {
		return "f(x, y) = " + obj.ASCIIFormula
	}
	return "f(x, y) = " + obj.Formula
}

package model

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
	"github.com/optirace/optirace/wording"
)

// laneSet is what a race races: its settings (the start point, and each
// optimizer's settings for the five lanes of the lecture) and its lanes,
// nil when they are the five of the settings.
type laneSet struct {
	settings optimizers.Settings
	lanes    []optimizers.Lane
}

// ownLanes returns r's lanes if they are its own (--lane, a sweep, an
// edit that reshaped them), nil if they are the five of its settings.
func ownLanes(r race.Reader) []optimizers.Lane {
	lanes := r.Lanes()
	if slices.Equal(lanes, r.Settings().Lanes()) {
		return nil
	}
	return lanes
}

// laneSet is what the race races as the last edit left it: that of the
// replay under way, if any, which a newer edit starts from and replaces.
func (s *stage) laneSet() laneSet {
	if s.replay.pending() {
		return laneSet{s.replay.job.settings, s.replay.job.lanes}
	}
	return laneSet{s.own.race.Settings(), ownLanes(s.own.race)}
}

// lane is the focused lane, within the race's lanes: focus may point past
// them after a race with fewer lanes replaced one with more.
func (c *common) lane() int {
	r := c.stage.reader()
	if r == nil {
		return 0
	}
	return min(c.view.focus, len(r.Labels())-1)
}

// focus focuses lane i, or says why not.
func (c *common) focus(i int) {
	if n := len(c.stage.reader().Labels()); i >= n {
		c.status.note = "there is no lane " + strconv.Itoa(i+1) + ": this race has " + strconv.Itoa(n)
		return
	}
	c.view.focus = i
}

// sweepFactors are the multiples of the focused lane's α that s races.
var sweepFactors = [...]float64{0.1, 0.3, 1, 3, 10}

// sweepLanes returns five lanes of l's optimizer at α × sweepFactors,
// each α rounded to 12 significant digits (0.1 × 0.3 is 0.03, not
// 0.030000000000000002), or an error if one is out of range.
func sweepLanes(l optimizers.Lane) ([]optimizers.Lane, error) {
	lanes := make([]optimizers.Lane, len(sweepFactors))
	for i, f := range sweepFactors {
		lanes[i] = l
		lr, err := strconv.ParseFloat(strconv.FormatFloat(l.Hyper.LR*f, 'g', 12, 64), 64)
		if err != nil || math.IsInf(lr, 0) {
			return nil, errors.New("α × 10 overflows: " + numfmt.Compact(l.Hyper.LR, 10) + " is too large to sweep")
		}
		if err := lanes[i].Set("lr", lr); err != nil {
			return nil, err
		}
	}
	return lanes, nil
}

// sweep turns the race into a learning-rate sweep of lane's optimizer
// (five lanes at α × 0.1, 0.3, 1, 3 and 10) restarted at t = 0, or, when
// the race is a sweep, brings back the lanes it had before, also from
// t = 0.
func (s *stage) sweep(lane int) int {
	r := s.own.race
	if prev := s.beforeSweep; prev != nil {
		if err := s.restart(*prev); err != nil {
			s.st.note = err.Error()
			return lane
		}
		s.beforeSweep = nil
		s.restarted("the lanes before the sweep are back: the race restarts")
		return 0
	}
	l := r.Lanes()[lane]
	lanes, err := sweepLanes(l)
	if err != nil {
		s.st.note = err.Error()
		return lane
	}
	before := laneSet{r.Settings(), ownLanes(r)}
	if err := s.restart(laneSet{r.Settings(), lanes}); err != nil {
		s.st.note = err.Error()
		return lane
	}
	s.beforeSweep = &before
	s.restarted(l.Kind.String() + " at α × 0.1, 0.3, 1, 3 and 10 from t = 0 · " +
		s.keys.Sweep.Help().Key + " again brings back the " + strconv.Itoa(len(before.lanesOf())) + " lanes before")
	return 2 // the lane at the α swept from
}

// lanesOf returns the lanes ls races.
func (ls laneSet) lanesOf() []optimizers.Lane {
	if ls.lanes == nil {
		return ls.settings.Lanes()
	}
	return ls.lanes
}

// restart races ls on the same landscape from t = 0; on error nothing
// changes.
func (s *stage) restart(ls laneSet) error {
	r := s.own.race
	nr, err := race.New(ls.settings, r.Objective(), race.WithTol(r.Tol()), race.WithLanes(ls.lanes))
	if err != nil {
		return err
	}
	s.own.race = nr
	return nil
}

// laneEdit is what the race editor edits before it is applied: the race's
// lanes, the one the editor shows, and the settings whose start point it
// edits.
type laneEdit struct {
	lanes    []optimizers.Lane
	lane     int
	settings optimizers.Settings
	obj      optimizers.Objective
	// own is set when the lanes are the race's own, not the settings'
	// five: then each lane has its own ε, and applying keeps them as they
	// are. reshaped is set once a lane was added, removed or given
	// another optimizer, which makes them own.
	own, reshaped bool
	// before is the race's lanes and settings when the editor opened.
	before laneSet
}

// openRaceEditor opens the editor on the focused lane's settings and the
// shared start point, and pauses the race.
func (c *common) openRaceEditor() {
	ls := c.stage.laneSet()
	c.showLaneEdit(laneEdit{
		lanes: slices.Clone(ls.lanesOf()), lane: c.lane(), settings: ls.settings,
		obj: c.stage.own.race.Objective(), own: ls.lanes != nil, before: ls,
	}, "")
	c.stage.pausePlay()
}

// showLaneEdit opens the editor on le's lane, with alert saying why the
// last lane key was refused, if it was.
func (c *common) showLaneEdit(le laneEdit, alert string) {
	l := le.lanes[le.lane]
	var fields []EditField
	for _, st := range l.Settings() {
		usage := st.Brief
		if st.Key == "eps" && !le.own {
			usage += ", shared"
		}
		fields = append(fields, EditField{Key: st.Key, Symbol: st.Symbol, Usage: usage, Domain: st.Domain, Value: st.Value})
	}
	start := len(fields)
	x0 := optimizers.Params()[0]
	fields = append(fields, EditField{Key: x0.Key, Symbol: x0.Symbol, Usage: "start point, shared", Domain: x0.Domain, Value: le.settings.X0})
	if le.obj.Dim == 2 {
		y0 := optimizers.Y0Param()
		fields = append(fields, EditField{Key: y0.Key, Symbol: y0.Symbol, Usage: "start point's y, shared", Domain: y0.Domain, Value: le.settings.Y0})
	}
	labels := optimizers.Labels(le.lanes)
	title := "Lane " + strconv.Itoa(le.lane+1) + " of " + strconv.Itoa(len(le.lanes)) + ": " + labels[le.lane]
	ed := NewEditor(title, c.laneEditNote(le), fields, c.keys, c.styles)
	ed.hint = c.keys.editorHint(true) + " · " + c.keys.laneHint()
	ed.alert = alert
	obj := le.obj
	ed.checkAll = func(vals []float64) (int, string) {
		p := optimizers.Vec{vals[start]}
		if obj.Dim == 2 {
			p[1] = vals[start+1]
		}
		var e *race.StartError
		if errors.As(race.CheckStart(obj, p), &e) {
			return start, e.Brief()
		}
		return -1, ""
	}
	c.editor.open(ed, func(vals []float64) tea.Cmd {
		le = le.take(fields, vals)
		return c.applyLaneEdit(le)
	})
	c.editor.keys = func(msg tea.KeyMsg) bool { return c.laneKey(le, fields, msg) }
}

// laneEditNote says what the lane's settings are by default, and what
// applying does.
func (c *common) laneEditNote(le laneEdit) string {
	l := le.lanes[le.lane]
	def := le.obj.Defaults().Lane(l.Kind).Settings()
	vals := make([]string, 0, len(def))
	for _, st := range def {
		vals = append(vals, st.Symbol+" = "+numfmt.Compact(st.Value, 8))
	}
	from := "lecture"
	if !sameRates(le.obj.Defaults(), optimizers.Defaults()) {
		from = le.obj.Name + "'s defaults"
	}
	return from + ": " + strings.Join(vals, ", ") + " · applying replays every lane to t = " + strconv.Itoa(c.stage.own.race.T())
}

// sameRates reports whether a and b give every optimizer the same
// settings (their start points aside).
func sameRates(a, b optimizers.Settings) bool {
	a.X0, a.Y0, b.X0, b.Y0 = 0, 0, 0, 0
	return a == b
}

// take returns le with the editor's values for its lane and start point;
// a changed ε of a race without lanes of its own changes every lane's.
func (le laneEdit) take(fields []EditField, vals []float64) laneEdit {
	le.lanes = slices.Clone(le.lanes)
	l := &le.lanes[le.lane]
	for i, f := range fields {
		switch f.Key {
		case "x0":
			le.settings.X0 = vals[i]
		case "y0":
			le.settings.Y0 = vals[i]
		default:
			_ = l.Set(f.Key, vals[i]) // the editor checked the domain
		}
	}
	if !le.own {
		for i := range le.lanes {
			le.lanes[i].Hyper.Eps = l.Hyper.Eps
		}
	}
	return le
}

// laneKey handles the race editor's lane keys: it takes the fields typed
// so far (refusing to leave while one is invalid), changes the lanes and
// shows the lane the key leads to. It reports false for every other key.
func (c *common) laneKey(le laneEdit, fields []EditField, msg tea.KeyMsg) bool {
	k := c.keys
	if !matches(msg, k.NewLane, k.CopyLane, k.DropLane, k.LaneKind, k.PrevLane, k.NextLane) {
		return false
	}
	ed := c.editor.editor
	if !ed.validate() {
		return true // the reasons show under their fields
	}
	le = le.take(fields, ed.Values())
	n := len(le.lanes)
	switch {
	case matches(msg, k.NewLane, k.CopyLane) && n == optimizers.MaxLanes:
		c.showLaneEdit(le, optimizers.CheckLanes(n+1).Error()+": ctrl+x removes one first")
		return true
	case matches(msg, k.DropLane) && n == 1:
		c.showLaneEdit(le, optimizers.CheckLanes(0).Error()+": the last lane stays")
		return true
	case matches(msg, k.NewLane):
		le.lanes = append(le.lanes, le.obj.Defaults().Lane(unraced(le.lanes)))
		le.lane, le.reshaped = n, true
	case matches(msg, k.CopyLane):
		le.lanes = slices.Insert(le.lanes, le.lane+1, le.lanes[le.lane])
		le.lane, le.reshaped = le.lane+1, true
	case matches(msg, k.DropLane):
		le.lanes = slices.Delete(le.lanes, le.lane, le.lane+1)
		le.lane, le.reshaped = min(le.lane, n-2), true
	case matches(msg, k.LaneKind):
		next := optimizers.Kind((int(le.lanes[le.lane].Kind) + 1) % optimizers.NumKinds)
		le.lanes[le.lane] = le.obj.Defaults().Lane(next)
		le.reshaped = true
	case matches(msg, k.PrevLane):
		le.lane = (le.lane + n - 1) % n
	case matches(msg, k.NextLane):
		le.lane = (le.lane + 1) % n
	}
	if le.reshaped {
		le.own = true
	}
	c.showLaneEdit(le, "")
	return true
}

// unraced returns the first optimizer none of lanes races, or GD.
func unraced(lanes []optimizers.Lane) optimizers.Kind {
	for _, k := range optimizers.Kinds() {
		if !slices.ContainsFunc(lanes, func(l optimizers.Lane) bool { return l.Kind == k }) {
			return k
		}
	}
	return optimizers.GD
}

// applyLaneEdit races le's lanes from the start to the race's step, so
// that it stays aligned, or says there was nothing to change.
func (c *common) applyLaneEdit(le laneEdit) tea.Cmd {
	r := c.stage.own.race
	after := laneSet{settings: le.settings, lanes: le.lanes}
	if !le.own {
		// The lecture's five: their settings live in the race's settings.
		for _, l := range le.lanes {
			after.settings.SetLane(l.Kind, l.Hyper)
		}
		after.lanes = nil
	}
	note := editNote(le.before, after, r.T())
	if note == "" {
		c.status.note = "no change"
		return nil
	}
	if _, err := race.New(after.settings, r.Objective(), race.WithTol(r.Tol()), race.WithLanes(after.lanes)); err != nil {
		c.status.note = err.Error() // the editor checked each value; kept for safety
		return nil
	}
	c.stage.beforeSweep = nil
	c.view.focus = le.lane
	return c.stage.startReplay(replayJob{
		settings: after.settings, lanes: after.lanes, obj: r.Objective(), tol: r.Tol(), t: r.T(), note: note,
	})
}

// editNote says what an applied edit changed, "" if nothing: the lanes
// added or removed, each changed lane's new settings, and that a new start
// point replays every lane.
func editNote(before, after laneSet, t int) string {
	was, now := before.lanesOf(), after.lanesOf()
	var parts []string
	labels := optimizers.Labels(now)
	if len(was) != len(now) || !sameKinds(was, now) {
		parts = append(parts, wording.Count(len(now), "lane")+": "+strings.Join(labels, ", "))
	} else {
		for i, l := range now {
			var changed []string
			old := was[i].Settings()
			for j, st := range l.Settings() {
				if st.Value != old[j].Value {
					changed = append(changed, st.Symbol+" = "+numfmt.Compact(st.Value, 10))
				}
			}
			if len(changed) > 0 {
				parts = append(parts, labels[i]+": "+strings.Join(changed, ", "))
			}
		}
	}
	to := " · replayed to t = " + strconv.Itoa(t)
	if after.settings.Start() != before.settings.Start() {
		// A new start point, which the status bar shows, replays them all.
		to = " · every lane replayed to t = " + strconv.Itoa(t)
		if len(parts) == 0 {
			return "every lane replayed to t = " + strconv.Itoa(t)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, " · ") + to
}

// sameKinds reports whether a and b race the same optimizers in the same order.
func sameKinds(a, b []optimizers.Lane) bool {
	return slices.EqualFunc(a, b, func(x, y optimizers.Lane) bool { return x.Kind == y.Kind })
}

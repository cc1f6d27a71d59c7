package cli

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/optirace/optirace/model"
	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
	"github.com/spf13/pflag"
)

// raceFlags are the flags every command that runs a race shares: the
// landscape, the start point, ε, each optimizer's hyperparameters and the
// lanes. They are defined once here, from optimizers.Params, and
// registered on each command. A hyperparameter or start coordinate not
// given takes the landscape's own (optimizers.Objective.Defaults).
type raceFlags struct {
	// given holds the values the flags set; only those the command line
	// names count (settings).
	given    optimizers.Settings
	fs       *pflag.FlagSet
	fn       string
	tol      float64
	maxSteps int
	ascii    bool
	// lanes are the --lane specs in order, each checked when given.
	lanes laneSpecs
	// screens marks the commands that show the race screens (optirace,
	// serve), which do not draw lanes or 2-D landscapes yet.
	screens bool
}

func newRaceFlags() *raceFlags {
	return &raceFlags{
		given: optimizers.Defaults(), fn: optimizers.Quadratic().Name,
		tol: race.DefaultTol, maxSteps: model.DefaultMaxSteps,
	}
}

// maxRaceSteps bounds --steps and --max-steps so that a typo cannot ask for
// a day of computing.
const maxRaceSteps = 10_000_000

// register adds the race flags to fs.
func (f *raceFlags) register(fs *pflag.FlagSet) {
	f.fs = fs
	objs := optimizers.Objectives()
	names := make([]string, 0, len(objs))
	for _, o := range objs {
		names = append(names, o.Name)
	}
	fs.Var(&choice{v: &f.fn, allowed: names}, "fn", "loss landscape: "+optimizers.ObjectiveNames()+
		"; each has its own start and default hyperparameters, the 1-D ones the lecture's")
	lecture := optimizers.Defaults()
	for _, p := range startAndParams() {
		usage := fmt.Sprintf("%s, %s (default: the landscape's; %s on the 1-D ones)", p.Usage, p.Domain, numfmt.Shortest(p.Get(lecture)))
		switch p.Key {
		case "x0":
			usage = fmt.Sprintf("start point's x, %s (default: the landscape's start; 10 on the 1-D ones)", p.Domain)
		case "y0":
			usage = fmt.Sprintf("start point's y on a 2-D landscape, %s (default: the landscape's start)", p.Domain)
		}
		fs.Var(paramFlag(p, &f.given), p.Key, usage)
		// The default depends on --fn: the usage says it, pflag must not.
		fs.Lookup(p.Key).DefValue = ""
	}
	fs.Var(positiveFloat(&f.tol), "tol", "finish line: an optimizer finishes when its distance to the nearest minimum, |x − x*|, is < tol, a finite number > 0")
	fs.Var(&f.lanes, "lane", "a lane: OPT[:key=value,...] with keys "+optimizers.LaneKeys()+
		", the others from the flags; repeat for 1 to 8 lanes, any optimizers in any order (default: the five optimizers, one lane each)")
}

// startAndParams are the parameters with a flag each: x0, y0, then
// optimizers.Params after x0.
func startAndParams() []optimizers.Param {
	ps := optimizers.Params()
	return slices.Insert(ps, 1, optimizers.Y0Param()) // Params starts with x0
}

// laneSpecs is the value of --lane: each spec as given, in order. Set
// refuses a spec that cannot be read whatever the other flags, and a ninth
// lane; the settings a spec leaves to the flags are read when the race is
// made (raceLanes).
type laneSpecs []string

func (l *laneSpecs) String() string { return strings.Join(*l, " ") }

func (l *laneSpecs) Set(spec string) error {
	if len(*l) == optimizers.MaxLanes {
		return optimizers.CheckLanes(len(*l) + 1)
	}
	if _, err := optimizers.ParseLane(spec, optimizers.Defaults()); err != nil {
		var le *optimizers.LaneError
		if errors.As(err, &le) {
			return errors.New(le.Reason)
		}
		return err
	}
	*l = append(*l, spec)
	return nil
}

func (l *laneSpecs) Type() string { return "lane" }

// settings returns the race's settings: the landscape's own
// (Objective.Defaults), with every flag the command line gave in their
// place.
func (f *raceFlags) settings() optimizers.Settings {
	s := f.objective().Defaults()
	for _, p := range startAndParams() {
		if f.fs != nil && f.fs.Changed(p.Key) {
			_ = p.Set(&s, p.Get(f.given)) // the flag checked it
		}
	}
	return s
}

// raceLanes returns the lanes --lane gives, read against the settings, or
// nil for the five of the settings.
func (f *raceFlags) raceLanes() ([]optimizers.Lane, error) {
	if len(f.lanes) == 0 {
		return nil, nil
	}
	s := f.settings()
	lanes := make([]optimizers.Lane, len(f.lanes))
	for i, spec := range f.lanes {
		l, err := optimizers.ParseLane(spec, s)
		if err != nil {
			return nil, usageErrorf("--%v", err)
		}
		lanes[i] = l
	}
	return lanes, nil
}

// registerMaxSteps adds --max-steps to the commands that run a race to its
// end (optirace's auto-play, optirace race, optirace serve).
func (f *raceFlags) registerMaxSteps(fs *pflag.FlagSet) {
	fs.Var(&intRange{v: &f.maxSteps, lo: 1, hi: maxRaceSteps}, "max-steps", "where auto-play and optirace race stop, 1 to 10000000")
}

// objective returns the landscape chosen with --fn.
func (f *raceFlags) objective() optimizers.Objective {
	o, err := optimizers.ObjectiveByName(f.fn)
	if err != nil {
		return optimizers.Quadratic() // --fn only accepts known names
	}
	return o
}

// check refuses what no single flag can: --y0 on a 1-D landscape, a start
// point where the chosen landscape (--fn) overflows float64, and what the
// race screens cannot show yet.
func (f *raceFlags) check() error {
	if err := f.checkY0(); err != nil {
		return err
	}
	obj := f.objective()
	if err := race.CheckStart(obj, f.settings().Start()); err != nil {
		if obj.Dim == 2 {
			return usageErrorf("--x0, --y0: %v", err) // the message names both
		}
		return usageErrorf("--%v", err)
	}
	_, err := f.raceLanes()
	return err
}

// checkY0 refuses --y0 on a 1-D landscape. It is all table checks: table
// takes any finite start, and where the landscape overflows it prints inf
// and nan, as the lecture's loop would (Python would stop with an
// OverflowError).
func (f *raceFlags) checkY0() error {
	obj := f.objective()
	if obj.Dim == 1 && f.fs != nil && f.fs.Changed("y0") {
		return usageErrorf("--y0: %s is a 1-D landscape, f(x) = %s, with no y; the 2-D ones are %s",
			obj.Name, obj.Formula, names(optimizers.ObjectivesIn(2)))
	}
	return nil
}

// names joins the landscapes' names with "|".
func names(objs []optimizers.Objective) string {
	out := make([]string, len(objs))
	for i, o := range objs {
		out[i] = o.Name
	}
	return strings.Join(out, "|")
}

// newRace returns the race these flags describe.
func (f *raceFlags) newRace() (*race.Race, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	lanes, err := f.raceLanes()
	if err != nil {
		return nil, err
	}
	r, err := race.New(f.settings(), f.objective(), race.WithTol(f.tol), race.WithLanes(lanes))
	if err != nil {
		return nil, UsageError{err}
	}
	return r, nil
}

// registerDisplay adds the flags of commands that show the TUI (optirace,
// optirace serve).
func (f *raceFlags) registerDisplay(fs *pflag.FlagSet) {
	f.screens = true
	fs.BoolVar(&f.ascii, "ascii", false, "draw with ASCII characters only: charts, borders and symbols (θ ← θ − α·g reads x = x - lr*g)")
}

// modelOptions returns the TUI's options for these flags; callers add a
// renderer and the shared-race hooks. Call check first: a lane spec it
// refuses is left out here.
func (f *raceFlags) modelOptions() model.Options {
	lanes, _ := f.raceLanes()
	return model.Options{
		Settings: f.settings(), Lanes: lanes, Objective: f.objective(), Tol: f.tol, MaxSteps: f.maxSteps, ASCII: f.ascii,
	}
}

// domainValue is a pflag.Value for a number in a domain (a race
// hyperparameter, a neuron field): a bad value is refused with the flag's
// name and what it allows.
type domainValue struct {
	domain optimizers.Domain
	get    func() float64
	set    func(float64) error
}

func (v *domainValue) String() string {
	if v.get == nil {
		return ""
	}
	return strconv.FormatFloat(v.get(), 'g', -1, 64)
}

func (v *domainValue) Set(text string) error {
	x, err := v.domain.Parse(text)
	if err != nil {
		return err
	}
	return v.set(x)
}

func (v *domainValue) Type() string { return flagTypeFloat }

// paramFlag is the flag value of race hyperparameter p in s.
func paramFlag(p optimizers.Param, s *optimizers.Settings) *domainValue {
	return &domainValue{
		domain: p.Domain,
		get:    func() float64 { return p.Get(*s) },
		set:    func(x float64) error { return p.Set(s, x) },
	}
}

// floatRange is a pflag.Value for a number that ok accepts; allowed says
// which in the words of "must be …".
type floatRange struct {
	v       *float64
	allowed string
	ok      func(float64) bool
}

// positiveFloat is the value of a flag that takes a finite number > 0.
func positiveFloat(v *float64) *floatRange {
	return &floatRange{v: v, allowed: optimizers.Positive.String(), ok: optimizers.Positive.Contains}
}

func (r *floatRange) String() string {
	if r.v == nil {
		return ""
	}
	return strconv.FormatFloat(*r.v, 'g', -1, 64)
}

func (r *floatRange) Set(text string) error {
	x, err := numfmt.ParseDecimal(text, r.allowed, r.ok)
	if err != nil {
		return err
	}
	*r.v = x
	return nil
}

func (r *floatRange) Type() string { return flagTypeFloat }

// intRange is a pflag.Value for an integer in [lo, hi].
type intRange struct {
	v      *int
	lo, hi int
}

func (r *intRange) String() string {
	if r.v == nil {
		return ""
	}
	return strconv.Itoa(*r.v)
}

func (r *intRange) Set(text string) error {
	text = strings.TrimSpace(text)
	allowed := fmt.Sprintf("an integer from %d to %d", r.lo, r.hi)
	n, err := strconv.Atoi(text)
	switch {
	case text == "":
		return fmt.Errorf("empty: must be %s", allowed)
	case err == nil && n >= r.lo && n <= r.hi:
		*r.v = n
		return nil
	case numfmt.IsHex(text):
		return fmt.Errorf("hexadecimal is not accepted: must be %s, written in decimal", allowed)
	case strings.Contains(text, "_"):
		return fmt.Errorf("underscores are not accepted: must be %s, written without _", allowed)
	}
	return fmt.Errorf("must be %s", allowed)
}

func (r *intRange) Type() string { return "int" }

// durationValue is a pflag.Value for a duration of at least a minute, or 0
// for never: a shorter limit would end sessions before a student has read
// the screen.
type durationValue struct{ v *time.Duration }

const minSessionLimit = time.Minute

func (d *durationValue) String() string {
	if d.v == nil {
		return ""
	}
	return d.v.String()
}

// durationText is how time.ParseDuration writes a duration: numbers with
// units. Text of that form that still does not parse is too long.
var durationText = regexp.MustCompile(`^[+-]?((\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$`)

func (d *durationValue) Set(text string) error {
	text = strings.TrimSpace(text)
	x, err := time.ParseDuration(text)
	switch {
	case err != nil && durationText.MatchString(text) && strings.HasPrefix(text, "-"):
		return errors.New("must not be negative: use a duration like 15m or 90s, or 0 for never")
	case err != nil && durationText.MatchString(text):
		return errors.New("too long: at most 2562047h (292 years), or 0 for never")
	case err != nil:
		return errors.New("not a duration: use a number with a unit, like 15m or 90s, or 0 for never")
	case x < 0:
		return errors.New("must not be negative: use a duration like 15m or 90s, or 0 for never")
	case x > 0 && x < minSessionLimit:
		return errors.New("must be at least 1m (or 0 for never), like 15m or 3h")
	}
	*d.v = x
	return nil
}

func (d *durationValue) Type() string { return "duration" }

// choice is a pflag.Value that accepts one of a fixed set of words.
type choice struct {
	v       *string
	allowed []string
}

func (c *choice) String() string {
	if c.v == nil {
		return ""
	}
	return *c.v
}

func (c *choice) Set(text string) error {
	for _, a := range c.allowed {
		if strings.EqualFold(strings.TrimSpace(text), a) {
			*c.v = a
			return nil
		}
	}
	return fmt.Errorf("must be one of %s", strings.Join(c.allowed, "|"))
}

func (c *choice) Type() string { return "string" }

// flagTypeFloat is how usage texts name a number flag's value.
const flagTypeFloat = "float"

package optimizers

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/optirace/optirace/numfmt"
	"github.com/optirace/optirace/wording"
)

// MaxLanes is the most lanes a race holds.
const MaxLanes = 8

// Hyper is one optimizer's hyperparameters: its learning rate α, GDM's
// momentum γ, RMSProp's decay γ, Adam's β₁ and β₂, and ε for AdaGrad,
// RMSProp and Adam. An optimizer ignores the ones it does not have.
type Hyper struct {
	LR, Momentum, Decay, Beta1, Beta2, Eps float64
}

// Lane is one runner of a race: an optimizer with its own settings.
type Lane struct {
	Kind  Kind
	Hyper Hyper
}

// laneKey is a key of a lane spec: a field of Hyper, the kinds that have it
// and its domain.
type laneKey struct {
	key, symbol string
	kinds       []Kind
	domain      Domain
	field       func(*Hyper) *float64
	brief       string
}

// laneKeys are the keys a lane spec may set, in the order messages list them.
var laneKeys = []laneKey{
	{"lr", "α", []Kind{GD, Momentum, AdaGrad, RMSProp, Adam}, Positive, func(h *Hyper) *float64 { return &h.LR }, lrBrief},
	{"momentum", "γ", []Kind{Momentum}, UnitInterval, func(h *Hyper) *float64 { return &h.Momentum }, "momentum coefficient γ"},
	{"decay", "γ", []Kind{RMSProp}, UnitInterval, func(h *Hyper) *float64 { return &h.Decay }, "decay rate γ of E[g²]"},
	{"beta1", "β₁", []Kind{Adam}, UnitInterval, func(h *Hyper) *float64 { return &h.Beta1 }, "decay rate β₁ of m"},
	{"beta2", "β₂", []Kind{Adam}, UnitInterval, func(h *Hyper) *float64 { return &h.Beta2 }, "decay rate β₂ of v"},
	{epsKey, "ε", []Kind{AdaGrad, RMSProp, Adam}, Positive, func(h *Hyper) *float64 { return &h.Eps }, "ε outside the √"},
}

// has reports whether optimizer k has the key.
func (lk laneKey) has(k Kind) bool {
	for _, o := range lk.kinds {
		if o == k {
			return true
		}
	}
	return false
}

// LaneKeys lists the keys a lane spec may set, for messages and help:
// "lr, momentum, decay, beta1, beta2, eps".
func LaneKeys() string {
	keys := make([]string, len(laneKeys))
	for i, lk := range laneKeys {
		keys[i] = lk.key
	}
	return strings.Join(keys, ", ")
}

// Lane returns optimizer k's lane with the settings s gives it (its flags).
func (s Settings) Lane(k Kind) Lane {
	return Lane{Kind: k, Hyper: Hyper{
		LR: s.LR[k], Momentum: s.Momentum, Decay: s.Decay, Beta1: s.Beta1, Beta2: s.Beta2, Eps: s.Eps,
	}}
}

// SetLane gives optimizer k the settings of h that k has (its α and its
// own decay rates, and ε, which s shares between the optimizers that
// have it): the inverse of Lane.
func (s *Settings) SetLane(k Kind, h Hyper) {
	l := Lane{Kind: k, Hyper: h}
	for _, st := range l.Settings() {
		switch st.Key {
		case "lr":
			s.LR[k] = st.Value
		case "momentum":
			s.Momentum = st.Value
		case "decay":
			s.Decay = st.Value
		case "beta1":
			s.Beta1 = st.Value
		case "beta2":
			s.Beta2 = st.Value
		case epsKey:
			s.Eps = st.Value
		}
	}
}

// Lanes returns the race's five lanes without --lane: each optimizer once,
// in the lecture's order, at the settings s gives it.
func (s Settings) Lanes() []Lane {
	out := make([]Lane, NumKinds)
	for _, k := range Kinds() {
		out[k] = s.Lane(k)
	}
	return out
}

// Setting is one setting of a lane: its key in a lane spec (lr, momentum,
// decay, beta1, beta2, eps), the lecture's symbol and the lane's value.
type Setting struct {
	Key, Symbol string
	Value       float64
	// Domain is the set of values the setting takes; Brief describes it
	// for beside an editor's field ("learning rate α").
	Domain Domain
	Brief  string
}

// Settings returns the settings lane l's optimizer has, in the order of
// LaneKeys: GD's lr; GDM's lr and momentum; AdaGrad's lr and eps;
// RMSProp's lr, decay and eps; Adam's lr, beta1, beta2 and eps.
func (l Lane) Settings() []Setting {
	out := make([]Setting, 0, 4)
	for _, lk := range laneKeys {
		if lk.has(l.Kind) {
			out = append(out, Setting{Key: lk.key, Symbol: lk.symbol, Value: *lk.field(&l.Hyper), Domain: lk.domain, Brief: lk.brief})
		}
	}
	return out
}

// Set sets the setting of l named key (a key of LaneKeys) to v, or
// returns a *LaneError if l's optimizer has no such setting and a
// *ParamError if v is out of its domain; on error l does not change.
func (l *Lane) Set(key string, v float64) error {
	lk, ok := findLaneKey(key)
	if !ok || !lk.has(l.Kind) {
		return &LaneError{Spec: l.Kind.ID(), Reason: l.Kind.ID() + " has no " + key}
	}
	if err := lk.domain.Check(key, v); err != nil {
		return err
	}
	*lk.field(&l.Hyper) = v
	return nil
}

// Check returns a *ParamError naming the first setting of l out of its
// domain, as its flag names it ("gd.lr must be a finite number > 0, got
// 0"), or a KindError for a Kind outside the five. Settings the optimizer
// does not have are not checked.
func (l Lane) Check() error {
	if !l.Kind.valid() {
		return KindError(l.Kind)
	}
	for _, lk := range laneKeys {
		if !lk.has(l.Kind) {
			continue
		}
		key := l.Kind.ID() + "." + lk.key
		if lk.key == epsKey {
			key = epsKey // one ε for every optimizer: its flag is --eps
		}
		if err := lk.domain.Check(key, *lk.field(&l.Hyper)); err != nil {
			return err
		}
	}
	return nil
}

// LaneError is a lane spec that cannot be read, with the reason.
type LaneError struct {
	Spec, Reason string
}

// Error implements error: `lane "gd:momentum=0.5": gd has no momentum (gdm has)`.
func (e *LaneError) Error() string { return fmt.Sprintf("lane %q: %s", e.Spec, e.Reason) }

// ParseLane reads a lane spec, OPT[:key=value,...] (e.g. "gd:lr=0.5",
// "adam:beta1=0.8,lr=0.1"): an optimizer, and the settings that differ from
// those base gives it (its flags). Each key may be given once, and only for
// an optimizer that has it; each value must be in its domain.
func ParseLane(spec string, base Settings) (Lane, error) {
	fail := func(format string, args ...any) (Lane, error) {
		return Lane{}, &LaneError{Spec: spec, Reason: fmt.Sprintf(format, args...)}
	}
	name, rest, hasKeys := strings.Cut(spec, ":")
	k, err := ParseKind(strings.TrimSpace(name))
	if err != nil {
		return fail("unknown optimizer %q: want one of %s", strings.TrimSpace(name), KindIDs())
	}
	lane := base.Lane(k)
	if !hasKeys {
		return lane, nil
	}
	seen := map[string]bool{}
	for _, item := range strings.Split(rest, ",") {
		key, value, hasValue := strings.Cut(item, "=")
		key = strings.TrimSpace(key)
		lk, ok := findLaneKey(key)
		switch {
		case key == "":
			return fail("an empty setting: write OPT:key=value,key=value")
		case !ok:
			return fail("unknown key %q: want one of %s", key, LaneKeys())
		case !lk.has(k):
			return fail("%s has no %s (%s)", k.ID(), key, havers(lk))
		case seen[key]:
			return fail("%s given twice", key)
		case !hasValue || strings.TrimSpace(value) == "":
			return fail("%s needs a value: %s=%s", key, key, numfmt.Shortest(*lk.field(&lane.Hyper)))
		}
		seen[key] = true
		v, err := lk.domain.Parse(strings.TrimSpace(value))
		if err != nil {
			if strings.HasPrefix(err.Error(), "must") {
				return fail("%s %v", key, err) // "lr must be a finite number > 0"
			}
			return fail("%s: %v", key, err) // "lr: hexadecimal is not accepted: …"
		}
		*lk.field(&lane.Hyper) = v
	}
	return lane, nil
}

func findLaneKey(key string) (laneKey, bool) {
	for _, lk := range laneKeys {
		if lk.key == key {
			return lk, true
		}
	}
	return laneKey{}, false
}

// havers names the optimizers that have a key: "gdm has", "adagrad,
// rmsprop and adam have".
func havers(lk laneKey) string {
	ids := make([]string, len(lk.kinds))
	for i, k := range lk.kinds {
		ids[i] = k.ID()
	}
	if len(ids) == 1 {
		return ids[0] + " has"
	}
	return wording.List(ids) + " have"
}

// CheckLanes reports whether there are 1 to MaxLanes lanes.
func CheckLanes(n int) error {
	if n < 1 || n > MaxLanes {
		return fmt.Errorf("a race holds 1 to %d lanes, got %d", MaxLanes, n)
	}
	return nil
}

// Labels names each lane by what sets it apart: an optimizer that runs in
// one lane by its name ("GD"), one that runs in several by its name and the
// settings in which its lanes differ ("GD α=0.5", "Adam β₁=0.8"); lanes
// alike in every setting are numbered ("GD #2").
func Labels(lanes []Lane) []string {
	out := make([]string, len(lanes))
	for i, l := range lanes {
		var same []Lane
		for _, o := range lanes {
			if o.Kind == l.Kind {
				same = append(same, o)
			}
		}
		label := l.Kind.String()
		if len(same) > 1 {
			for _, lk := range laneKeys {
				if !lk.has(l.Kind) {
					continue
				}
				for _, o := range same {
					if *lk.field(&o.Hyper) != *lk.field(&l.Hyper) {
						label += " " + lk.symbol + "=" + numfmt.Compact(*lk.field(&l.Hyper), 10)
						break
					}
				}
			}
		}
		out[i] = label
	}
	// Lanes alike in every setting: number the repeats.
	for i := range out {
		n := 1
		for j := range i {
			if out[j] == out[i] || strings.HasPrefix(out[j], out[i]+" #") {
				n++
			}
		}
		if n > 1 {
			out[i] += " #" + strconv.Itoa(n)
		}
	}
	return out
}

// epsKey is ε's key, as a flag (--eps) and in a lane spec.
const epsKey = "eps"

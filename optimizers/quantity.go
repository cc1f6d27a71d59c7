package optimizers

// Quantity is one number of an optimizer's State, named as the lecture names
// it, so that tables, exports and charts agree on what each column is. On a
// 2-D landscape each quantity kept per coordinate is two: x and y, grad_x
// and grad_y, … (see QuantitiesIn).
type Quantity struct {
	// Key names the quantity in CSV headers and JSON: x, f, grad, velocity,
	// G, Eg2, m, v, m_hat, v_hat, lr, step; in 2-D x, y, f, grad_x, grad_y,
	// velocity_x, …
	Key string
	// Symbol is the lecture's symbol for table headers: x, f(x), g, v, G,
	// E[g²], m, v, m̂, v̂, lr, step; in 2-D x, y, f(x,y), g_x, g_y, v_x, …
	Symbol string
	// Get reads the quantity from a state.
	Get func(State) float64
	// Keep ranks how telling the quantity is for its optimizer: narrow
	// tables keep the lowest ranks (x and f(x) are 0 and 1).
	Keep int
	// FromStep marks a result of an iteration (g, lr, step, m̂, v̂), which
	// has no value at t = 0.
	FromStep bool
	// Coord is the coordinate of a quantity kept per coordinate on a 2-D
	// landscape: 0 for x, 1 for y; 0 in 1-D and for f.
	Coord int

	// vec reads the whole per-coordinate quantity; nil for f.
	vec func(*State) *Vec
}

// rank returns qs with Keep set from order, the keys from most to least telling.
func rank(qs []Quantity, order ...string) []Quantity {
	for i := range qs {
		for r, key := range order {
			if qs[i].Key == key {
				qs[i].Keep = r
			}
		}
	}
	return qs
}

// The 1-D quantities read [0] directly: exports call Get for every number
// of every row.
var (
	qX = Quantity{
		Key: "x", Symbol: "x", Get: func(s State) float64 { return s.X[0] },
		vec: func(s *State) *Vec { return &s.X },
	}
	qF    = Quantity{Key: "f", Symbol: "f(x)", Get: func(s State) float64 { return s.F }}
	qGrad = Quantity{
		Key: "grad", Symbol: "g", Get: func(s State) float64 { return s.Grad[0] }, FromStep: true,
		vec: func(s *State) *Vec { return &s.Grad },
	}
	qVelocity = Quantity{
		Key: "velocity", Symbol: "v", Get: func(s State) float64 { return s.Velocity[0] },
		vec: func(s *State) *Vec { return &s.Velocity },
	}
	qG = Quantity{
		Key: "G", Symbol: "G", Get: func(s State) float64 { return s.G[0] },
		vec: func(s *State) *Vec { return &s.G },
	}
	qEG2 = Quantity{
		Key: "Eg2", Symbol: "E[g²]", Get: func(s State) float64 { return s.EG2[0] },
		vec: func(s *State) *Vec { return &s.EG2 },
	}
	qM = Quantity{
		Key: "m", Symbol: "m", Get: func(s State) float64 { return s.M[0] },
		vec: func(s *State) *Vec { return &s.M },
	}
	qV = Quantity{
		Key: "v", Symbol: "v", Get: func(s State) float64 { return s.V[0] },
		vec: func(s *State) *Vec { return &s.V },
	}
	qMHat = Quantity{
		Key: "m_hat", Symbol: "m̂", Get: func(s State) float64 { return s.MHat[0] }, FromStep: true,
		vec: func(s *State) *Vec { return &s.MHat },
	}
	qVHat = Quantity{
		Key: "v_hat", Symbol: "v̂", Get: func(s State) float64 { return s.VHat[0] }, FromStep: true,
		vec: func(s *State) *Vec { return &s.VHat },
	}
	qLR = Quantity{
		Key: "lr", Symbol: "lr", Get: func(s State) float64 { return s.EffectiveLR[0] }, FromStep: true,
		vec: func(s *State) *Vec { return &s.EffectiveLR },
	}
	qStep = Quantity{
		Key: "step", Symbol: "step", Get: func(s State) float64 { return s.Step[0] }, FromStep: true,
		vec: func(s *State) *Vec { return &s.Step },
	}
)

// AllQuantities returns every quantity any optimizer has on a 1-D
// landscape, in a fixed order, for exports with one column set.
func AllQuantities() []Quantity {
	return []Quantity{qX, qF, qGrad, qVelocity, qG, qEG2, qM, qV, qMHat, qVHat, qLR, qStep}
}

// AllQuantitiesIn returns every quantity any optimizer has on a landscape
// of dim coordinates, in a fixed order: AllQuantities in 1-D; in 2-D x, y,
// f, grad_x, grad_y, velocity_x, velocity_y, … step_x, step_y.
func AllQuantitiesIn(dim int) []Quantity {
	if dim != 2 {
		return AllQuantities()
	}
	return perCoordinate(AllQuantities())
}

// QuantitiesIn returns the quantities optimizer k has on a landscape of
// dim coordinates: Quantities in 1-D; in 2-D each of them but f split
// into its x and y, next to each other, ranked as the 1-D quantity was
// (x and y first, then f, then the optimizer's own state).
func (k Kind) QuantitiesIn(dim int) []Quantity {
	if dim != 2 {
		return k.Quantities()
	}
	return perCoordinate(k.Quantities())
}

// perCoordinate returns qs with each quantity kept per coordinate split
// into its x and y (keys x, y and name_x, name_y), each pair ranked where
// its 1-D quantity was.
func perCoordinate(qs []Quantity) []Quantity {
	out := make([]Quantity, 0, 2*len(qs))
	for _, q := range qs {
		if q.vec == nil {
			q.Symbol, q.Keep = "f(x,y)", 2*q.Keep
			out = append(out, q)
			continue
		}
		for i, suffix := range [MaxDim]string{"_x", "_y"} {
			c := q
			c.Coord, c.Keep = i, 2*q.Keep+i
			c.Key, c.Symbol = q.Key+suffix, q.Symbol+suffix
			if q.Key == "x" {
				c.Key, c.Symbol = [MaxDim]string{"x", "y"}[i], [MaxDim]string{"x", "y"}[i]
			}
			c.Get = coordinateGetter(q.vec, i)
			out = append(out, c)
		}
	}
	return out
}

// At reads the quantity at coordinate c of a state: its Get for f(x),
// which has no coordinates, and for coordinate 0.
func (q Quantity) At(s State, c int) float64 {
	if q.vec == nil || c == 0 {
		return q.Get(s)
	}
	return q.vec(&s)[c]
}

// coordinateGetter reads coordinate i of the quantity vec reads.
func coordinateGetter(vec func(*State) *Vec, i int) func(State) float64 {
	return func(s State) float64 { return vec(&s)[i] }
}

package views

import "math"

// contourDot draws the contour lines where colour is absent, in Unicode and
// in ASCII: a dot in each cell a line crosses, light enough that the paths
// over it stand out (box-drawing lines read as paths).
var contourDot = [2]rune{'·', '.'}

// maxDecades bounds the decades of f − f* the shading spans: below the
// lowest, every cell is the valley floor's shade.
const maxDecades = 6

// drawShading shades the graph area of the static layer by log₁₀(f − f*)
// in numShades bands from zLo to zHi, each a band's background colour,
// and where colour is absent draws the contour lines between bands. The
// bands are cut as ntcharts' heatmap cuts its colour scale: band
// ⌊(z − zLo)/(zHi − zLo) × numShades⌋, clamped.
func (m *MapView) drawShading() {
	a := &m.area
	gaps := make([]float64, a.w*a.h)
	lo, hi := math.Inf(1), math.Inf(-1)
	for j := range a.h {
		y := a.minY + float64(a.h-1-j)/a.cellY
		for i := range a.w {
			g := m.gap(a.minX+float64(i)/a.cellX, y)
			gaps[j*a.w+i] = g
			if !math.IsInf(g, 0) && !math.IsNaN(g) {
				lo, hi = math.Min(lo, g), math.Max(hi, g)
			}
		}
	}
	m.zLo, m.zHi = 0, 0
	if lo <= hi {
		m.zHi = math.Log10(hi)
		m.zLo = math.Max(math.Log10(lo), m.zHi-maxDecades)
	}
	// Band k holds the gaps from 10^(zLo + k·dz) up: thresholds cut them
	// without a logarithm per cell.
	var cuts [numShades - 1]float64
	for k := range cuts {
		cuts[k] = math.Pow(10, m.zLo+float64(k+1)*(m.zHi-m.zLo)/numShades)
	}
	if !(m.zHi > m.zLo) {
		for k := range cuts {
			cuts[k] = math.Inf(1) // one band
		}
	}
	band := func(g float64) uint8 {
		b := uint8(0)
		for _, c := range cuts {
			if !(g < c) { // NaN and +Inf: the highest band
				b++
			}
		}
		return b
	}
	if cap(m.shade) < len(gaps) {
		m.shade = make([]uint8, len(gaps))
	}
	m.shade = m.shade[:len(gaps)]
	for i, g := range gaps {
		m.shade[i] = band(g)
	}
	var corners []uint8
	m.lineStep = contourStep(m.zHi - m.zLo)
	if m.lines {
		// The bands at the cells' corners, (w+1)×(h+1), lineStep bands to
		// one, for the contour lines between them.
		corners = make([]uint8, (a.w+1)*(a.h+1))
		for j := 0; j <= a.h; j++ {
			y := a.minY + (float64(a.h-j)-0.5)/a.cellY
			for i := 0; i <= a.w; i++ {
				corners[j*(a.w+1)+i] = band(m.gap(a.minX+(float64(i)-0.5)/a.cellX, y)) / uint8(m.lineStep) //nolint:gosec // G115: a step is at most numShades
			}
		}
	}
	dot := m.mark(contourDot)
	for j := range a.h {
		for i := range a.w {
			s := int(m.shade[j*a.w+i])
			c := newCell(' ', shadeStyle(s, shadeBlank))
			if corners != nil && contourCrosses(corners, a.w+1, i, j) {
				c = newCell(dot, shadeStyle(s, shadeLine))
			}
			m.static.set(a.x0+i, a.y0+j, c)
		}
	}
}

// minLineDecades is the least ratio of f − f* between two contour lines,
// in decades: a window that spans little of the landscape's range (a small
// map, tracking) would otherwise draw a line every other cell.
const minLineDecades = 0.25

// contourStep is how many bands of a shading spanning decades decades the
// contour lines are apart: 1, 2 or 5, each as wide as minLineDecades at
// least, or numShades (no line) for a shading of too few decades.
func contourStep(decades float64) int {
	for _, step := range []int{1, 2, 5} {
		if float64(step)*decades/numShades >= minLineDecades {
			return step
		}
	}
	return numShades
}

// gap is f(x, y) − f*, at least the floor below which rounding blurs it
// (NaN where f is).
func (m *MapView) gap(x, y float64) float64 {
	g := m.land.F(x, y) - m.fStar
	if g < m.floor {
		return m.floor
	}
	return g
}

// contourCrosses reports whether a contour line crosses cell (i, j): its
// corners (stride per row) lie in two neighbouring bands. Where they lie
// in three or more, the slope crosses lines faster than a cell can show,
// and lines would fill every cell: a blank reads better.
func contourCrosses(corners []uint8, stride, i, j int) bool {
	tl, tr := corners[j*stride+i], corners[j*stride+i+1]
	bl, br := corners[(j+1)*stride+i], corners[(j+1)*stride+i+1]
	return max(tl, tr, bl, br) == min(tl, tr, bl, br)+1
}

package views

import "math"

// MapWindow is a landscape's whole view: the start and the minima with a
// margin around them, neither side under half the other, its ends round
// numbers.
func MapWindow(start Point, minima []Point) Range {
	r := Range{XMin: math.Inf(1), XMax: math.Inf(-1), YMin: math.Inf(1), YMax: math.Inf(-1)}
	for _, p := range append([]Point{start}, minima...) {
		if finite(p) {
			r.XMin, r.XMax = math.Min(r.XMin, p.X), math.Max(r.XMax, p.X)
			r.YMin, r.YMax = math.Min(r.YMin, p.Y), math.Max(r.YMax, p.Y)
		}
	}
	if !(r.XMin <= r.XMax) {
		return Range{XMin: -1, XMax: 1, YMin: -1, YMax: 1}
	}
	span := math.Max(r.XMax-r.XMin, r.YMax-r.YMin)
	span = math.Max(span, minSpan(math.Min(r.XMin, r.YMin), math.Max(r.XMax, r.YMax), 0))
	if !(span > 1e-300) || math.IsInf(span, 0) {
		span = 1 // one point at 0: no scale to take
	}
	grow := func(lo, hi float64) (float64, float64) {
		pad := math.Max(0.25*span, (0.75*span-(hi-lo))/2)
		return roundOut(lo-pad, hi+pad)
	}
	r.XMin, r.XMax = grow(r.XMin, r.XMax)
	r.YMin, r.YMax = grow(r.YMin, r.YMax)
	return r
}

// mapTrackWindow returns the window the track view shows for paths: fitted
// to their latest trackSpan points (every path's), and fitted again only
// when one of them nears the window's edge or they have drawn together
// into a small part of it. As the loss chart's track view does, it follows
// the paths from the latest step that is a multiple of trackAnchor, so that
// it is a function of the race's state alone, and it keeps the whole
// view's proportions, with ends at multiples of a tenth of its sides.
// Points far outside the whole view (a lane diverging) are not followed.
func mapTrackWindow(paths []MapPath, whole Range) (Range, bool) {
	last, first := math.MinInt, math.MaxInt
	for _, p := range paths {
		if n := len(p.steps()); n > 0 {
			last = max(last, p.T)
			first = min(first, p.T-(n-1))
		}
	}
	if last == math.MinInt {
		return whole, false
	}
	from := first
	if first > 0 {
		from = first + trackSpan - 1 + (trackAnchor-(first+trackSpan-1)%trackAnchor)%trackAnchor
	}
	if from > last {
		from = first
	}
	wx, wy := whole.XMax-whole.XMin, whole.YMax-whole.YMin
	far := Range{XMin: whole.XMin - 5*wx, XMax: whole.XMax + 5*wx, YMin: whole.YMin - 5*wy, YMax: whole.YMax + 5*wy}
	var win Range
	have := false
	for s := from; s <= last; s++ {
		ext, found := recentExtent(paths, s, far)
		if !found {
			continue
		}
		mx, my := (win.XMax-win.XMin)/20, (win.YMax-win.YMin)/20
		switch {
		case !have:
			win, have = fitMapWindow(ext, whole), true
		case ext.XMin < win.XMin+mx || ext.XMax > win.XMax-mx || ext.YMin < win.YMin+my || ext.YMax > win.YMax-my: // near the edge
			win = fitMapWindow(ext, whole)
		case mapZoom(ext, whole) <= (win.XMax-win.XMin)/wx/4: // drawn together
			win = fitMapWindow(ext, whole)
		}
	}
	ok := have && win.XMax > win.XMin && win.YMax > win.YMin && !math.IsInf(win.XMax-win.XMin, 0) && !math.IsInf(win.YMax-win.YMin, 0)
	if ok && (win.XMax-win.XMin > wx || win.YMax-win.YMin > wy) {
		// A window fitted while the paths were out of the whole view stays
		// until they draw together; once they are back in it, tracking
		// shows no more than the whole view.
		if ext, found := recentExtent(paths, last, far); found && whole.contains(Point{ext.XMin, ext.YMin}) && whole.contains(Point{ext.XMax, ext.YMax}) {
			win = whole
		}
	}
	return win, ok
}

// recentExtent is the extent of the paths' finite points inside far at the
// steps from s − trackSpan + 1 to s.
func recentExtent(paths []MapPath, s int, far Range) (Range, bool) {
	ext := Range{XMin: math.Inf(1), XMax: math.Inf(-1), YMin: math.Inf(1), YMax: math.Inf(-1)}
	for _, p := range paths {
		pts := p.steps()
		n := len(pts)
		first := p.T - (n - 1) // the step of pts[0]
		for i := max(0, s-trackSpan+1-first); i <= min(n-1, s-first); i++ {
			// far is finite: NaN and ±Inf are never in it.
			if q := pts[i]; far.contains(q) {
				if q.X < ext.XMin {
					ext.XMin = q.X
				}
				if q.X > ext.XMax {
					ext.XMax = q.X
				}
				if q.Y < ext.YMin {
					ext.YMin = q.Y
				}
				if q.Y > ext.YMax {
					ext.YMax = q.Y
				}
			}
		}
	}
	return ext, ext.XMin <= ext.XMax
}

// mapZoom is the narrowest zoom (the window's sides over the whole view's)
// the track view fits around ext: a round one (1, 2 or 5 × 10ⁿ), at least
// twice as large as ext in both directions, and wide enough for the axes'
// labels to tell their ticks apart (minSpan). Where ext is one point (every
// lane at the start, or settled at one point), minSpan's share of the whole
// view sets the zoom: a point at 0 would otherwise set none.
func mapZoom(ext, whole Range) float64 {
	wx, wy := whole.XMax-whole.XMin, whole.YMax-whole.YMin
	onePoint := ext.XMin == ext.XMax && ext.YMin == ext.YMax
	span := func(lo, hi, w float64) float64 {
		floorOf := w
		if !onePoint {
			floorOf = 0 // the points' spread in the other direction gives the scale
		}
		return math.Max(hi-lo, minSpan(lo, hi, floorOf)) / w
	}
	need := math.Max(span(ext.XMin, ext.XMax, wx), span(ext.YMin, ext.YMax, wy))
	return niceStep(2 * need)
}

// fitMapWindow is the window the track view fits around ext: of zoom
// mapZoom or larger, each side the round number (1, 2, 2.5 or 5 × 10ⁿ)
// nearest the zoomed whole view's, centred on ext at multiples of a tenth
// of the side, with a tenth of each side free around ext.
func fitMapWindow(ext, whole Range) Range {
	mx, my := ext.XMin/2+ext.XMax/2, ext.YMin/2+ext.YMax/2
	z := mapZoom(ext, whole)
	inWhole := whole.contains(Point{ext.XMin, ext.YMin}) && whole.contains(Point{ext.XMax, ext.YMax})
	var r Range
	for range 8 {
		if z >= 1 && inWhole {
			return whole // tracking never zooms out past the whole view of where the paths are
		}
		sx, sy := nearestRound(z*(whole.XMax-whole.XMin)), nearestRound(z*(whole.YMax-whole.YMin))
		qx, qy := sx/10, sy/10
		cx, cy := math.Round(mx/qx)*qx, math.Round(my/qy)*qy
		r = Range{XMin: cx - sx/2, XMax: cx + sx/2, YMin: cy - sy/2, YMax: cy + sy/2}
		if ext.XMin >= r.XMin+qx*0.999 && ext.XMax <= r.XMax-qx*0.999 && ext.YMin >= r.YMin+qy*0.999 && ext.YMax <= r.YMax-qy*0.999 {
			return r
		}
		z = niceStep(z * 1.5) // the next zoom: 1 → 2 → 5 → 10
	}
	return r
}

// nearestRound is the round number (1, 2, 2.5 or 5 × 10ⁿ) nearest v > 0,
// by ratio.
func nearestRound(v float64) float64 {
	mag := math.Pow(10, math.Floor(math.Log10(v)))
	best := mag
	for _, m := range []float64{2, 2.5, 5, 10} {
		if math.Abs(math.Log(m*mag/v)) < math.Abs(math.Log(best/v)) {
			best = m * mag
		}
	}
	return best
}

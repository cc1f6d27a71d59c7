package views

import "math"

// The five 2-D landscapes of issue 17, written out here so that the map's
// tests do not depend on the engine's types.
func testLandscapes() []Landscape {
	return []Landscape{
		{Name: "bowl", F: func(x, y float64) float64 { return x*x + 10*y*y }, Minima: []Point{{0, 0}}, Start: Point{-8, 2}},
		{Name: "rosenbrock", F: func(x, y float64) float64 {
			d := y - x*x
			return (1-x)*(1-x) + 100*(d*d)
		}, Minima: []Point{{1, 1}}, Start: Point{-1.2, 1}},
		{Name: "beale", F: func(x, y float64) float64 {
			a, b, c := 1.5-x+x*y, 2.25-x+x*y*y, 2.625-x+x*y*y*y
			return a*a + b*b + c*c
		}, Minima: []Point{{3, 0.5}}, Start: Point{1, 1.5}},
		{Name: "saddle", F: func(x, y float64) float64 { return x*x - y*y + y*y*y*y/4 }, Minima: []Point{{0, math.Sqrt2}, {0, -math.Sqrt2}}, Start: Point{8, 0.001}},
		{Name: "himmelblau", F: func(x, y float64) float64 {
			a, b := x*x+y-11, x+y*y-7
			return a*a + b*b
		}, Minima: []Point{{3, 2}, {-2.805118086952745, 3.131312518250573}, {-3.779310253377747, -3.2831859912861696}, {3.5844283403304917, -1.8481265269644036}}, Start: Point{0, 0}},
	}
}

// testGrad is the gradient of l.F by central differences: enough for
// paths that look like a race's.
func testGrad(l Landscape, p Point) (gx, gy float64) {
	const h = 1e-6
	gx = (l.F(p.X+h, p.Y) - l.F(p.X-h, p.Y)) / (2 * h)
	gy = (l.F(p.X, p.Y+h) - l.F(p.X, p.Y-h)) / (2 * h)
	return gx, gy
}

// testRace runs the five optimizers' rules per coordinate on l for steps
// steps, with learning rates that suit the five landscapes alike, and
// returns each one's points from t = 0: paths like a race's, for the map's
// tests and benchmarks.
func testRace(l Landscape, steps int) [5][]Point {
	const lr = 0.01
	var out [5][]Point
	for k := range out {
		p := l.Start
		var v, s, m [2]float64
		pts := []Point{p}
		for t := 1; t <= steps; t++ {
			gx, gy := testGrad(l, p)
			g := [2]float64{gx, gy}
			var d [2]float64
			for c := range 2 {
				switch k {
				case 0: // GD
					d[c] = lr * g[c]
				case 1: // momentum
					v[c] = 0.9*v[c] + lr*g[c]
					d[c] = v[c]
				case 2: // AdaGrad
					s[c] += g[c] * g[c]
					d[c] = 10 * lr / (math.Sqrt(s[c]) + 1e-8) * g[c]
				case 3: // RMSProp
					s[c] = 0.9*s[c] + 0.1*g[c]*g[c]
					d[c] = lr / (math.Sqrt(s[c]) + 1e-8) * g[c]
				case 4: // Adam
					m[c] = 0.9*m[c] + 0.1*g[c]
					s[c] = 0.999*s[c] + 0.001*g[c]*g[c]
					mh, vh := m[c]/(1-math.Pow(0.9, float64(t))), s[c]/(1-math.Pow(0.999, float64(t)))
					d[c] = 5 * lr * mh / (math.Sqrt(vh) + 1e-8)
				}
			}
			p = Point{p.X - d[0], p.Y - d[1]}
			pts = append(pts, p)
		}
		out[k] = pts
	}
	return out
}

// testPaths are the latest points of each of race's paths at step t, as
// many as a chart shows.
func testPaths(race [5][]Point, t int) []MapPath {
	const n = trajectoryPoints
	labels := [5]string{"GD", "GDM", "AdaGrad", "RMSProp", "Adam"}
	var paths []MapPath
	for k, pts := range race {
		from := max(0, t+1-n)
		paths = append(paths, MapPath{Lane: k, Label: labels[k], Points: pts[from : t+1], T: t})
	}
	return paths
}

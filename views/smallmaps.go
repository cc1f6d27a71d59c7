package views

import "strings"

// SmallMaps draws a small map per lane, side by side in a grid: the same
// landscape under each, one lane's path on each, titled with the lane's
// glyph and label, so that a class can follow each optimizer on its own.
// Each map tracks its own lane in the track view.
type SmallMaps struct {
	styles *Styles
	maps   []*MapView
	land   Landscape
	track  bool
	w, h   int
	cells  []cell // scratch for a title
	buf    []byte
	lines  []string
}

// NewSmallMaps returns small maps drawn with styles; call SetSize and
// SetLandscape before Lines.
func NewSmallMaps(styles *Styles) *SmallMaps { return &SmallMaps{styles: styles} }

// SetSize sets the size of the whole grid in cells.
func (s *SmallMaps) SetSize(w, h int) { s.w, s.h = max(w, 0), max(h, 0) }

// SetLandscape sets the landscape drawn under every map.
func (s *SmallMaps) SetLandscape(l Landscape) {
	s.land = l
	for _, m := range s.maps {
		m.SetLandscape(l)
	}
}

// SetView chooses the whole landscape or, with track, a window around each
// lane's latest points.
func (s *SmallMaps) SetView(track bool) {
	s.track = track
	for _, m := range s.maps {
		m.SetView(track)
	}
}

// smallMapGap is the blank columns between two small maps.
const smallMapGap = 2

// mapCellAspect is how many columns a small map wants per row: a terminal
// cell is about twice as high as wide, and a map's axes take some of each.
const mapCellAspect = 2.5

// gridShape is the columns and rows of a grid of n small maps in w×h that
// makes the smallest of them as large as it can be.
func gridShape(n, w, h int) (cols, rows int) {
	best := -1.0
	cols, rows = 1, n
	for c := 1; c <= n; c++ {
		r := (n + c - 1) / c
		cw, ch := (w-(c-1)*smallMapGap)/c, h/r
		if cw <= 0 || ch <= 1 {
			continue
		}
		// The map's size as its shorter side allows, in rows.
		if size := min(float64(cw)/mapCellAspect, float64(ch-1)); size > best {
			best, cols, rows = size, c, r
		}
	}
	return cols, rows
}

// Lines returns the grid of small maps, one per path, as exactly h lines of
// exactly w columns.
func (s *SmallMaps) Lines(paths []MapPath) []string {
	for len(s.maps) < len(paths) {
		m := NewMapView(s.styles)
		m.SetLegend(false)
		m.SetView(s.track)
		if s.land.F != nil {
			m.SetLandscape(s.land)
		}
		s.maps = append(s.maps, m)
	}
	if len(paths) == 0 {
		return blank(s.w, s.h)
	}
	cols, rows := gridShape(len(paths), s.w, s.h)
	cw, ch := (s.w-(cols-1)*smallMapGap)/cols, s.h/rows
	if cw <= 0 || ch <= 1 {
		return blank(s.w, s.h)
	}
	s.lines = s.lines[:0]
	gap := strings.Repeat(" ", smallMapGap)
	for r := range rows {
		block := make([]string, ch) // the row of maps, line by line
		for c := range cols {
			i := r*cols + c
			var lines []string
			if i < len(paths) {
				m := s.maps[i]
				m.SetSize(cw, ch-1)
				lines = append([]string{s.title(paths[i], cw)}, m.Lines(paths[i:i+1])...)
			} else {
				lines = blank(cw, ch)
			}
			for y := range ch {
				if c > 0 {
					block[y] += gap
				}
				block[y] += lines[y]
			}
		}
		for y := range ch {
			s.lines = append(s.lines, fit(block[y], s.w))
		}
	}
	return padLines(s.lines, s.w, s.h)
}

// title is a small map's title: its lane's glyph in reverse video and its
// label in bold, in the lane's colour, w columns wide.
func (s *SmallMaps) title(p MapPath, w int) string {
	s.cells = append(s.cells[:0], newCell(s.styles.Glyph(p.Lane), laneStyle(p.Lane, laneCurrent)), newCell(' ', styleNone))
	for _, r := range s.styles.Spell(p.Label) {
		s.cells = append(s.cells, newCell(r, laneStyle(p.Lane, laneBold)))
	}
	if len(s.cells) > w && w > 0 {
		s.cells = append(s.cells[:w-1], newCell('…', laneStyle(p.Lane, laneBold)))
	}
	for len(s.cells) < w {
		s.cells = append(s.cells, 0)
	}
	s.buf = s.styles.cells.appendRow(s.buf[:0], s.cells)
	return string(s.buf)
}

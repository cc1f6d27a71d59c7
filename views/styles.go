// Package views renders optirace's screens: panels, loss charts, iteration
// tables, the status bar and layout. It draws from state it is given and
// never changes the race.
package views

import (
	"strings"
	"sync"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/optirace/optirace/palette"
)

// LaneColor returns lane's colour, the same on every screen and in figures
// (package palette): in the lecture's race, lane k is optimizer k.
func LaneColor(lane int) lipgloss.AdaptiveColor {
	c := palette.Lane(lane)
	return lipgloss.AdaptiveColor{Light: c.Light, Dark: c.Dark}
}

// shadeColors are a map's background colours, by band of log₁₀(f − f*),
// the valley floors first (package palette). Their lightness stays
// within a narrow range, so that every lane's colour reads over each.
var shadeColors = func() (cs [numShades]lipgloss.AdaptiveColor) {
	for i := range cs {
		c := palette.MapShade(i)
		cs[i] = lipgloss.AdaptiveColor{Light: c.Light, Dark: c.Dark}
	}
	return cs
}()

var (
	dimColor = lipgloss.AdaptiveColor{Light: "#6C6C6C", Dark: "#8A8A8A"}
	// The curve shares the axes' grey, so a chart row is one run of escape
	// codes rather than many (fewer bytes per frame over SSH).
	curveColor = dimColor
	textColor  = lipgloss.AdaptiveColor{Light: "#1C1C1C", Dark: "#E4E4E4"}
	alertColor = lipgloss.AdaptiveColor{Light: "#B00020", Dark: "#FF6B6B"}

	// The neuron screen's colours: values computed by the forward pass, and
	// gradients flowing back (Okabe–Ito blue and vermillion, which
	// colour-blind viewers can tell apart), plus the updated parameters
	// (bluish green).
	forwardColor  = lipgloss.AdaptiveColor{Light: "#005A8C", Dark: "#56B4E9"}
	gradientColor = lipgloss.AdaptiveColor{Light: "#B5400A", Dark: "#FF8A50"}
	updateColor   = lipgloss.AdaptiveColor{Light: "#00704F", Dark: "#2BC48F"}
)

// MaxLanes is how many lanes have a glyph of their own: one per optimizer
// today, and room for the races of up to eight lanes to come.
const MaxLanes = 8

// laneGlyphs are the lanes' marks, by lane: in Unicode, and in ASCII for
// --ascii. A lane's glyph marks its current point, its markers and its
// legend entry on every chart, so that NO_COLOR, --ascii and a washed-out
// projector tell the lanes apart without colour. None is an arrow, a digit,
// a braille pattern or a character axes and curves are drawn with (the
// ASCII axes' + only joins them, below the graph).
var laneGlyphs = [MaxLanes]struct{ unicode, ascii rune }{
	{'●', 'o'}, // GD
	{'■', '#'}, // GDM
	{'◆', '+'}, // AdaGrad
	{'★', '*'}, // RMSProp
	{'▲', '%'}, // Adam
	{'○', '@'},
	{'□', '='},
	{'◇', '&'},
}

// Glyph returns lane's glyph as the styles draw it (in ASCII with --ascii),
// or '?' for a lane without one.
func (s *Styles) Glyph(lane int) rune {
	if lane < 0 || lane >= MaxLanes {
		return '?'
	}
	if s.ASCII {
		return laneGlyphs[lane].ascii
	}
	return laneGlyphs[lane].unicode
}

// Styles holds every style optirace draws with, built from one renderer so
// that each SSH session renders for its own terminal.
type Styles struct {
	Renderer *lipgloss.Renderer

	// Lane is each lane's colour (in the lecture's race, lane k is
	// optimizer k); LaneBold the same, bold.
	Lane, LaneBold [MaxLanes]lipgloss.Style
	// LaneCurrent is a lane's highlighted current point and table row.
	LaneCurrent [MaxLanes]lipgloss.Style

	Text, Dim, Bold, Alert lipgloss.Style
	Border, Axis, Label    lipgloss.Style
	Curve                  lipgloss.Style
	StatusBar, StatusKey   lipgloss.Style

	// ASCII draws with ASCII characters only: charts, borders and text, for
	// fonts and projectors without braille, box-drawing or Greek glyphs.
	ASCII bool
	// Mono draws without colour but with bold and reverse video (NO_COLOR
	// asks for no colour, not for no emphasis): a changed setting stays
	// bold, a settled mark reversed. A map is then not shaded.
	Mono bool

	paints paints
	// cells styles the cells of every chart, by styleID.
	cells cellPalette
}

// paints are the styles above reduced to the escape sequences around their
// text, so hot paths can colour a run of cells with two string appends
// instead of a lipgloss Render per cell.
type paints struct {
	lane, laneBold, laneCurrent [MaxLanes]paint
	text, dim, bold, alert      paint
	border, axis, label, curve  paint
}

// DefaultStyles returns the styles for renderer r (lipgloss.DefaultRenderer()
// for a local terminal, the session's own renderer over SSH).
func DefaultStyles(r *lipgloss.Renderer) Styles { return newStyles(r, false) }

// MonoStyles returns the styles for renderer r without colour: bold,
// reverse video and the lanes' glyphs alone, for NO_COLOR on a terminal
// that shows them (see Styles.Mono).
func MonoStyles(r *lipgloss.Renderer) Styles { return newStyles(r, true) }

func newStyles(r *lipgloss.Renderer, mono bool) Styles {
	s := Styles{Renderer: r, Mono: mono}
	// Colours, unless mono.
	fg := func(st lipgloss.Style, c lipgloss.TerminalColor) lipgloss.Style {
		if mono {
			return st
		}
		return st.Foreground(c)
	}
	bg := func(st lipgloss.Style, c lipgloss.TerminalColor) lipgloss.Style {
		if mono {
			return st
		}
		return st.Background(c)
	}
	for lane := range MaxLanes {
		c := LaneColor(lane)
		s.Lane[lane] = fg(r.NewStyle(), c)
		s.LaneBold[lane] = fg(r.NewStyle(), c).Bold(true)
		s.LaneCurrent[lane] = fg(r.NewStyle(), c).Bold(true).Reverse(true)
	}
	s.Text = fg(r.NewStyle(), textColor)
	s.Dim = fg(r.NewStyle(), dimColor)
	s.Bold = r.NewStyle().Bold(true)
	s.Alert = fg(r.NewStyle(), alertColor).Bold(true)
	s.Border = fg(r.NewStyle(), dimColor)
	s.Axis = fg(r.NewStyle(), dimColor)
	s.Label = fg(r.NewStyle(), dimColor)
	s.Curve = fg(r.NewStyle(), curveColor)
	s.StatusBar = fg(r.NewStyle(), dimColor)
	s.StatusKey = fg(r.NewStyle(), textColor).Bold(true)

	p := &s.paints
	for lane := range MaxLanes {
		p.lane[lane] = paintOf(s.Lane[lane])
		p.laneBold[lane] = paintOf(s.LaneBold[lane])
		p.laneCurrent[lane] = paintOf(s.LaneCurrent[lane])
	}
	p.text, p.dim, p.bold, p.alert = paintOf(s.Text), paintOf(s.Dim), paintOf(s.Bold), paintOf(s.Alert)
	p.border, p.axis, p.label, p.curve = paintOf(s.Border), paintOf(s.Axis), paintOf(s.Label), paintOf(s.Curve)

	key := paletteKey{r.ColorProfile(), r.HasDarkBackground(), mono}
	if cells, ok := palettes.Load(key); ok {
		s.cells = cells.(cellPalette)
		return s
	}
	cs := [numStyles]lipgloss.Style{
		styleAxis: s.Axis, styleLabel: s.Label, styleCurve: s.Curve,
		styleText: s.Text, styleDim: s.Dim, styleBold: s.Bold, styleAlert: s.Alert,
		styleForward:      fg(r.NewStyle(), forwardColor),
		styleGradient:     fg(r.NewStyle(), gradientColor),
		styleUpdate:       fg(r.NewStyle(), updateColor).Bold(true),
		styleForwardBold:  fg(r.NewStyle(), forwardColor).Bold(true),
		styleGradientBold: fg(r.NewStyle(), gradientColor).Bold(true),
		styleCurrentText:  s.Bold.Reverse(true),
	}
	cs[styleNone] = r.NewStyle()
	for lane := range numLanes {
		cs[laneStyle(lane, laneMark)] = s.Lane[lane]
		cs[laneStyle(lane, laneBold)] = s.LaneBold[lane]
		cs[laneStyle(lane, laneCurrent)] = s.LaneCurrent[lane]
	}
	for shade, colour := range shadeColors {
		cs[shadeStyle(shade, shadeBlank)] = bg(r.NewStyle(), colour)
		cs[shadeStyle(shade, shadeLine)] = bg(fg(r.NewStyle(), dimColor), colour)
		cs[shadeStyle(shade, shadeMark)] = bg(fg(r.NewStyle(), textColor).Bold(true), colour)
		for lane := range numLanes {
			cs[shadedLane(shade, lane, laneMark)] = bg(s.Lane[lane], colour)
			cs[shadedLane(shade, lane, laneBold)] = bg(s.LaneBold[lane], colour)
			cs[shadedLane(shade, lane, laneCurrent)] = bg(s.LaneCurrent[lane], colour)
		}
	}
	s.cells = newCellPalette(&cs)
	palettes.Store(key, s.cells)
	return s
}

// palettes are the cell palettes built so far, by what their escape
// sequences depend on: a class of three hundred SSH sessions, each with a
// renderer of its own, builds each palette once. A palette is never
// changed once built.
var palettes sync.Map // paletteKey → cellPalette

// paletteKey is what a renderer's escape sequences depend on.
type paletteKey struct {
	profile termenv.Profile
	dark    bool
	mono    bool
}

// paint is the escape sequence a style writes before and after its text.
type paint struct{ pre, post string }

// sentinel is a private-use character lipgloss passes through untouched.
const sentinel = "\uE000"

func paintOf(s lipgloss.Style) paint {
	out := s.Render(sentinel)
	i := strings.Index(out, sentinel)
	if i < 0 {
		return paint{}
	}
	return paint{pre: out[:i], post: out[i+len(sentinel):]}
}

// wrap returns text in the paint's colours.
func (p paint) wrap(text string) string {
	if p.pre == "" && p.post == "" {
		return text
	}
	return p.pre + text + p.post
}

// frame is the border panels and boxes are drawn with.
func (s *Styles) frame() frame {
	return frameFor(s.ASCII, false)
}

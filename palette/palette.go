// Package palette holds each optimizer's colour, the same in the terminal
// and in figures: the Okabe–Ito palette, which colour-blind viewers can tell
// apart, with a darker shade of each for light backgrounds. Each keeps its
// hue in both shades (Adam is vermillion, not Okabe–Ito's yellow, which has
// no dark shade readable on white), so that "the orange one" on a dark
// projector is the orange one in a figure too.
package palette

import "github.com/optirace/optirace/optimizers"

// Color is a colour as two hex codes: for light and for dark backgrounds.
type Color struct {
	Light, Dark string
}

// NumLanes is how many lanes have a colour of their own: a race holds up
// to eight.
const NumLanes = 8

// lanes are the lanes' colours: the five optimizers' first, so that the
// lecture's race of five lanes is coloured by optimizer, then Okabe–Ito's
// yellow (olive on white), a violet and, last, white (near-black on white),
// which stand apart from the five and from the alert red.
var lanes = [NumLanes]Color{
	{Light: "#005A8C", Dark: "#56B4E9"},
	{Light: "#A66F00", Dark: "#E69F00"},
	{Light: "#00704F", Dark: "#2BC48F"},
	{Light: "#A8457F", Dark: "#E38CC0"},
	{Light: "#C24E00", Dark: "#F5793A"},
	{Light: "#7D7000", Dark: "#F0E442"},
	{Light: "#5B3F9E", Dark: "#B9A3F0"},
	{Light: "#333333", Dark: "#F2F2F2"},
}

// Of returns optimizer k's colour: the colour of lane k in the lecture's
// race, whose lanes are the five optimizers in order.
func Of(k optimizers.Kind) Color { return lanes[k] }

// Lane returns lane i's colour, for 0 ≤ i < NumLanes (other lanes wrap
// round).
func Lane(i int) Color {
	i %= NumLanes
	if i < 0 {
		i += NumLanes
	}
	return lanes[i]
}

// NumShades is how many bands a map's shading has.
const NumShades = 10

// shades are a map's background colours, from the valley floors (the
// lowest band of log₁₀(f − f*)) to the heights: dark blue to a muted teal
// on dark backgrounds, blue to a light yellow on light ones (and in
// figures). Their lightness
// stays within a narrow range, floors darkest in both, so that every lane's
// colour reads over each shade.
var shades = [NumShades]Color{
	{Light: "#6F9BD1", Dark: "#0A1A2F"},
	{Light: "#84AAD7", Dark: "#0E2440"},
	{Light: "#99B9DD", Dark: "#122E4D"},
	{Light: "#AEC8E2", Dark: "#163957"},
	{Light: "#C3D7E5", Dark: "#1B445E"},
	{Light: "#D6E3E4", Dark: "#224F62"},
	{Light: "#E5EBDD", Dark: "#2B5964"},
	{Light: "#EFEFD3", Dark: "#376364"},
	{Light: "#F6F0C8", Dark: "#456C62"},
	{Light: "#FBEFBB", Dark: "#55745F"},
}

// MapShade returns the colour of a map's band i, 0 ≤ i < NumShades, the
// valley floors' first (others are clamped to the range).
func MapShade(i int) Color { return shades[max(0, min(i, NumShades-1))] }

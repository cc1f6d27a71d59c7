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

var colors = [optimizers.NumKinds]Color{
	optimizers.GD:       {Light: "#005A8C", Dark: "#56B4E9"},
	optimizers.Momentum: {Light: "#A66F00", Dark: "#E69F00"},
	optimizers.AdaGrad:  {Light: "#00704F", Dark: "#2BC48F"},
	optimizers.RMSProp:  {Light: "#A8457F", Dark: "#E38CC0"},
	optimizers.Adam:     {Light: "#C24E00", Dark: "#F5793A"},
}

// Of returns optimizer k's colour.
func Of(k optimizers.Kind) Color { return colors[k] }

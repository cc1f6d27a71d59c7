package views

import "strings"

// asciiSpelling writes the lecture's symbols in ASCII, the way its Python
// code writes them: θ ← θ − α·g reads x = x - lr*g.
var asciiSpelling = strings.NewReplacer(
	// A coordinate's root is of its own quantity: √G_x reads sqrt(G_x).
	"√G_x", "sqrt(G_x)", "√G_y", "sqrt(G_y)", "√E[g²]_x", "sqrt(E[g^2]_x)", "√E[g²]_y", "sqrt(E[g^2]_y)",
	"√v̂_x", "sqrt(v^_x)", "√v̂_y", "sqrt(v^_y)",
	"m̂", "m^", "v̂", "v^", "E[g²]", "E[g^2]",
	"√G", "sqrt(G)", "√E[g²]", "sqrt(E[g^2])", "√v̂", "sqrt(v^)", "√", "sqrt",
	"θ", "x", "α", "lr", "γ", "gamma", "β", "beta", "ε", "eps", "∂", "d",
	"←", "=", "→", "->", "−", "-", "–", "-", "—", "-", "…", "...",
	" · ", " - ", "·", "*", "×", "*",
	"²", "^2", "³", "^3", "⁴", "^4", "ᵗ", "^t", "∇", "grad ", "₀", "0", "₁", "1", "₂", "2", "ₜ", "_t",
	"▸", ">", "▶", ">", "✗", "!", "✓", "ok", "′", "'", "±", "+/-",
)

// coordSep separates a point's x and y in a cell, spaced or not: "·",
// which --ascii would spell as "-" or "*" and a class would read as
// arithmetic on the two numbers, is "," in ASCII.
func (s *Styles) coordSep(spaced bool) string {
	switch {
	case s.ASCII && spaced:
		return ", "
	case s.ASCII:
		return ","
	case spaced:
		return " · "
	}
	return "·"
}

// asciiKeys names the arrow keys in ASCII.
var asciiKeys = strings.NewReplacer("←", "left", "→", "right", "↑", "up", "↓", "down", "–", "-")

// Spell returns text as the styles draw it: unchanged, or with --ascii its
// symbols spelt in ASCII. Measure text after spelling it.
func (s *Styles) Spell(text string) string {
	if !s.ASCII {
		return text
	}
	return asciiSpelling.Replace(text)
}

// spellKey is Spell for the name of a key.
func (s *Styles) spellKey(name string) string {
	if !s.ASCII {
		return name
	}
	return asciiKeys.Replace(name)
}

// ASCIIOnly returns a frame drawn with --ascii with the ellipses of text cut
// to fit written as one ASCII column each, "~" (as the neuron screen does).
func ASCIIOnly(frame string) string {
	return strings.ReplaceAll(frame, "…", "~")
}

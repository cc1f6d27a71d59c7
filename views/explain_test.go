package views

import (
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/optirace/optirace/optimizers"
	"github.com/optirace/optirace/race"
)

var (
	// squaredExponent is a number in exponent form raised to a power
	// without parentheses: 5.207e-6² reads as 5.207·10^(−6²).
	squaredExponent = regexp.MustCompile(`[0-9]e[-+]?[0-9]+(\^|²|³|⁴)`)
	// bareNegative is a negative number after an operator without
	// parentheses: 2 × -0.5.
	bareNegative = regexp.MustCompile(` [-−+×*/] -[0-9]`)
)

// TestExplainParenthesisesNumbers: at every width, in Unicode and ASCII,
// in its long form and its short one, the explain screen writes a number
// raised to a power in parentheses where it is negative or in exponent
// form ((5.207e-6)², not 5.207e-6²), and a negative number after an
// operator in parentheses (2 × (-0.5)): on every landscape's formulas too.
func TestExplainParenthesisesNumbers(t *testing.T) {
	races := map[string]*race.Race{"quadratic": raceAt(t, 0, nil)}
	for _, obj := range optimizers.Objectives() {
		r, err := race.New(obj.Defaults(), obj)
		if err != nil {
			t.Fatal(err)
		}
		races[obj.Name] = r
	}
	checked := 0
	for _, steps := range []int{2, 53, 250} {
		for name, r := range races {
			for r.T() < steps {
				r.Step()
			}
			for lane := range r.Lanes() {
				for _, ascii := range []bool{false, true} {
					s := stylesFor(ascii)
					for _, w := range []int{60, 100, 240} {
						for _, h := range []int{18, 60} {
							_, lines := s.explainLines(r, lane, w, h)
							for _, line := range lines {
								line = ansi.Strip(line)
								if squaredExponent.MatchString(line) || bareNegative.MatchString(line) {
									t.Errorf("%s t=%d %s %dx%d ascii=%v: %q", name, steps, r.Labels()[lane], w, h, ascii, line)
								}
								if strings.Contains(line, "(") {
									checked++
								}
							}
						}
					}
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no parentheses anywhere")
	}
}

// TestExplainNoteKeepsFormulasWhole: the slides' note breaks between
// words, never inside one of its formulas ("x = x +" / "v." was GDM's at
// 80 columns), at every width, in Unicode and ASCII.
func TestExplainNoteKeepsFormulasWhole(t *testing.T) {
	formula := regexp.MustCompile(`\{([^}]*)\}`)
	for k := range optimizers.Kind(optimizers.NumKinds) {
		r := raceAt(t, 250, []string{k.ID()})
		for _, ascii := range []bool{false, true} {
			s := stylesFor(ascii)
			for w := 40; w <= 140; w++ {
				_, lines := s.explainLines(r, 0, w, 60)
				text := strings.Join(lines, "\n")
				for _, m := range formula.FindAllStringSubmatch(slideNote[k], -1) {
					if f := s.spellExplain(m[1]); !strings.Contains(text, f) {
						t.Errorf("%v ascii=%v %d columns: %q is not whole on a line:\n%s", k, ascii, w, f, ansi.Strip(text))
					}
				}
				if strings.ContainsAny(text, "{}") {
					t.Errorf("%v ascii=%v %d columns: a formula's mark shows:\n%s", k, ascii, w, ansi.Strip(text))
				}
			}
		}
	}
}

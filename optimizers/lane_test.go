package optimizers

import (
	"strings"
	"testing"
)

func TestParseLane(t *testing.T) {
	d := Defaults()
	for _, c := range []struct {
		spec string
		want Lane
	}{
		{"gd", d.Lane(GD)},
		{"gd:lr=0.5", Lane{GD, Hyper{LR: 0.5, Momentum: 0.9, Decay: 0.9, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}}},
		{"ADAM:beta1=0.8, lr=0.1", Lane{Adam, Hyper{LR: 0.1, Momentum: 0.9, Decay: 0.9, Beta1: 0.8, Beta2: 0.999, Eps: 1e-8}}},
		{"rmsprop:decay=0,eps=1e-6", Lane{RMSProp, Hyper{LR: 1, Momentum: 0.9, Decay: 0, Beta1: 0.9, Beta2: 0.999, Eps: 1e-6}}},
		{"gdm:momentum=0.5", Lane{Momentum, Hyper{LR: 0.1, Momentum: 0.5, Decay: 0.9, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}}},
	} {
		got, err := ParseLane(c.spec, d)
		if err != nil || got != c.want {
			t.Errorf("ParseLane(%q) = %+v, %v; want %+v", c.spec, got, err, c.want)
		}
	}
}

// TestParseLaneRefuses: each kind of bad spec the issue lists gets one line
// saying what is wrong.
func TestParseLaneRefuses(t *testing.T) {
	for spec, want := range map[string]string{
		"sgd:lr=0.1":         `lane "sgd:lr=0.1": unknown optimizer "sgd": want one of gd|gdm|adagrad|rmsprop|adam`,
		"gd:rate=0.1":        `lane "gd:rate=0.1": unknown key "rate": want one of lr, momentum, decay, beta1, beta2, eps`,
		"gd:momentum=0.5":    `lane "gd:momentum=0.5": gd has no momentum (gdm has)`,
		"gd:eps=1e-6":        `lane "gd:eps=1e-6": gd has no eps (adagrad, rmsprop and adam have)`,
		"adam:lr=0.1,lr=0.2": `lane "adam:lr=0.1,lr=0.2": lr given twice`,
		"gd:lr":              `lane "gd:lr": lr needs a value: lr=0.1`,
		"gd:lr=":             `lane "gd:lr=": lr needs a value: lr=0.1`,
		"gd:lr=nan":          `lane "gd:lr=nan": lr must be a finite number > 0`,
		"gd:lr=inf":          `lane "gd:lr=inf": lr must be a finite number > 0`,
		"gd:lr=0":            `lane "gd:lr=0": lr must be a finite number > 0`,
		"adagrad:eps=-1":     `lane "adagrad:eps=-1": eps must be a finite number > 0`,
		"gdm:momentum=1":     `lane "gdm:momentum=1": momentum must be a number in [0, 1)`,
		"rmsprop:decay=-0.1": `lane "rmsprop:decay=-0.1": decay must be a number in [0, 1)`,
		"adam:beta2=1.5":     `lane "adam:beta2=1.5": beta2 must be a number in [0, 1)`,
		"gd:lr=abc":          `lane "gd:lr=abc": lr: not a number`,
		"gd:,lr=0.1":         `lane "gd:,lr=0.1": an empty setting: write OPT:key=value,key=value`,
	} {
		_, err := ParseLane(spec, Defaults())
		if err == nil || !strings.HasPrefix(err.Error(), want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("ParseLane(%q): %v, want %q", spec, err, want)
		}
	}
	if err := CheckLanes(9); err == nil || err.Error() != "a race holds 1 to 8 lanes, got 9" {
		t.Errorf("9 lanes: %v", err)
	}
}

func TestLabels(t *testing.T) {
	d := Defaults()
	lane := func(spec string) Lane {
		l, err := ParseLane(spec, d)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	for _, c := range []struct {
		lanes []Lane
		want  string
	}{
		{d.Lanes(), "GD|GDM|AdaGrad|RMSProp|Adam"},
		{[]Lane{lane("gd:lr=0.01"), lane("gd:lr=0.1"), lane("gd:lr=1.01")}, "GD α=0.01|GD α=0.1|GD α=1.01"},
		{[]Lane{lane("adam:beta1=0.9"), lane("adam:beta1=0.5"), lane("gd")}, "Adam β₁=0.9|Adam β₁=0.5|GD"},
		{[]Lane{lane("gdm:momentum=0.5,lr=0.2"), lane("gdm:momentum=0.9")}, "GDM α=0.2 γ=0.5|GDM α=0.1 γ=0.9"},
		{[]Lane{lane("gd"), lane("gd"), lane("gd")}, "GD|GD #2|GD #3"},
	} {
		if got := strings.Join(Labels(c.lanes), "|"); got != c.want {
			t.Errorf("Labels = %q, want %q", got, c.want)
		}
	}
}

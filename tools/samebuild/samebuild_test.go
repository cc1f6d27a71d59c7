package main

import (
	"path/filepath"
	"reflect"
	"testing"
)

// TestFusedLines reads a compiler listing as go build -gcflags=-S prints
// it: only fused multiply-adds of the engine's files are kept, with their
// source position.
func TestFusedLines(t *testing.T) {
	root := filepath.FromSlash("/src/optirace")
	crmath := filepath.Join(root, "optimizers", "internal", "crmath", "dd.go")
	views := filepath.Join(root, "views", "chart.go")
	listing := "" +
		"\t0x0024 00036 (" + crmath + ":44)\tFMADDD\tF2, F0, F1, F3\n" +
		"\t0x0028 00040 (" + crmath + ":45)\tFMULD\tF2, F0, F1\n" +
		"\t0x0030 00048 (" + views + ":246)\tFNMSUBD\tF2, F0, F1, F3\n" +
		"\t0x0034 00052 (" + filepath.Join(root, "race", "race.go") + ":9)\tVFMADD231SD\tX2, X1, X0\n" +
		"github.com/optirace/optirace/race.New STEXT size=10 args=0x8 locals=0x0\n"
	var fused func(string) bool
	for _, tg := range fusingTargets {
		f := tg.fused
		if fused == nil {
			fused = f
		} else {
			prev := fused
			fused = func(m string) bool { return prev(m) || f(m) }
		}
	}
	got := fusedLines(listing, fused, engineFilter(root))
	want := []fusedLine{
		{mnemonic: "FMADDD", file: crmath, line: 44},
		{mnemonic: "VFMADD231SD", file: filepath.Join(root, "race", "race.go"), line: 9},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

// TestFusedMnemonics: the fused multiply-adds of each target, and nothing else.
func TestFusedMnemonics(t *testing.T) {
	for _, c := range []struct {
		target string
		yes    []string
		no     []string
	}{
		{"GOARCH=arm64", []string{"FMADDD", "FMSUBD", "FNMADDD", "FNMSUBD", "FMADDS"}, []string{"FMULD", "FADDD", "FNMULD", "FMOVD"}},
		{"GOAMD64=v3", []string{"VFMADD231SD", "VFMSUB213SD", "VFNMADD231SD", "VFNMSUB132SS"}, []string{"MULSD", "ADDSD", "VMULSD"}},
	} {
		for _, tg := range fusingTargets {
			if tg.name != c.target {
				continue
			}
			for _, m := range c.yes {
				if !tg.fused(m) {
					t.Errorf("%s: %s not seen as fused", c.target, m)
				}
			}
			for _, m := range c.no {
				if tg.fused(m) {
					t.Errorf("%s: %s seen as fused", c.target, m)
				}
			}
		}
	}
}

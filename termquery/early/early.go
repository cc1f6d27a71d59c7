// Package early keeps bubbletea v1 from asking the terminal for its
// background colour while the program loads. bubbletea's package init asks
// it through termenv, which waits 5 s for an answer: on a terminal that
// answers no queries, optirace would show nothing for 5 s. This package's
// init sets CI, which termenv reads as "no terminal" and so asks nothing;
// main calls Restore first thing, and termquery then asks the terminal
// itself, giving up within 120 ms when nothing answers.
//
// The order is Go's (the spec's, since 1.21): packages initialise in the
// order of their import paths, each as soon as its imports have; this one
// needs only os, while bubbletea needs golang.org/x/term and os/signal,
// which need os too and sort after this path.
package early

import "os"

// ci is CI as it was before this package set it, and whether it was set.
var ci, ciSet = os.LookupEnv("CI")

func init() {
	if ci == "" { // termenv takes an empty CI for none
		_ = os.Setenv("CI", "1")
	}
}

// Restore puts CI back as it was before the program loaded.
func Restore() {
	switch {
	case !ciSet:
		_ = os.Unsetenv("CI")
	case ci == "":
		_ = os.Setenv("CI", "")
	}
}

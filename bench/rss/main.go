// Command rss measures optirace's memory during a long auto-play: it steps
// the race model 100,000 times at 240×60, drawing a frame after every step
// as auto-play does, and prints the process RSS and Go heap along the way.
//
//	go run ./bench/rss [-steps 100000]
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/optirace/optirace/model"
	"github.com/optirace/optirace/optimizers"
)

func main() {
	steps := flag.Int("steps", 100_000, "auto-play steps")
	flag.Parse()
	m, err := model.New(model.Options{Settings: optimizers.Defaults()})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var tm tea.Model = m
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: 240, Height: 60})
	step := tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	report := func(t int) {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		fmt.Printf("t = %-7d RSS %6.1f MiB   Go heap in use %6.1f MiB\n", t, rssMiB(), float64(ms.HeapInuse)/(1<<20))
	}
	report(0)
	for t := 1; t <= *steps; t++ {
		tm, _ = tm.Update(step)
		_ = tm.View()
		if t%(*steps/5) == 0 {
			report(t)
		}
	}
}

// rssMiB reads the resident set size from /proc/self/status (Linux).
func rssMiB() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer func() { _ = f.Close() }()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			var kb float64
			if _, err := fmt.Sscan(rest, &kb); err == nil {
				return kb / 1024
			}
		}
	}
	return -1
}

// Command load measures optirace serve under a classroom's load, on this
// machine, beside a trivial wish + bubbletea app (bench/trivial) measured
// the same way in the same run: it starts each server as a separate
// process on 127.0.0.1, connects many PTY sessions with the scripted
// terminal of server/termclient, and reports the time to each session's
// first frame, keypress→frame latency, the server's memory and CPU, and
// bytes per frame; then where a step frame's bytes go, line by line, in the
// race view and the track (leaderboard) view; then one presenter and many
// viewers in --shared, presenter→viewer latency. It only ever talks to the
// loopback address, and stops by itself.
//
//	go build -o /tmp/optirace . && go build -o /tmp/trivial ./bench/trivial &&
//	go run ./bench/load -bin /tmp/optirace -baseline /tmp/trivial
package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/optirace/optirace/server/termclient"
	gossh "golang.org/x/crypto/ssh"
)

type options struct {
	bin, baseline        string
	sessions, viewers    int
	width, height        int
	rate                 float64
	duration, sharedTime time.Duration
	concurrency          int
	// The class's questions: students, rounds of a silent and an answering
	// phase of classPhase each, and how often each student answers.
	students, rounds        int
	classPhase, answerEvery time.Duration
	skipSandbox             bool
}

func main() {
	var o options
	flag.StringVar(&o.bin, "bin", "", "the optirace binary to serve (required)")
	flag.StringVar(&o.baseline, "baseline", "", "the trivial wish app (go build ./bench/trivial) to measure first, the same way; empty skips it")
	flag.IntVar(&o.sessions, "sessions", 300, "sandbox sessions")
	flag.IntVar(&o.viewers, "viewers", 100, "viewers of the shared race (0 skips it)")
	flag.IntVar(&o.width, "width", 120, "terminal columns")
	flag.IntVar(&o.height, "height", 40, "terminal rows")
	flag.Float64Var(&o.rate, "rate", 5, "steps per second, per sandbox session and for the presenter")
	flag.DurationVar(&o.duration, "duration", 20*time.Second, "how long the sandbox sessions step")
	flag.DurationVar(&o.sharedTime, "shared-duration", 20*time.Second, "how long the presenter steps")
	flag.IntVar(&o.concurrency, "connect", 20, "sessions connecting at once")
	flag.IntVar(&o.students, "students", 300, "students of the class's questions (0 skips them)")
	flag.IntVar(&o.rounds, "rounds", 3, "rounds of a silent and an answering phase")
	flag.DurationVar(&o.classPhase, "class-phase", 10*time.Second, "how long each phase of a round lasts")
	flag.DurationVar(&o.answerEvery, "answer-every", time.Second, "how often each student votes and guesses while answering")
	only := flag.String("only", "", "run one part only: sandbox, shared or class")
	flag.Parse()
	if o.bin == "" || o.sessions < 1 || o.rate <= 0 || o.duration <= 0 || o.concurrency < 1 ||
		o.rounds < 1 || o.classPhase <= 0 || o.answerEvery <= 0 {
		fmt.Fprintln(os.Stderr, "load: -bin is required; -sessions, -rate, -duration, -connect, -rounds, -class-phase, -answer-every must be positive")
		os.Exit(2)
	}
	switch *only {
	case "":
	case "sandbox":
		o.viewers, o.students = 0, 0
	case "shared":
		o.skipSandbox, o.students = true, 0
	case "class":
		o.skipSandbox, o.viewers = true, 0
	default:
		fmt.Fprintln(os.Stderr, "load: -only is sandbox, shared or class")
		os.Exit(2)
	}
	// The load generator is the instrument: its collector should take as
	// little of the shared machine, and of the latencies it measures, as it
	// can. (Its terminals hold every session's screen.)
	debug.SetGCPercent(400)
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	fmt.Printf("machine: %d CPUs; server %s; %d×%d terminals\n\n", numCPU(), o.bin, o.width, o.height)
	if !o.skipSandbox {
		if err := sandboxes(o); err != nil {
			return err
		}
	}
	if o.viewers > 0 {
		if err := shared(o); err != nil {
			return fmt.Errorf("shared: %w", err)
		}
	}
	if o.students > 0 {
		if err := classroom(o); err != nil {
			return fmt.Errorf("class: %w", err)
		}
	}
	return nil
}

// sandboxes measures the sandbox sessions, the baseline's first.
func sandboxes(o options) error {
	var results []*sandboxResult
	if o.baseline != "" {
		r, err := sandbox(o, o.baseline, "trivial wish app", nil)
		if err != nil {
			return fmt.Errorf("sandbox (baseline): %w", err)
		}
		results = append(results, r)
	}
	var frames []frameReport
	r, err := sandbox(o, o.bin, "optirace", func(clients []*client) { frames = measureFrames(clients, o) })
	if err != nil {
		return fmt.Errorf("sandbox: %w", err)
	}
	results = append(results, r)
	printSandbox(o, results)
	printFrames(frames)
	return nil
}

// serverProc is a server running as a child process.
type serverProc struct {
	cmd  *exec.Cmd
	addr string
	dir  string
}

// startServer starts bin as optirace serve is started; the trivial app
// takes the same arguments.
func startServer(bin string, extra ...string) (*serverProc, error) {
	dir, err := os.MkdirTemp("", "optirace-load-")
	if err != nil {
		return nil, err
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	args := append([]string{
		"serve", "--addr", addr, "--host-key", filepath.Join(dir, "host"),
		"--rate-limit", "0", "--max-sessions", "1000", "--log", filepath.Join(dir, "serve.log"),
	}, extra...)
	cmd := exec.CommandContext(context.Background(), bin, args...)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	sp := &serverProc{cmd: cmd, addr: addr, dir: dir}
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); {
		var d net.Dialer
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		c, err := d.DialContext(ctx, "tcp", addr)
		cancel()
		if err == nil {
			_ = c.Close()
			return sp, nil
		}
		time.Sleep(20 * time.Millisecond) // polling for the port, not for a frame
	}
	sp.stop()
	return nil, errors.New("the server did not start listening")
}

// stop sends SIGTERM and returns how long the server took to exit.
func (sp *serverProc) stop() time.Duration {
	began := time.Now()
	_ = sp.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = sp.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = sp.cmd.Process.Kill()
		<-done
	}
	_ = os.RemoveAll(sp.dir)
	return time.Since(began)
}

func freeAddr() (string, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close() //nolint:errcheck // only its port was wanted
	return ln.Addr().String(), nil
}

// countingConn counts the bytes that arrive on the wire, SSH framing included.
type countingConn struct {
	net.Conn
	n *atomic.Int64
}

func (c countingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func counting(n *atomic.Int64) func(ctx context.Context, addr string) (net.Conn, error) {
	return func(ctx context.Context, addr string) (net.Conn, error) {
		var d net.Dialer
		c, err := d.DialContext(ctx, "tcp", addr)
		if err != nil {
			return nil, err
		}
		return countingConn{Conn: c, n: n}, nil
	}
}

func atStep(n int) string { return "t = " + strconv.Itoa(n) + "  " }

// client is one benchmark session.
type client struct {
	*termclient.Client
	wire       atomic.Int64
	firstFrame time.Duration // from dialling to the first frame
}

// connect opens n sessions, o.concurrency at a time, each showing its first
// frame.
func connect(addr string, n int, o options, auth func(i int) []gossh.AuthMethod) ([]*client, error) {
	return connectAs(addr, n, o, auth, nil)
}

// connectAs is connect with each session's SSH user name given by user
// (nil: "student").
func connectAs(addr string, n int, o options, auth func(i int) []gossh.AuthMethod, user func(i int) string) ([]*client, error) {
	clients := make([]*client, n)
	errs := make(chan error, n)
	sem := make(chan struct{}, o.concurrency)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			c := &client{}
			var a []gossh.AuthMethod
			if auth != nil {
				a = auth(i)
			}
			name := ""
			if user != nil {
				name = user(i)
			}
			began := time.Now()
			tc, err := termclient.Dial(ctx, addr, termclient.Options{User: name, Width: o.width, Height: o.height, Auth: a, Dial: counting(&c.wire)})
			if err != nil {
				errs <- err
				return
			}
			c.Client = tc
			m, err := tc.WaitForText(ctx, 0, atStep(0))
			if err != nil {
				errs <- err
				return
			}
			c.firstFrame = time.Since(began)
			tc.Forget(m)
			clients[i] = c
		}()
	}
	wg.Wait()
	close(errs)
	return clients, <-errs
}

// sandboxResult is one server's measurements under the sandbox load.
type sandboxResult struct {
	name                    string
	sessions                int
	joined                  time.Duration
	firstFrame              []time.Duration
	lat                     []time.Duration
	steps, lost             int
	rate                    float64
	bytes, wire             []int64
	rss0, rssIdle, rssPeak  int64
	cpu, selfCPU            float64
	shutdown                time.Duration
	perSession, perSessionP float64 // KiB per session, idle and peak
}

// sandbox runs o.sessions sessions of bin, each stepping o.rate times a
// second for o.duration; after the load, quiet calls measureQuiet (when
// set) with the sessions still connected.
func sandbox(o options, bin, name string, quiet func([]*client)) (*sandboxResult, error) {
	sp, err := startServer(bin)
	if err != nil {
		return nil, err
	}
	defer sp.stop()
	res := &sandboxResult{name: name, sessions: o.sessions}
	if res.rss0, err = rss(sp.cmd.Process.Pid); err != nil {
		return nil, err
	}
	began := time.Now()
	clients, err := connect(sp.addr, o.sessions, o, nil)
	if err != nil {
		return nil, err
	}
	res.joined = time.Since(began)
	for _, c := range clients {
		res.firstFrame = append(res.firstFrame, c.firstFrame)
	}
	// Idle means idle: wait for the collector to have run since the joins.
	time.Sleep(2 * time.Second) // settling, not waiting for a frame
	res.rssIdle, _ = rss(sp.cmd.Process.Pid)

	cpu0, _ := cpuTime(sp.cmd.Process.Pid)
	self0, _ := cpuTime(os.Getpid())
	interval := time.Duration(float64(time.Second) / o.rate)
	samples := make([][]sample, len(clients))
	var missed atomic.Int64
	var peak atomic.Int64
	stopRSS := make(chan struct{})
	go func() {
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stopRSS:
				return
			case <-tick.C:
				if r, err := rss(sp.cmd.Process.Pid); err == nil && r > peak.Load() {
					peak.Store(r)
				}
			}
		}
	}()
	loadStart := time.Now()
	end := loadStart.Add(o.duration)
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Stagger the sessions over one interval, as a class would.
			next := loadStart.Add(interval * time.Duration(i) / time.Duration(len(clients)))
			for n := 1; ; n++ {
				time.Sleep(time.Until(next)) // pacing the keypresses, not waiting for a frame
				if time.Now().After(end) {
					return
				}
				mark, wire := c.Mark(), c.wire.Load()
				sent := time.Now()
				if err := c.Send(" "); err != nil {
					missed.Add(1)
					return
				}
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				m, err := c.WaitForText(ctx, mark, atStep(n))
				cancel()
				if err != nil {
					missed.Add(1)
					return
				}
				samples[i] = append(samples[i], sample{time.Since(sent), int64(m - mark), c.wire.Load() - wire})
				c.Forget(m)
				next = next.Add(interval)
				for next.Before(time.Now()) { // fell behind: skip, keep the rate
					next = next.Add(interval)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(loadStart)
	close(stopRSS)
	cpu1, _ := cpuTime(sp.cmd.Process.Pid)
	self1, _ := cpuTime(os.Getpid())
	rss2, _ := rss(sp.cmd.Process.Pid)
	res.rssPeak = max(peak.Load(), rss2)
	res.cpu = (cpu1 - cpu0).Seconds() / elapsed.Seconds()
	res.selfCPU = (self1 - self0).Seconds() / elapsed.Seconds()
	res.lost = int(missed.Load())
	for _, s := range samples {
		for _, x := range s {
			res.lat = append(res.lat, x.latency)
			res.bytes = append(res.bytes, x.bytes)
			res.wire = append(res.wire, x.wire)
		}
	}
	res.steps = len(res.lat)
	if res.steps == 0 {
		return nil, errors.New("no step reached its frame")
	}
	res.rate = float64(res.steps) / elapsed.Seconds()
	res.perSession = kib(res.rssIdle-res.rss0) / float64(len(clients))
	res.perSessionP = kib(res.rssPeak-res.rss0) / float64(len(clients))
	if quiet != nil {
		quiet(clients[:min(10, len(clients))])
	}
	res.shutdown = sp.stop()
	for _, c := range clients {
		_ = c.Close()
	}
	return res, nil
}

// sample is one step's measurements.
type sample struct {
	latency     time.Duration
	bytes, wire int64
}

func printSandbox(o options, results []*sandboxResult) {
	fmt.Printf("## sandbox: %d sessions at %d×%d, each stepping %.0f×/s for %v, connecting %d at a time\n\n",
		o.sessions, o.width, o.height, o.rate, o.duration, o.concurrency)
	head := "| measure |"
	rule := "|---|"
	for _, r := range results {
		head += " " + r.name + " |"
		rule += "---:|"
	}
	if len(results) == 2 {
		head += " ratio |"
		rule += "---:|"
	}
	fmt.Println(head)
	fmt.Println(rule)
	row := func(name string, value func(*sandboxResult) string, ratio func(a, b *sandboxResult) float64) {
		line := "| " + name + " |"
		for _, r := range results {
			line += " " + value(r) + " |"
		}
		if len(results) == 2 {
			if ratio != nil {
				line += fmt.Sprintf(" %.2f× |", ratio(results[0], results[1]))
			} else {
				line += " |"
			}
		}
		fmt.Println(line)
	}
	durRatio := func(f func(*sandboxResult) time.Duration) func(a, b *sandboxResult) float64 {
		return func(a, b *sandboxResult) float64 { return float64(f(b)) / float64(f(a)) }
	}
	p := func(d func(*sandboxResult) []time.Duration, q float64) func(*sandboxResult) time.Duration {
		return func(r *sandboxResult) time.Duration { return pct(d(r), q) }
	}
	ff := func(r *sandboxResult) []time.Duration { return r.firstFrame }
	lat := func(r *sandboxResult) []time.Duration { return r.lat }
	show := func(f func(*sandboxResult) time.Duration, round time.Duration) func(*sandboxResult) string {
		return func(r *sandboxResult) string { return f(r).Round(round).String() }
	}
	row("sessions joined (first frame each)", func(r *sandboxResult) string {
		return fmt.Sprintf("%d in %v", r.sessions, r.joined.Round(time.Millisecond))
	}, durRatio(func(r *sandboxResult) time.Duration { return r.joined }))
	row("first frame after dialling, p50", show(p(ff, 50), time.Millisecond), durRatio(p(ff, 50)))
	row("first frame after dialling, p99", show(p(ff, 99), time.Millisecond), durRatio(p(ff, 99)))
	row("steps measured", func(r *sandboxResult) string {
		return fmt.Sprintf("%d (%.0f/s; %d lost)", r.steps, r.rate, r.lost)
	}, nil)
	row("keypress→frame p50", show(p(lat, 50), 100*time.Microsecond), durRatio(p(lat, 50)))
	row("keypress→frame p90", show(p(lat, 90), 100*time.Microsecond), durRatio(p(lat, 90)))
	row("keypress→frame p99", show(p(lat, 99), 100*time.Microsecond), durRatio(p(lat, 99)))
	row("keypress→frame max", show(func(r *sandboxResult) time.Duration { return slices.Max(r.lat) }, time.Millisecond), nil)
	row("server RSS before sessions", func(r *sandboxResult) string { return fmt.Sprintf("%.1f MiB", mib(r.rss0)) }, nil)
	row("server RSS, sessions idle", func(r *sandboxResult) string {
		return fmt.Sprintf("%.1f MiB (%.0f KiB per session)", mib(r.rssIdle), r.perSession)
	}, func(a, b *sandboxResult) float64 { return b.perSession / a.perSession })
	row("server RSS, peak under load", func(r *sandboxResult) string {
		return fmt.Sprintf("%.1f MiB (%.0f KiB per session)", mib(r.rssPeak), r.perSessionP)
	}, func(a, b *sandboxResult) float64 { return b.perSessionP / a.perSessionP })
	row("server CPU under load", func(r *sandboxResult) string { return fmt.Sprintf("%.2f cores of %d", r.cpu, numCPU()) },
		func(a, b *sandboxResult) float64 { return b.cpu / a.cpu })
	row("load generator CPU (same machine)", func(r *sandboxResult) string { return fmt.Sprintf("%.2f cores", r.selfCPU) }, nil)
	row("bytes per step frame, median (p99)", func(r *sandboxResult) string {
		return fmt.Sprintf("%d (%d) B; wire %d (%d) B", pctInt(r.bytes, 50), pctInt(r.bytes, 99), pctInt(r.wire, 50), pctInt(r.wire, 99))
	}, nil)
	row("SIGTERM → exit", show(func(r *sandboxResult) time.Duration { return r.shutdown }, time.Millisecond), nil)
	fmt.Println()
}

// frameReport is where one view's step frames' bytes go.
type frameReport struct {
	view              string
	bytes, wire       []int64
	repaint, repaint2 int64
	cost              frameCost // of the median frame
}

// measureFrames measures, on quiet sessions, the bytes of a step frame in
// the view a race starts in and in the track view, and what each line of
// the frame costs.
func measureFrames(clients []*client, o options) []frameReport {
	steps := 20
	views := []struct {
		name, key, shows string
	}{
		{"race view (the start)", "", "t = "},
		{"track view (tab)", "\t", "start → finish"},
	}
	var reports []frameReport
	for _, v := range views {
		rep := frameReport{view: v.name}
		var frames [][]byte
		for _, c := range clients {
			if v.key != "" {
				mark := c.Mark()
				if err := c.Send(v.key); err != nil {
					continue
				}
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				m, err := c.WaitForText(ctx, mark, v.shows)
				cancel()
				if err != nil {
					continue
				}
				c.Forget(m)
			}
			// A window change to the same size repaints every line: the full
			// frame, for scale, and the step it shows.
			mark, w := c.Mark(), c.wire.Load()
			if err := c.Resize(o.width, o.height); err != nil {
				continue
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			m, err := c.WaitForText(ctx, mark, v.shows, "t = ")
			cancel()
			if err != nil {
				continue
			}
			rep.repaint = max(rep.repaint, int64(m-mark))
			rep.repaint2 = max(rep.repaint2, c.wire.Load()-w)
			t := stepShown(c.Text(mark))
			c.Forget(m)
			for range steps {
				t++
				mark, w := c.Mark(), c.wire.Load()
				if err := c.Send(" "); err != nil {
					break
				}
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				m, err := c.WaitForText(ctx, mark, atStep(t))
				cancel()
				if err != nil {
					break
				}
				frames = append(frames, c.Output(mark)[:m-mark])
				rep.bytes = append(rep.bytes, int64(m-mark))
				rep.wire = append(rep.wire, c.wire.Load()-w)
				c.Forget(m)
			}
		}
		if len(frames) == 0 {
			continue
		}
		med := pctInt(rep.bytes, 50)
		for _, f := range frames {
			if int64(len(f)) == med {
				rep.cost = costByLine(f)
				break
			}
		}
		reports = append(reports, rep)
	}
	return reports
}

// stepShown reads the last "t = N" in text.
func stepShown(text string) int {
	i := strings.LastIndex(text, "t = ")
	if i < 0 {
		return 0
	}
	n := 0
	for _, r := range text[i+len("t = "):] {
		if r < '0' || r > '9' {
			break
		}
		n = n*10 + int(r-'0')
	}
	return n
}

// lineCost is what one screen row of a frame cost.
type lineCost struct {
	row                    int
	total, sgr, ctrl, text int
}

// frameCost is where a frame's bytes go.
type frameCost struct {
	rows []lineCost // the rows rewritten
	// moves is the bytes that only move the cursor: to the frame's start and
	// end, and down over each row left as it was.
	moves int
}

// costByLine splits a frame into the rows it writes, and counts each row's
// bytes: SGR (colour) sequences, other control sequences (erase, a
// newline after the row's text), and text. It reads both ways of writing a
// frame: bubbletea v1's (cursor home, then each row skipped with a newline
// or written whole and ended with one; charmbracelet/ssh makes every
// newline CR LF) and optirace's screen's (runs of cells, each after a
// cursor position, ESC[row;colH). Cursor positions, and newlines that only
// move down past a row, are the frame's moves.
func costByLine(frame []byte) frameCost {
	var fc frameCost
	rows := map[int]*lineCost{}
	row := 0
	at := func() *lineCost {
		l := rows[row]
		if l == nil {
			l = &lineCost{row: row}
			rows[row] = l
		}
		return l
	}
	newline := func(n int) {
		if l := rows[row]; l != nil && l.total > 0 {
			l.ctrl += n
			l.total += n
		} else {
			fc.moves += n
		}
		row++
	}
	for i := 0; i < len(frame); {
		switch b := frame[i]; {
		case b == 0x1b && i+1 < len(frame) && frame[i+1] == '[':
			j := i + 2
			for j < len(frame) && (frame[j] < 0x40 || frame[j] > 0x7e) {
				j++
			}
			j = min(j+1, len(frame))
			switch seq := frame[i:j]; seq[len(seq)-1] {
			case 'm':
				l := at()
				l.sgr += len(seq)
				l.total += len(seq)
			case 'H': // a cursor position: ESC[row;colH, 1-based, row 1 if left out
				fc.moves += len(seq)
				r, _, _ := strings.Cut(string(seq[2:len(seq)-1]), ";")
				n, err := strconv.Atoi(r)
				if err != nil || n < 1 {
					n = 1
				}
				row = n - 1
			default:
				l := at()
				l.ctrl += len(seq)
				l.total += len(seq)
			}
			i = j
		case b == '\r' && i+1 < len(frame) && frame[i+1] == '\n':
			newline(2)
			i += 2
		case b == '\n':
			newline(1)
			i++
		default:
			l := at()
			l.text++
			l.total++
			i++
		}
	}
	for _, l := range rows {
		if l.total > 0 {
			fc.rows = append(fc.rows, *l)
		}
	}
	slices.SortFunc(fc.rows, func(a, b lineCost) int { return a.row - b.row })
	return fc
}

func printFrames(reports []frameReport) {
	if len(reports) == 0 {
		return
	}
	fmt.Printf("## optirace step frames by view (10 quiet sessions, 20 steps each)\n\n")
	fmt.Println("| view | bytes per step frame, median (p99) | on the wire | full repaint | rows rewritten | SGR | erase & newlines | text | cursor moves |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range reports {
		var sgr, ctrl, text int
		for _, l := range r.cost.rows {
			sgr, ctrl, text = sgr+l.sgr, ctrl+l.ctrl, text+l.text
		}
		fmt.Printf("| %s | %d (%d) B | %d B | %d B | %d | %d B | %d B | %d B | %d B |\n", r.view,
			pctInt(r.bytes, 50), pctInt(r.bytes, 99), pctInt(r.wire, 50), r.repaint, len(r.cost.rows), sgr, ctrl, text, r.cost.moves)
	}
	fmt.Println()
	for _, r := range reports {
		fmt.Printf("Rows rewritten in the median %s step frame, costliest first (row 0 is the top; the status bar is the last):\n\n", r.view)
		fmt.Println("| row | bytes | SGR | erase & newline | text |")
		fmt.Println("|---:|---:|---:|---:|---:|")
		rows := slices.Clone(r.cost.rows)
		slices.SortStableFunc(rows, func(a, b lineCost) int { return b.total - a.total })
		for _, l := range rows {
			fmt.Printf("| %d | %d | %d | %d | %d |\n", l.row, l.total, l.sgr, l.ctrl, l.text)
		}
		fmt.Println()
	}
}

// presenterKey makes a presenter's key, and the file of its public half
// in a temporary folder that done removes.
func presenterKey() (signer gossh.Signer, keyFile string, done func(), err error) {
	dir, err := os.MkdirTemp("", "optirace-load-key-")
	if err != nil {
		return nil, "", nil, err
	}
	done = func() { _ = os.RemoveAll(dir) }
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err == nil {
		signer, err = gossh.NewSignerFromKey(priv)
	}
	if err == nil {
		keyFile = filepath.Join(dir, "presenter.pub")
		err = os.WriteFile(keyFile, gossh.MarshalAuthorizedKey(signer.PublicKey()), 0o600)
	}
	if err != nil {
		done()
		return nil, "", nil, err
	}
	return signer, keyFile, done, nil
}

// sharedClass is a `serve --shared` server with a presenter key, n
// viewers seated (their SSH user names from user; nil: "student") and
// then its presenter, each showing its first frame; end closes them all.
type sharedClass struct {
	sp        *serverProc
	viewers   []*client
	presenter *client
	end       func()
}

func seatClass(o options, n int, user func(i int) string, extra ...string) (*sharedClass, error) {
	signer, keyFile, done, err := presenterKey()
	if err != nil {
		return nil, err
	}
	sp, err := startServer(o.bin, append([]string{"--shared", "--presenter-key", keyFile}, extra...)...)
	if err != nil {
		done()
		return nil, err
	}
	c := &sharedClass{sp: sp}
	c.end = func() {
		for _, v := range append(c.viewers, c.presenter) {
			if v != nil {
				_ = v.Close()
			}
		}
		sp.stop()
		done()
	}
	c.viewers, err = connectAs(sp.addr, n, o, func(int) []gossh.AuthMethod {
		return []gossh.AuthMethod{gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })}
	}, user)
	if err == nil {
		var presenters []*client
		presenters, err = connect(sp.addr, 1, o, func(int) []gossh.AuthMethod { return []gossh.AuthMethod{gossh.PublicKeys(signer)} })
		if err == nil {
			c.presenter = presenters[0]
		}
	}
	if err != nil {
		c.end()
		return nil, err
	}
	return c, nil
}

func shared(o options) error {
	class, err := seatClass(o, o.viewers, nil)
	if err != nil {
		return err
	}
	defer class.end()
	sp, viewers, presenter := class.sp, class.viewers, class.presenter
	steps := int(o.sharedTime.Seconds() * o.rate)
	sent := make([]atomic.Int64, steps+1) // unix nanoseconds of each keypress
	arrivals := make([][]time.Duration, len(viewers))
	var missed atomic.Int64
	var wg sync.WaitGroup
	for i, v := range viewers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mark := v.Mark()
			for n := 1; n <= steps; n++ {
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				m, err := v.WaitForText(ctx, mark, atStep(n))
				cancel()
				if err != nil {
					missed.Add(int64(steps - n + 1))
					return
				}
				arrivals[i] = append(arrivals[i], time.Since(time.Unix(0, sent[n].Load())))
				v.Forget(m)
				mark = m
			}
		}()
	}
	cpu0, _ := cpuTime(sp.cmd.Process.Pid)
	interval := time.Duration(float64(time.Second) / o.rate)
	began := time.Now()
	pmark := presenter.Mark()
	for n := 1; n <= steps; n++ {
		time.Sleep(time.Until(began.Add(time.Duration(n-1) * interval))) // pacing the presenter
		sent[n].Store(time.Now().UnixNano())
		if err := presenter.Send(" "); err != nil {
			return err
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		m, err := presenter.WaitForText(ctx, pmark, atStep(n))
		cancel()
		if err != nil {
			return fmt.Errorf("presenter step %d: %w", n, err)
		}
		presenter.Forget(m)
		pmark = m
	}
	wg.Wait()
	cpu1, _ := cpuTime(sp.cmd.Process.Pid)
	elapsed := time.Since(began)
	var lat []time.Duration
	for _, a := range arrivals {
		lat = append(lat, a...)
	}
	if len(lat) == 0 {
		return errors.New("no step reached a viewer")
	}
	fmt.Printf("## shared: 1 presenter + %d viewers at %d×%d, presenter steps %.0f×/s for %v\n\n", o.viewers, o.width, o.height, o.rate, o.sharedTime)
	fmt.Printf("| measure | value |\n|---|---:|\n")
	fmt.Printf("| frames measured | %d (%d steps × %d viewers; %d lost) |\n", len(lat), steps, len(viewers), missed.Load())
	fmt.Printf("| presenter→viewer p50 | %v |\n", pct(lat, 50).Round(100*time.Microsecond))
	fmt.Printf("| presenter→viewer p99 | %v |\n", pct(lat, 99).Round(100*time.Microsecond))
	fmt.Printf("| presenter→viewer max | %v |\n", slices.Max(lat).Round(time.Millisecond))
	fmt.Printf("| server CPU | %.2f cores of %d |\n\n", (cpu1-cpu0).Seconds()/elapsed.Seconds(), numCPU())
	return nil
}

func pct(d []time.Duration, p float64) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, int(float64(len(s))*p/100))]
}

func pctInt(d []int64, p float64) int64 {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, int(float64(len(s))*p/100))]
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }
func kib(b int64) float64 { return float64(b) / (1 << 10) }

// rss returns a process's resident set size from /proc.
func rss(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			return kb << 10, err
		}
	}
	return 0, errors.New("no VmRSS")
}

// clockTicks is USER_HZ, which Linux fixes at 100 for /proc.
const clockTicks = 100

// cpuTime returns a process's user + system CPU time from /proc.
func cpuTime(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// Fields after the command name, which is in parentheses.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
	if len(f) < 13 {
		return 0, errors.New("short /proc stat")
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	s, err2 := strconv.ParseInt(f[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, err
	}
	return time.Duration(u+s) * time.Second / clockTicks, nil
}

func numCPU() int {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return 0
	}
	return strings.Count(string(b), "\nprocessor") + 1
}

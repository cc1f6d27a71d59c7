// Command load measures optirace serve under a classroom's load, on this
// machine: it starts the server as a separate process on 127.0.0.1, connects
// many PTY sessions with the scripted terminal of server/termclient, and
// reports keypress→frame latency, the server's memory and CPU, and bytes per
// frame; then one presenter and many viewers in --shared, presenter→viewer
// latency. It only ever talks to the loopback address, and stops by itself.
//
//	go build -o /tmp/optirace . && go run ./bench/load -bin /tmp/optirace
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
	bin                  string
	sessions, viewers    int
	width, height        int
	rate                 float64
	duration, sharedTime time.Duration
}

func main() {
	var o options
	flag.StringVar(&o.bin, "bin", "", "the optirace binary to serve (required)")
	flag.IntVar(&o.sessions, "sessions", 200, "sandbox sessions")
	flag.IntVar(&o.viewers, "viewers", 100, "viewers of the shared race (0 skips it)")
	flag.IntVar(&o.width, "width", 120, "terminal columns")
	flag.IntVar(&o.height, "height", 40, "terminal rows")
	flag.Float64Var(&o.rate, "rate", 5, "steps per second, per sandbox session and for the presenter")
	flag.DurationVar(&o.duration, "duration", 30*time.Second, "how long the sandbox sessions step")
	flag.DurationVar(&o.sharedTime, "shared-duration", 20*time.Second, "how long the presenter steps")
	flag.Parse()
	if o.bin == "" || o.sessions < 1 || o.rate <= 0 || o.duration <= 0 {
		fmt.Fprintln(os.Stderr, "load: -bin is required; -sessions, -rate, -duration must be positive")
		os.Exit(2)
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	fmt.Printf("machine: %d CPUs; server %s; %d×%d terminals\n\n", numCPU(), o.bin, o.width, o.height)
	if err := sandbox(o); err != nil {
		return fmt.Errorf("sandbox: %w", err)
	}
	if o.viewers > 0 {
		if err := shared(o); err != nil {
			return fmt.Errorf("shared: %w", err)
		}
	}
	return nil
}

// serverProc is optirace serve running as a child process.
type serverProc struct {
	cmd  *exec.Cmd
	addr string
	dir  string
}

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
	wire atomic.Int64
}

// connect opens n sessions, 20 at a time, each showing its first frame.
func connect(addr string, n int, o options, auth func(i int) []gossh.AuthMethod) ([]*client, error) {
	clients := make([]*client, n)
	errs := make(chan error, n)
	sem := make(chan struct{}, 20)
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
			tc, err := termclient.Dial(ctx, addr, termclient.Options{Width: o.width, Height: o.height, Auth: a, Dial: counting(&c.wire)})
			if err != nil {
				errs <- err
				return
			}
			c.Client = tc
			if _, err := tc.WaitForText(ctx, 0, atStep(0)); err != nil {
				errs <- err
				return
			}
			clients[i] = c
		}()
	}
	wg.Wait()
	close(errs)
	return clients, <-errs
}

// sample is one step's measurements.
type sample struct {
	latency     time.Duration
	bytes, wire int64
}

func sandbox(o options) error {
	sp, err := startServer(o.bin)
	if err != nil {
		return err
	}
	defer sp.stop()
	rss0, err := rss(sp.cmd.Process.Pid)
	if err != nil {
		return err
	}
	began := time.Now()
	clients, err := connect(sp.addr, o.sessions, o, nil)
	if err != nil {
		return err
	}
	joined := time.Since(began)
	rss1, _ := rss(sp.cmd.Process.Pid)

	cpu0, _ := cpuTime(sp.cmd.Process.Pid)
	self0, _ := cpuTime(os.Getpid())
	interval := time.Duration(float64(time.Second) / o.rate)
	samples := make([][]sample, len(clients))
	var missed atomic.Int64
	var peak atomic.Int64
	stopRSS := make(chan struct{})
	go func() {
		tick := time.NewTicker(500 * time.Millisecond)
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

	var all []sample
	for _, s := range samples {
		all = append(all, s...)
	}
	if len(all) == 0 {
		return errors.New("no step reached its frame")
	}
	lat := make([]time.Duration, len(all))
	bytes := make([]int64, len(all))
	wire := make([]int64, len(all))
	for i, s := range all {
		lat[i], bytes[i], wire[i] = s.latency, s.bytes, s.wire
	}
	repaint, repaintWire := fullRepaint(clients[:min(10, len(clients))], o)
	fmt.Printf("## sandbox: %d sessions at %d×%d, step %.0f×/s each for %v\n\n", o.sessions, o.width, o.height, o.rate, o.duration)
	fmt.Printf("| measure | value |\n|---|---:|\n")
	fmt.Printf("| sessions joined (first frame each) | %d in %v |\n", len(clients), joined.Round(time.Millisecond))
	fmt.Printf("| steps measured | %d (%.0f/s; %d lost) |\n", len(all), float64(len(all))/elapsed.Seconds(), missed.Load())
	fmt.Printf("| keypress→frame p50 | %v |\n", pct(lat, 50).Round(100*time.Microsecond))
	fmt.Printf("| keypress→frame p99 | %v |\n", pct(lat, 99).Round(100*time.Microsecond))
	fmt.Printf("| keypress→frame max | %v |\n", slices.Max(lat).Round(time.Millisecond))
	fmt.Printf("| server RSS before sessions | %.1f MiB |\n", mib(rss0))
	fmt.Printf("| server RSS, sessions idle | %.1f MiB (%.0f KiB per session) |\n", mib(rss1), kib(rss1-rss0)/float64(len(clients)))
	fmt.Printf("| server RSS, peak under load | %.1f MiB (%.0f KiB per session) |\n", mib(max(peak.Load(), rss2)), kib(max(peak.Load(), rss2)-rss0)/float64(len(clients)))
	fmt.Printf("| server CPU under load | %.2f cores of %d |\n", (cpu1-cpu0).Seconds()/elapsed.Seconds(), numCPU())
	fmt.Printf("| load generator CPU (same machine) | %.2f cores |\n", (self1-self0).Seconds()/elapsed.Seconds())
	fmt.Printf("| bytes per step frame, median (p99) | %d (%d) B terminal output; %d (%d) B on the wire |\n",
		pctInt(bytes, 50), pctInt(bytes, 99), pctInt(wire, 50), pctInt(wire, 99))
	fmt.Printf("| bytes of a full repaint of the same frame | %d B terminal output; %d B on the wire |\n", repaint, repaintWire)
	shutdown := sp.stop()
	fmt.Printf("| SIGTERM → exit with %d sessions | %v |\n\n", len(clients), shutdown.Round(time.Millisecond))
	for _, c := range clients {
		_ = c.Close()
	}
	return nil
}

// fullRepaint measures a full repaint of the current frame: a window
// change, even to the same size, makes bubbletea redraw every line.
func fullRepaint(clients []*client, o options) (int64, int64) {
	var bytes, wire []int64
	for _, c := range clients {
		// First a step-free frame: wait for any pending output to settle by
		// asking for the repaint and waiting for its last line.
		mark, w := c.Mark(), c.wire.Load()
		if err := c.Resize(o.width, o.height); err != nil {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		m, err := c.WaitForText(ctx, mark, "Leaderboard", "t = ")
		cancel()
		if err == nil {
			bytes = append(bytes, int64(m-mark))
			wire = append(wire, c.wire.Load()-w)
		}
	}
	if len(bytes) == 0 {
		return 0, 0
	}
	return pctInt(bytes, 50), pctInt(wire, 50)
}

func shared(o options) error {
	dir, err := os.MkdirTemp("", "optirace-load-key-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir) //nolint:errcheck // a temporary folder
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		return err
	}
	keyFile := filepath.Join(dir, "presenter.pub")
	if err := os.WriteFile(keyFile, gossh.MarshalAuthorizedKey(signer.PublicKey()), 0o600); err != nil {
		return err
	}
	sp, err := startServer(o.bin, "--shared", "--presenter-key", keyFile)
	if err != nil {
		return err
	}
	defer sp.stop()
	viewers, err := connect(sp.addr, o.viewers, o, func(int) []gossh.AuthMethod {
		return []gossh.AuthMethod{gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })}
	})
	if err != nil {
		return err
	}
	presenters, err := connect(sp.addr, 1, o, func(int) []gossh.AuthMethod { return []gossh.AuthMethod{gossh.PublicKeys(signer)} })
	if err != nil {
		return err
	}
	presenter := presenters[0]
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
	for _, c := range append(viewers, presenter) {
		_ = c.Close()
	}
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

package server

import (
	"cmp"
	"container/list"
	"net"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
)

// trackedConn is a client's TCP connection, counted so that the number of
// open connections stays bounded, and closed once it has had no session for
// the server's noSession time: a client that never finishes the handshake, or
// keeps a connection open without a session, cannot hold a place forever.
type trackedConn struct {
	net.Conn
	srv *Server
	// place is the connection's place in srv.open, oldest first; nil once
	// it is closed or evicted. It is guarded by srv.connMu.
	place *list.Element

	mu       sync.Mutex
	sessions int // sessions being handled
	channels int // session channels open, up to maxChannelsPerConn
	idle     *time.Timer
	closed   sync.Once
}

type connKey struct{}

// acceptConn is the ssh.ConnCallback: it counts the connection. At the
// ceiling it makes room by closing a connection that has no session (one
// still handshaking or authenticating, or whose sessions ended), so that
// idle connections can never lock real clients out; only when every open
// connection has a session is the new one refused.
func (srv *Server) acceptConn(ctx ssh.Context, c net.Conn) net.Conn {
	tc := &trackedConn{Conn: c, srv: srv}
	srv.connMu.Lock()
	var evicted *trackedConn
	if srv.open.Len() >= srv.connCeiling() {
		if evicted = srv.evictableLocked(); evicted == nil {
			n := srv.open.Len()
			srv.connMu.Unlock()
			srv.refusedConns.note("remote-addr", c.RemoteAddr().String(), "connections", n)
			return nil
		}
		srv.forgetLocked(evicted)
	}
	tc.place = srv.open.PushBack(tc)
	srv.conns.Add(1)
	tc.mu.Lock() // the timer may fire before the assignment
	tc.idle = time.AfterFunc(srv.noSession, func() { _ = tc.Close() })
	tc.mu.Unlock()
	srv.connMu.Unlock()
	if evicted != nil {
		_ = evicted.Close()
		srv.evictedConns.note("remote-addr", evicted.RemoteAddr().String(), "for", c.RemoteAddr().String())
	}
	ctx.SetValue(connKey{}, tc)
	return tc
}

// evictableLocked returns the connection without a session to close for a
// new one, or nil if every connection has a session: the oldest of those
// from the address that holds the most, so that a client churning
// connections evicts its own before a student's who is still typing a
// password (behind one NAT address, simply the oldest).
func (srv *Server) evictableLocked() *trackedConn {
	var free []*trackedConn
	perHost := map[string]int{}
	for e := srv.open.Front(); e != nil; e = e.Next() {
		c, _ := e.Value.(*trackedConn)
		c.mu.Lock()
		if c.sessions == 0 {
			free = append(free, c)
			perHost[hostOf(c.RemoteAddr())]++
		}
		c.mu.Unlock()
	}
	var victim *trackedConn
	for _, c := range free { // oldest first: the first of the most wins
		if victim == nil || perHost[hostOf(c.RemoteAddr())] > perHost[hostOf(victim.RemoteAddr())] {
			victim = c
		}
	}
	return victim
}

// forgetLocked stops counting c.
func (srv *Server) forgetLocked(c *trackedConn) {
	if c.place != nil {
		srv.open.Remove(c.place)
		c.place = nil
		srv.conns.Add(-1)
	}
}

// connCeiling is the most connections open at once: every session, the
// presenter's reserved one, and room for clients still authenticating or
// being told that the server is full.
func (srv *Server) connCeiling() int {
	return cmp.Or(srv.cfg.hooks.connCeiling, srv.cfg.MaxSessions+1+connSlack)
}

// Close implements net.Conn.
func (c *trackedConn) Close() error {
	c.closed.Do(func() {
		c.mu.Lock()
		c.idle.Stop()
		c.mu.Unlock()
		c.srv.connMu.Lock()
		c.srv.forgetLocked(c)
		c.srv.connMu.Unlock()
	})
	return c.Conn.Close()
}

// openChannel counts a session channel in, unless maxChannelsPerConn are
// open already.
func (c *trackedConn) openChannel() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.channels >= maxChannelsPerConn {
		return false
	}
	c.channels++
	return true
}

func (c *trackedConn) closeChannel() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.channels--
}

func (c *trackedConn) sessionStarted() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sessions++
	c.idle.Stop()
}

func (c *trackedConn) sessionEnded() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sessions--
	if c.sessions == 0 {
		c.idle.Reset(c.srv.noSession)
	}
}

// connOf returns the tracked connection a session runs on.
func connOf(s ssh.Session) *trackedConn {
	tc, _ := s.Context().Value(connKey{}).(*trackedConn)
	return tc
}

package server

import (
	"net"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
)

// trackedConn is a client's TCP connection, counted so that the number of
// open connections stays bounded, and closed once it has had no session for
// the server's noSession time: a client that never finishes the handshake, or keeps a
// connection open without a session, cannot hold a place forever.
type trackedConn struct {
	net.Conn
	srv *Server

	mu       sync.Mutex
	sessions int
	idle     *time.Timer
	closed   sync.Once
}

type connKey struct{}

// acceptConn is the ssh.ConnCallback: it counts the connection and refuses
// it outright when even the room kept for telling clients "server full" is
// used up.
func (srv *Server) acceptConn(ctx ssh.Context, c net.Conn) net.Conn {
	if n := srv.conns.Add(1); n > int64(srv.connCeiling()) {
		srv.conns.Add(-1)
		srv.log.Warn("refused connection: too many open", "remote-addr", c.RemoteAddr(), "connections", n-1)
		return nil
	}
	tc := &trackedConn{Conn: c, srv: srv}
	tc.mu.Lock() // the timer may fire before the assignment
	tc.idle = time.AfterFunc(srv.noSession, func() { _ = tc.Close() })
	tc.mu.Unlock()
	ctx.SetValue(connKey{}, tc)
	return tc
}

// connCeiling is the most connections open at once: every session, and room
// for clients still authenticating or being told that the server is full.
func (srv *Server) connCeiling() int { return srv.cfg.MaxSessions + connSlack }

// Close implements net.Conn.
func (c *trackedConn) Close() error {
	c.closed.Do(func() {
		c.mu.Lock()
		c.idle.Stop()
		c.mu.Unlock()
		c.srv.conns.Add(-1)
	})
	return c.Conn.Close()
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

package server

import (
	"net"
	"testing"

	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish/ratelimiter"
	"golang.org/x/time/rate"
)

// fromAddr is a session seen only through its remote address.
type fromAddr struct {
	ssh.Session
	addr net.Addr
}

func (f fromAddr) RemoteAddr() net.Addr { return f.addr }

// TestDefaultRateLetsAClassJoinThroughOneNAT: 60 students behind one address
// all join at once; the 61st is refused; another address is not affected.
func TestDefaultRateLetsAClassJoinThroughOneNAT(t *testing.T) {
	t.Parallel()
	l := ratelimiter.NewRateLimiter(rate.Limit(DefaultRateLimit), DefaultRateBurst, rateLimitEntries)
	nat := fromAddr{addr: &net.TCPAddr{IP: net.IPv4(192, 0, 2, 1), Port: 1}}
	for i := range 60 {
		if err := l.Allow(nat); err != nil {
			t.Fatalf("student %d refused: %v", i+1, err)
		}
	}
	if err := l.Allow(nat); err == nil {
		t.Error("the 61st session in the same instant was let in")
	}
	if err := l.Allow(fromAddr{addr: &net.TCPAddr{IP: net.IPv4(192, 0, 2, 2), Port: 1}}); err != nil {
		t.Errorf("another address refused: %v", err)
	}
}

#!/usr/bin/env python3
"""Time from starting optirace on a pseudo-terminal to its first frame.

    python3 bench/startup.py BINARY [RUNS]

The terminal is 80x24 and a session leader's controlling terminal, as in a
shell. By default it answers no queries (a terminal that answers nothing);
with ANSWER=1 it answers DA1 and the background colour at once, as a local
terminal emulator does. Prints each run and the median, in milliseconds.
"""
import fcntl, os, pty, select, statistics, struct, sys, termios, time

def run(binary, answer):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ['TERM'] = 'xterm-256color'
        os.environ.pop('CI', None)
        os.execv(binary, [binary])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 80, 0, 0))
    t0, out, answered = time.monotonic(), b'', 0
    try:
        while time.monotonic() - t0 < 10:
            if not select.select([fd], [], [], 0.01)[0]:
                continue
            out += os.read(fd, 65536)
            while answer and out.count(b'\x1b[c') > answered:
                colour = b'' if answered == 0 else b'\x1b]11;rgb:ffff/ffff/ffff\x1b\\'
                os.write(fd, colour + b'\x1b[?62;22c')
                answered += 1
            if answer and b'\x1b]11;?' in out and b'\x1b[6n' in out and answered == 0:
                os.write(fd, b'\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[1;1R')  # termenv's DSR
                answered = 1
            if b'paused 5/s' in out:
                return (time.monotonic() - t0) * 1000
        return float('inf')
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)

if __name__ == '__main__':
    binary, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 9
    answer = os.environ.get('ANSWER') == '1'
    ms = [run(binary, answer) for _ in range(runs)]
    print(' '.join('%.0f' % m for m in ms), '· median %.0f ms' % statistics.median(ms))

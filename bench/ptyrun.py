#!/usr/bin/env python3
"""Runs a command in a real pseudo-terminal for the bench and speaks a line protocol.

usage: ptyrun.py COLS ROWS [--discard] -- CMD ARGS...
stdout lines:  S <t_ns> <pid>      spawned (t taken just before the fork)
               O <t_ns> <base64>   output read from the terminal (not sent with --discard)
               K <t_ns>            a key write finished
               X <t_ns> <status>   the command ended
stdin lines:   K <base64>          write bytes to the terminal (keys)
               T                   SIGTERM the command
All times are CLOCK_MONOTONIC nanoseconds (the same clock as node's process.hrtime).
When stdin closes (the bench died), the command is killed.
"""
import base64, fcntl, os, pty, select, signal, struct, sys, termios, time

def main():
    cols, rows = int(sys.argv[1]), int(sys.argv[2])
    rest = sys.argv[3:]
    discard = False
    if rest and rest[0] == '--discard':
        discard, rest = True, rest[1:]
    if rest and rest[0] == '--':
        rest = rest[1:]
    out = sys.stdout.buffer
    def say(s):
        out.write(s.encode() + b'\n')
        out.flush()
    t0 = time.monotonic_ns()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
        os.execvp(rest[0], rest)
    say('S %d %d' % (t0, pid))
    stdin = sys.stdin.fileno()
    inbuf = b''
    watching = [fd, stdin]
    while True:
        r, _, _ = select.select(watching, [], [])
        if fd in r:
            try:
                data = os.read(fd, 65536)
            except OSError:
                data = b''
            t = time.monotonic_ns()
            if not data:
                break
            if not discard:
                say('O %d %s' % (t, base64.b64encode(data).decode()))
        if stdin in r:
            chunk = os.read(stdin, 65536)
            if not chunk:
                os.kill(pid, signal.SIGKILL)
                watching = [fd]
                continue
            inbuf += chunk
            while b'\n' in inbuf:
                line, inbuf = inbuf.split(b'\n', 1)
                if line.startswith(b'K '):
                    os.write(fd, base64.b64decode(line[2:]))
                    say('K %d' % time.monotonic_ns())
                elif line == b'T':
                    try:
                        os.kill(pid, signal.SIGTERM)
                    except ProcessLookupError:
                        pass
    _, status = os.waitpid(pid, 0)
    say('X %d %d' % (time.monotonic_ns(), status))

main()

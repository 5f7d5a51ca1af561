/**
 * A half-hung engine: a unix socket in front of the real engine that passes every request through
 * (streams too: /events) except those whose path matches `hang`, which it accepts and never answers
 * (a daemon stuck behind containerd). It counts the hung requests still open (the client has not
 * given them up) and can vanish: every connection torn down, the socket gone.
 */
import {createServer, request, type IncomingMessage, type ServerResponse} from 'node:http';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {Socket} from 'node:net';

export interface HangProxy {
	sock: string;
	host: string;
	/** paths (after the /v1.xx prefix) that are accepted and never answered; null: none */
	hang: RegExp | null;
	/** paths answered only after `ms` (slow, not hung) */
	slow: {path: RegExp; ms: number} | null;
	/** hung requests the client has not closed */
	open(): number;
	/** hung requests seen so far, by path */
	seen: string[];
	/** tear every connection down (hung ones first) */
	vanish(): void;
	close(): Promise<void>;
}

export async function hangProxy(upstream = '/var/run/docker.sock'): Promise<HangProxy> {
	const dir = mkdtempSync(join(tmpdir(), 'berth-hung-proxy-'));
	const sock = join(dir, 'engine.sock');
	const sockets = new Set<Socket>();
	const upstreams = new Set<ReturnType<typeof request>>();
	const hung = new Set<ServerResponse>();
	const seen: string[] = [];
	const p: HangProxy = {
		sock,
		host: `unix://${sock}`,
		hang: null,
		slow: null,
		open: () => hung.size,
		seen,
		vanish() {
			for (const s of sockets) s.destroy();
		},
		close: () =>
			new Promise<void>((r) => {
				for (const s of sockets) s.destroy();
				for (const u of upstreams) u.destroy();
				server.close(() => {
					rmSync(dir, {recursive: true, force: true});
					r();
				});
			}),
	};
	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		const path = (req.url ?? '').replace(/^\/v\d+\.\d+/, '');
		if (p.hang?.test(path)) {
			seen.push(path);
			hung.add(res);
			res.on('close', () => hung.delete(res));
			return; // read, never answered
		}
		const delay = p.slow?.path.test(path) ? p.slow.ms : 0;
		const forward = () => {
			// a slow request whose client gave up while it waited: nothing to forward (an upstream
			// request made now would hold its answer, and this process, open for good)
			if (res.destroyed || res.writableEnded) return;
			const up = request({socketPath: upstream, path: req.url, method: req.method, headers: req.headers}, (ur) => {
				res.writeHead(ur.statusCode ?? 502, ur.headers);
				ur.pipe(res);
			});
			upstreams.add(up);
			up.on('close', () => upstreams.delete(up));
			up.on('error', () => res.destroy());
			res.on('close', () => up.destroy());
			req.pipe(up);
		};
		if (delay) setTimeout(forward, delay);
		else forward();
	});
	server.on('connection', (s: Socket) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	await new Promise<void>((r) => server.listen(sock, r));
	return p;
}

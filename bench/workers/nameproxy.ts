/**
 * An HTTP proxy in front of the engine's unix socket that drops containers without a name from
 * `GET /containers/json` (everything else passes through untouched, streams included).
 *
 * Why: lazydocker v0.23.3 reads `Names[0]` of every listed container and panics on a container
 * the engine lists with no name, which it does while a removal is in progress. On an engine shared
 * with test suites that create and remove containers all the time, lazydocker dies within seconds.
 * The bench falls back to this proxy only when lazydocker died on its own; this process's CPU is
 * not added to lazydocker's (its figure is then, if anything, low: the comparison stays fair to it).
 *
 * usage: nameproxy.ts ENGINE_SOCK LISTEN_SOCK; prints {ready} then serves until SIGTERM.
 */
import {createServer, request} from 'node:http';
import {rmSync} from 'node:fs';

const [engine, listen] = process.argv.slice(2) as [string, string];
const LIST = /^\/(v[\d.]+\/)?containers\/json(\?|$)/;
let dropped = 0;

const server = createServer((req, res) => {
	const up = request({socketPath: engine, method: req.method, path: req.url, headers: req.headers}, (ur) => {
		if (req.method === 'GET' && LIST.test(req.url ?? '') && ur.statusCode === 200) {
			const parts: Buffer[] = [];
			ur.on('data', (b: Buffer) => parts.push(b));
			ur.on('end', () => {
				let body = Buffer.concat(parts);
				try {
					const list = JSON.parse(body.toString('utf8')) as Array<{Names?: string[] | null}>;
					const kept = list.filter((c) => Array.isArray(c.Names) && c.Names.length > 0);
					dropped += list.length - kept.length;
					body = Buffer.from(JSON.stringify(kept));
				} catch {
					// not JSON: pass it on as it came
				}
				const headers = {...ur.headers};
				delete headers['transfer-encoding'];
				headers['content-length'] = String(body.length);
				res.writeHead(200, headers);
				res.end(body);
			});
			return;
		}
		res.writeHead(ur.statusCode ?? 502, ur.headers);
		ur.pipe(res);
	});
	up.on('error', () => res.destroy());
	res.on('close', () => {
		if (!res.writableFinished) up.destroy();
	});
	req.pipe(up);
});
server.requestTimeout = 0;
server.headersTimeout = 0;
server.keepAliveTimeout = 60_000;
rmSync(listen, {force: true});
server.listen(listen, () => process.stdout.write(JSON.stringify({ready: listen}) + '\n'));
process.on('SIGTERM', () => {
	process.stdout.write(JSON.stringify({dropped}) + '\n', () => process.exit(0));
});

/**
 * A registry (distribution API v2, plain HTTP on 127.0.0.1 — the engine treats 127.0.0.0/8 as an
 * insecure registry) serving one image of fresh random layers, so a pull really downloads. With
 * `basic` set it answers 401 + a Basic challenge until the right credentials come, and records
 * every Authorization header it saw.
 */
import {createHash, randomBytes} from 'node:crypto';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {gzipSync} from 'node:zlib';

const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** A one-file ustar archive (enough for a layer). */
function tarOf(name: string, body: Buffer): Buffer {
	const h = Buffer.alloc(512);
	h.write(name, 0, 'utf8');
	h.write('0000644\0', 100);
	h.write('0000000\0', 108);
	h.write('0000000\0', 116);
	h.write(body.length.toString(8).padStart(11, '0') + '\0', 124);
	h.write('14000000000\0', 136);
	h.write('        ', 148);
	h.write('0', 156);
	h.write('ustar\0', 257);
	h.write('00', 263);
	let sum = 0;
	for (const b of h) sum += b;
	h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
	const pad = Buffer.alloc((512 - (body.length % 512)) % 512);
	return Buffer.concat([h, body, pad, Buffer.alloc(1024)]);
}

export interface FakeRegistry {
	port: number;
	host: string;
	/** repo name served (any name is answered with the one image) */
	layerIds: string[];
	authorizations: string[];
	close(): Promise<void>;
}

export async function startFakeRegistry(opts: {basic?: {user: string; password: string}; layerBytes?: number; labels?: Record<string, string>} = {}): Promise<FakeRegistry> {
	const layers = [0, 1].map((i) => {
		const tar = tarOf(`bt-layer-${i}.bin`, randomBytes(opts.layerBytes ?? 600_000));
		const gz = gzipSync(tar, {level: 0});
		return {diffId: sha(tar), digest: sha(gz), gz};
	});
	const config = Buffer.from(
		JSON.stringify({
			architecture: 'amd64',
			os: 'linux',
			created: '2026-01-01T00:00:00Z',
			config: {Cmd: ['/bin/sh'], Labels: opts.labels ?? {}},
			rootfs: {type: 'layers', diff_ids: layers.map((l) => l.diffId)},
			history: [
				{created: '2026-01-01T00:00:00Z', created_by: 'berth test layer 0'},
				{created: '2026-01-01T00:00:00Z', created_by: 'berth test layer 1'},
			],
		}),
	);
	const configDigest = sha(config);
	const manifest = Buffer.from(
		JSON.stringify({
			schemaVersion: 2,
			mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
			config: {mediaType: 'application/vnd.docker.container.image.v1+json', size: config.length, digest: configDigest},
			layers: layers.map((l) => ({mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: l.gz.length, digest: l.digest})),
		}),
	);
	const blobs = new Map<string, Buffer>([[configDigest, config], ...layers.map((l): [string, Buffer] => [l.digest, l.gz])]);
	const authorizations: string[] = [];
	const want = opts.basic ? `Basic ${Buffer.from(`${opts.basic.user}:${opts.basic.password}`).toString('base64')}` : null;
	const server: Server = createServer((req, res) => {
		const auth = req.headers.authorization;
		if (auth) authorizations.push(auth);
		res.setHeader('Docker-Distribution-Api-Version', 'registry/2.0');
		if (want && auth !== want) {
			res.writeHead(401, {'WWW-Authenticate': 'Basic realm="berth-test"', 'Content-Type': 'application/json'});
			res.end(JSON.stringify({errors: [{code: 'UNAUTHORIZED', message: 'authentication required'}]}));
			return;
		}
		const url = req.url ?? '';
		const send = (body: Buffer, type: string, digest?: string) => {
			res.writeHead(200, {'Content-Type': type, 'Content-Length': body.length, ...(digest ? {'Docker-Content-Digest': digest} : {})});
			res.end(req.method === 'HEAD' ? undefined : body);
		};
		if (url === '/v2/' || url === '/v2') return send(Buffer.from('{}'), 'application/json');
		const m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url);
		if (m) return send(manifest, 'application/vnd.docker.distribution.manifest.v2+json', sha(manifest));
		const b = /^\/v2\/(.+)\/blobs\/(sha256:[0-9a-f]{64})$/.exec(url);
		const blob = b ? blobs.get(b[2]!) : undefined;
		if (blob) return send(blob, 'application/octet-stream', b![2]);
		res.writeHead(404, {'Content-Type': 'application/json'});
		res.end(JSON.stringify({errors: [{code: 'NOT_FOUND', message: 'not here'}]}));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;
	return {
		port,
		host: `127.0.0.1:${port}`,
		layerIds: layers.map((l) => l.digest.slice('sha256:'.length, 'sha256:'.length + 12)),
		authorizations,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

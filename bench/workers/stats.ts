/**
 * Stats worker: one engine-layer stats stream (watchStats, as the dashboard opens it) per given container id (the containers
 * visible on berth's screen). Prints one JSON line per sample arrival: {i, t} (t in monotonic ms).
 */
import {connectEngine} from '../../source/engine/connection.js';
import {watchStats} from '../../source/engine/stats.js';

async function main() {
	const ids = process.argv.slice(2);
	const engine = await connectEngine({timeoutMs: 10_000});
	const ac = new AbortController();
	process.on('SIGTERM', () => {
		ac.abort();
		process.exit(0);
	});
	process.stdout.write(JSON.stringify({ready: ids.length}) + '\n');
	await Promise.all(
		ids.map(async (id, i) => {
			await watchStats(engine, id, ac.signal, () => {
				process.stdout.write(`{"i":${i},"t":${Number(process.hrtime.bigint() / 1000n) / 1000}}\n`);
			});
		}),
	);
}

main().catch((err: unknown) => {
	process.stderr.write(`stats worker: ${(err as Error).stack ?? String(err)}\n`);
	process.exit(1);
});

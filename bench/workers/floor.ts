/**
 * The floor under berth's stats CPU: a bare Node process holding the same stats streams berth
 * holds (the dashboard's own engine-layer call, watchStats), doing nothing with the samples but
 * count them. Prints {ready} once the streams are asked for, {samples} on SIGTERM.
 */
import {connectEngine} from '../../source/engine/connection.js';
import {watchStats} from '../../source/engine/stats.js';

async function main() {
	const ids = process.argv.slice(2);
	const engine = await connectEngine({timeoutMs: 10_000});
	const ac = new AbortController();
	let samples = 0;
	process.on('SIGTERM', () => {
		ac.abort();
		process.stdout.write(JSON.stringify({samples}) + '\n', () => process.exit(0));
	});
	for (const id of ids) void watchStats(engine, id, ac.signal, () => samples++).catch(() => undefined);
	process.stdout.write(JSON.stringify({ready: ids.length}) + '\n');
}

main().catch((err: unknown) => {
	process.stderr.write(`floor worker: ${(err as Error).stack ?? String(err)}\n`);
	process.exit(1);
});

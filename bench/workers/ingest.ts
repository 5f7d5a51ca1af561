/**
 * Ingestion worker: follows one container's logs through the engine layer (containerLogs) and
 * reports the running line count every 250 ms as JSON lines. The bench measures its CPU and RSS
 * from /proc. Lines are counted and dropped (the engine layer holds none).
 */
import {connectEngine} from '../../source/engine/connection.js';
import {containerLogs} from '../../source/engine/logs.js';

async function main() {
	const id = process.argv[2];
	if (!id) throw new Error('usage: ingest.ts <container id>');
	const engine = await connectEngine({timeoutMs: 10_000});
	const ac = new AbortController();
	process.on('SIGTERM', () => {
		ac.abort();
		process.exit(0);
	});
	let lines = 0;
	let bytes = 0;
	const report = () => process.stdout.write(JSON.stringify({t: Number(process.hrtime.bigint() / 1000n) / 1000, lines, bytes}) + '\n');
	setInterval(report, 250);
	const it = await containerLogs(engine, id, {signal: ac.signal, tail: 0, follow: true});
	report();
	for await (const batch of it) {
		lines += batch.length;
		for (const l of batch) bytes += l.text.length;
	}
}

main().catch((err: unknown) => {
	process.stderr.write(`ingest worker: ${(err as Error).stack ?? String(err)}\n`);
	process.exit(1);
});

/**
 * Sockets berth holds to the engine's unix socket: at most visible stats streams + followed logs
 * + 2, during 1,000 selection switches, and back to the baseline afterwards.
 */
import {benchEngine} from '../containers.js';
import {openBerth, quit, type Ctx} from '../context.js';
import {namesIn} from '../frames.js';
import {engineSocketCount} from '../proc.js';
import type {Figure} from '../report.js';
import {sleep} from '../stats.js';

export async function sockets(ctx: Ctx): Promise<Figure[]> {
	const {docker} = await benchEngine();
	const running = (await docker.listContainers()).map((c) => (c.Names[0] ?? '').replace(/^\//, ''));
	const {tui} = await openBerth(ctx);
	try {
		await sleep(2000);
		const count = () => engineSocketCount(tui.pid, ctx.sock);
		const baseline = count();
		let peak = baseline;
		let peakVisible = namesIn(tui.last?.text ?? '', running).length;
		const switches = 1000;
		for (let i = 0; i < switches; i++) {
			// down 20, up 20, …: every press moves the selection
			await tui.key(Math.floor(i / 20) % 2 === 0 ? 'j' : 'k');
			await sleep(4);
			if (i % 50 === 49) {
				peak = Math.max(peak, count());
				peakVisible = Math.max(peakVisible, namesIn(tui.last?.text ?? '', running).length);
			}
		}
		await sleep(2000);
		const after = count();
		const followed = 0;
		const bound = peakVisible + followed + 2;
		ctx.log(`sockets: baseline ${baseline}, peak ${peak} (bound ${bound}: ${peakVisible} visible running), after ${after}`);
		return [
			{
				id: 'sockets-peak',
				label: `sockets to the engine during ${switches} selection switches (peak)`,
				value: peak,
				unit: '',
				target: `≤ visible ${peakVisible} + logs ${followed} + 2 = ${bound}`,
				pass: peak <= bound,
				detail: {baseline, after, visibleRunning: peakVisible, sampledEvery: 50},
			},
			{
				id: 'sockets-after',
				label: `sockets after ${switches} selection switches, minus the baseline (${baseline})`,
				value: after - baseline,
				unit: '',
				target: '≤ 0 (back to baseline)',
				pass: after <= baseline,
			},
		];
	} finally {
		await quit(tui);
	}
}

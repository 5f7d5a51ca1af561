/**
 * Sockets berth holds to the engine's unix socket: at most visible stats streams + followed logs
 * + 2, during 1,000 selection switches, and back to the baseline afterwards.
 */
import {benchEngine} from '../containers.js';
import {openBerth, quit, type Ctx} from '../context.js';
import {namesIn, stripAnsi} from '../frames.js';
import {engineSocketCount} from '../proc.js';
import type {Figure} from '../report.js';
import {sleep} from '../stats.js';

interface Running {
	name: string;
	project: string;
	service: string;
}

/**
 * Running containers berth may stream stats for with this frame on screen: the visible container
 * rows, plus every member of a visible group row (a project, a service, or "standalone"), whose
 * total it shows.
 */
export function wantedStreams(frame: string, running: Running[]): number {
	const want = new Set(namesIn(frame, running.map((r) => r.name)));
	for (const line of stripAnsi(frame).split('\n')) {
		const m = /^\s*[▾▸]\s+(\S+)/.exec(line);
		if (!m) continue;
		const g = m[1]!;
		for (const r of running) {
			if (r.project === g || (r.project && r.service === g) || (g === 'standalone' && !r.project)) want.add(r.name);
		}
	}
	return want.size;
}

export async function sockets(ctx: Ctx): Promise<Figure[]> {
	const {docker} = await benchEngine();
	const running: Running[] = (await docker.listContainers()).map((c) => ({
		name: (c.Names[0] ?? '').replace(/^\//, ''),
		project: c.Labels['com.docker.compose.project'] ?? '',
		service: c.Labels['com.docker.compose.service'] ?? '',
	}));
	const {tui} = await openBerth(ctx);
	try {
		const count = () => engineSocketCount(tui.pid, ctx.sock);
		await sleep(1000);
		// right after start-up the list's inspect burst leaves idle keep-alive sockets (node's agent
		// frees them after 5 s): counted apart, the baseline is taken once they are gone
		const early = count();
		await sleep(ctx.quick ? 5000 : 8000);
		const baseline = count();
		let peak = baseline;
		let peakVisible = wantedStreams(tui.last?.text ?? '', running);
		const switches = 1000;
		for (let i = 0; i < switches; i++) {
			// down 20, up 20, …: every press moves the selection
			await tui.key(Math.floor(i / 20) % 2 === 0 ? 'j' : 'k');
			await sleep(4);
			if (i % 50 === 49) {
				peak = Math.max(peak, count());
				peakVisible = Math.max(peakVisible, wantedStreams(tui.last?.text ?? '', running));
			}
		}
		await sleep(2000);
		const after = count();
		// the containers pane may show a log preview of the selection: one followed log
		const followed = 1;
		const bound = peakVisible + followed + 2;
		ctx.log(`sockets: ${early} at 1 s, baseline ${baseline}, peak ${peak} (bound ${bound}: ${peakVisible} running on screen or in a visible total), after ${after}`);
		return [
			{
				id: 'sockets-peak',
				label: `sockets to the engine during ${switches} selection switches (peak)`,
				value: peak,
				unit: '',
				target: `≤ stats streams for what is visible ${peakVisible} + logs ${followed} + 2 = ${bound}`,
				pass: peak <= bound,
				detail: {earlyAt1s: early, baseline, after, wantedStreams: peakVisible, sampledEvery: 50},
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

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
import {dockerOf} from '../../source/engine/client.js';

interface Running {
	name: string;
	project: string;
	service: string;
}

/**
 * Running containers berth may stream stats for with this frame on screen: the visible container
 * rows, plus every member of a visible group row (a project or a service), whose total it shows.
 * The "standalone" row shows no total: its members count only as visible rows.
 */
export function wantedStreams(frame: string, running: Running[]): number {
	const want = new Set(namesIn(frame, running.map((r) => r.name)));
	for (const line of stripAnsi(frame).split('\n')) {
		const m = /^\s*[▾▸]\s+(\S+)/.exec(line);
		if (!m) continue;
		const g = m[1]!;
		for (const r of running) {
			if ((r.project && r.project === g) || (r.project && r.service === g)) want.add(r.name);
		}
	}
	return want.size;
}

/** Containers whose logs the log pane / preview follows, from its title ("logs · project x (6) following"). */
export function followedLogs(frame: string): number {
	const title = stripAnsi(frame)
		.split('\n')
		.find((l) => /^\s*logs · /.test(l));
	if (!title || !title.includes('following') || title.includes('not following')) return 0;
	const n = /\((\d+)\)\s+following/.exec(title);
	return n ? Number(n[1]) : 1;
}

/** The socket bound for one frame: stats streams for what is visible + followed logs + 2. */
const boundOf = (frame: string, running: Running[]) => ({streams: wantedStreams(frame, running), logs: followedLogs(frame)});

export async function sockets(ctx: Ctx): Promise<Figure[]> {
	const docker = dockerOf(await benchEngine());
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
		// each sample: the count, and the bound for the frame on screen at that moment
		const sample = () => ({count: count(), ...boundOf(tui.last?.text ?? '', running)});
		const excess = (x: {count: number; streams: number; logs: number}) => x.count - (x.streams + x.logs + 2);
		const samples = [{...sample(), count: baseline}];
		const switches = 1000;
		for (let i = 0; i < switches; i++) {
			// down 20, up 20, …: every press moves the selection
			await tui.key(Math.floor(i / 20) % 2 === 0 ? 'j' : 'k');
			await sleep(4);
			if (i % 50 === 49) samples.push(sample());
		}
		await sleep(2000);
		const after = count();
		const worst = samples.reduce((a, b) => (excess(b) > excess(a) ? b : a));
		const bound = worst.streams + worst.logs + 2;
		ctx.log(`sockets: ${early} at 1 s, baseline ${baseline}, worst sample ${worst.count} against ${bound} (${worst.streams} stats streams for what is visible, ${worst.logs} followed logs), after ${after}; counts ${samples.map((x) => x.count).join(' ')}`);
		return [
			{
				id: 'sockets-peak',
				label: `sockets to the engine during ${switches} selection switches (worst of ${samples.length} samples)`,
				value: worst.count,
				unit: '',
				target: `≤ stats streams for what is visible ${worst.streams} + followed logs ${worst.logs} + 2 = ${bound}`,
				pass: samples.every((x) => excess(x) <= 0),
				note: 'count and screen are read a few ms apart: streams lag the frame a little',
				detail: {earlyAt1s: early, baseline, after, samples},
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

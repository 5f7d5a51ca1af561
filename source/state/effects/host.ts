/** Host CPU, memory and disk (systeminformation), sampled every few seconds while a pane shows them. */
import type {Store} from '../store.js';
import type {Action, State} from '../types.js';

export interface HostSampler {
	/** sample while on; stop sampling when off */
	active(on: boolean): void;
	stop(): void;
}

export async function sampleHost(): Promise<NonNullable<State['host']>> {
	// loaded on first use: a large module the dashboard's first frame does not need
	const si = (await import('systeminformation')).default;
	const [load, mem, disks] = await Promise.all([si.currentLoad(), si.mem(), si.fsSize()]);
	const root = disks.find((d) => d.mount === '/') ?? disks[0];
	return {
		at: Date.now(),
		cpu: load.currentLoad,
		cpus: load.cpus.length || 1,
		memUsed: mem.active,
		memTotal: mem.total,
		diskUsed: root?.used ?? 0,
		diskSize: root?.size ?? 0,
	};
}

export function createHostSampler(store: Store<State, Action>, everyMs = 2000): HostSampler {
	let timer: NodeJS.Timeout | null = null;
	let on = false;
	const tick = async () => {
		try {
			const host = await sampleHost();
			if (on) store.dispatch({type: 'host/sample', host});
		} catch {
			// no host figures on this platform: the pane says so
		}
		if (on) timer = setTimeout(() => void tick(), everyMs);
	};
	return {
		active(next) {
			if (next === on) return;
			on = next;
			if (on) void tick();
			else if (timer) {
				clearTimeout(timer);
				timer = null;
			}
		},
		stop() {
			on = false;
			if (timer) clearTimeout(timer);
		},
	};
}

/** Start a bench worker (TypeScript through tsx) and read its JSON lines. */
import {spawn, type ChildProcess} from 'node:child_process';
import {createInterface} from 'node:readline';
import {fileURLToPath} from 'node:url';

const live = new Set<ChildProcess>();
export function killAllWorkers(): void {
	for (const p of live) p.kill('SIGKILL');
}

export interface Worker {
	pid: number;
	proc: ChildProcess;
	/** resolves on the first line matching pred */
	waitLine<T>(pred: (msg: T) => boolean, timeoutMs: number): Promise<T>;
	onLine(fn: (msg: unknown) => void): void;
	stop(): Promise<void>;
	stderr(): string;
}

export function startWorker(name: string, args: string[]): Worker {
	const file = fileURLToPath(new URL(`./workers/${name}.ts`, import.meta.url));
	const proc = spawn(process.execPath, ['--import', 'tsx', file, ...args], {stdio: ['ignore', 'pipe', 'pipe']});
	live.add(proc);
	proc.on('exit', () => live.delete(proc));
	let err = '';
	proc.stderr!.on('data', (b: Buffer) => (err = (err + b.toString()).slice(-4000)));
	const listeners: Array<(m: unknown) => void> = [];
	createInterface({input: proc.stdout!}).on('line', (l) => {
		let m: unknown;
		try {
			m = JSON.parse(l);
		} catch {
			return;
		}
		for (const f of [...listeners]) f(m);
	});
	return {
		pid: proc.pid!,
		proc,
		onLine: (fn) => listeners.push(fn),
		waitLine<T>(pred: (m: T) => boolean, timeoutMs: number) {
			return new Promise<T>((resolve, reject) => {
				const f = (m: unknown) => {
					if (pred(m as T)) {
						listeners.splice(listeners.indexOf(f), 1);
						clearTimeout(t);
						resolve(m as T);
					}
				};
				const t = setTimeout(() => {
					listeners.splice(listeners.indexOf(f), 1);
					reject(new Error(`worker ${name}: no answer in ${timeoutMs} ms. ${err}`));
				}, timeoutMs);
				listeners.push(f);
				proc.once('exit', (code) => {
					clearTimeout(t);
					reject(new Error(`worker ${name} exited (${code}): ${err}`));
				});
			});
		},
		async stop() {
			if (proc.exitCode !== null || proc.signalCode) return;
			const done = new Promise((r) => proc.once('exit', r));
			proc.kill('SIGTERM');
			const t = setTimeout(() => proc.kill('SIGKILL'), 2000);
			await done;
			clearTimeout(t);
		},
		stderr: () => err,
	};
}

/**
 * The images pane's scan (key `s`): trivy on the selected image (engine/trivy.ts, the runner
 * `berth images scan` uses), summarised by core/images/trivy.ts into state.scan. Reads only: no
 * roles gate, not audited. One scan at a time: a new one (or stop) cancels the one running
 * (its trivy process is stopped). trivy not on the PATH → an error saying how to install it.
 */
import {summarize} from '../../core/images/trivy.js';
import type {Engine} from '../../engine/connection.js';
import {findTrivy, notFoundError, scanImage, TrivyError, type ScanOptions} from '../../engine/trivy.js';
import type {TrivyReport} from '../../core/images/trivy.js';
import type {ScanState} from '../scan.js';
import type {Store} from '../store.js';
import type {Action, State} from '../types.js';

export interface ScanManager {
	/** scan this image (a later call wins; the earlier trivy is stopped) */
	scan(ref: string): void;
	/** stop the running scan (its result, if any, is dropped) */
	cancel(): void;
	stop(): void;
}

export interface ScanManagerOptions {
	/** findings listed (default 10) */
	top?: number;
	timeoutMs?: number;
	/** the environment trivy is looked for in and started with (default process.env) */
	env?: NodeJS.ProcessEnv;
	now?: () => number;
	/** the runner (tests) */
	run?: (ref: string, o: ScanOptions) => Promise<TrivyReport>;
}

export function createScanManager(store: Store<State, Action>, engine: () => Engine | null, opts: ScanManagerOptions = {}): ScanManager {
	const now = opts.now ?? Date.now;
	const run = opts.run ?? scanImage;
	let current: AbortController | null = null;
	const set = (scan: ScanState | null) => store.dispatch({type: 'scan/set', scan});
	const fail = (ref: string, started: number, code: string, message: string, hint: string) => set({ref, running: false, summary: null, error: {code, message, hint}, started, at: now()});
	return {
		scan(ref) {
			current?.abort();
			const ac = new AbortController();
			current = ac;
			const started = now();
			const e = engine();
			if (!e) return fail(ref, started, 'unreachable', 'The engine is not connected.', 'wait for berth to reconnect, then press s again');
			if (!findTrivy(opts.env)) {
				const nf = notFoundError();
				return fail(ref, started, 'trivy-not-found', nf.message, nf.hint);
			}
			set({ref, running: true, summary: null, error: null, started, at: null});
			void run(ref, {target: e.target, signal: ac.signal, timeoutMs: opts.timeoutMs, env: opts.env}).then(
				(report) => {
					if (current !== ac) return;
					current = null;
					set({ref, running: false, summary: summarize(ref, report, {top: opts.top ?? 10}), error: null, started, at: now()});
				},
				(err: unknown) => {
					if (current !== ac) return;
					current = null;
					if (err instanceof TrivyError) fail(ref, started, err.code === 'not-found' ? 'trivy-not-found' : `trivy-${err.code}`, err.message, err.hint);
					else fail(ref, started, 'failed', (err as Error)?.message ?? String(err), '');
				},
			);
		},
		cancel() {
			const ac = current;
			current = null;
			ac?.abort();
			const s = store.getState().scan;
			if (s?.running) set(null);
		},
		stop() {
			current?.abort();
			current = null;
		},
	};
}

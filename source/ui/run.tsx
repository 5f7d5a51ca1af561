/** Starts the dashboard: store + engine sync + Ink, on the alternate screen; restores on exit. */
import {render} from 'ink';
import React from 'react';
import {reducer, initialState} from '../state/reducer.js';
import {createStore} from '../state/store.js';
import {startContainerSync} from '../state/effects/containers.js';
import {App} from './App.js';
import {StoreContext} from './hooks/useStore.js';

export interface DashboardOptions {
	host?: string;
}

const ALT_ON = '\x1b[?1049h\x1b[H';
const ALT_OFF = '\x1b[?1049l';

export async function runDashboard(opts: DashboardOptions = {}): Promise<number> {
	const store = createStore(reducer, initialState());
	const sync = startContainerSync(store, {host: opts.host});
	const tty = Boolean(process.stdout.isTTY);
	if (tty) process.stdout.write(ALT_ON);
	let restored = false;
	const restore = () => {
		if (restored) return;
		restored = true;
		sync.stop();
		if (tty) process.stdout.write(ALT_OFF);
	};
	process.once('exit', restore);
	for (const sig of ['SIGTERM', 'SIGHUP'] as const) {
		process.once(sig, () => {
			restore();
			process.exit(0);
		});
	}
	const app = render(
		<StoreContext.Provider value={store}>
			<App />
		</StoreContext.Provider>,
		{exitOnCtrlC: false, patchConsole: true, maxFps: 30},
	);
	await app.waitUntilExit();
	restore();
	return 0;
}

/**
 * Starts the dashboard: store, engine sync, stream managers and Ink, on the alternate screen.
 * A shell (`e`) suspends Ink: unmount, leave the alternate screen (without clearing the main one), run `docker exec -it` with the
 * terminal, then come back and render again with the same store. Restores the terminal on exit.
 */
import {spawnSync} from 'node:child_process';
import {appendFileSync} from 'node:fs';
import {render} from 'ink';
import React from 'react';
import type {ContainerRecord} from '../model/container.js';
import {sanitize} from '../core/sanitize.js';
import {bindingAllowed, guardContainer, permissions} from './roles.js';
import {dashboardChildEnv} from '../state/effects/child-env.js';
import {startEffects} from '../state/effects/index.js';
import type {Prefetched} from '../state/effects/containers.js';
import {saveText} from '../state/effects/save.js';
import {initialState, reducer} from '../state/reducer.js';
import {setStatus} from '../state/status.js';
import {createStore} from '../state/store.js';
import {throttleFrames} from '../state/frames.js';
import {App} from './App.js';
import {bindingsFromConfig, loadConfig, positive} from './settings.js';
import {StoreContext} from './hooks/useStore.js';
import {MOUSE_OFF, MOUSE_ON, mouseDefault, osc52, ServicesContext, type Services} from './services.js';
import {makeTheme} from './theme.js';

export interface DashboardOptions {
	host?: string;
	readOnly?: boolean;
	/** roles: which command ids (keymap ids) this user may run */
	allowed?: (id: string) => boolean;
	/** the first connection and list, asked for while this module loaded (ui/launch.ts) */
	head?: Prefetched;
}

const ALT_ON = '\x1b[?1049h\x1b[H';
/** how long the first frame waits for the prefetched list (an engine slower than this gets the "connecting" frame first) */
const FIRST_LIST_WAIT_MS = 250;
const ALT_OFF = '\x1b[?1049l';

export async function runDashboard(opts: DashboardOptions = {}): Promise<number> {
	const {config, problem} = await loadConfig();
	const store = createStore(reducer, initialState());
	const fx = startEffects(store, {sync: {host: opts.host, ...(opts.head ? {head: opts.head} : {})}, logs: {tail: positive(config.logs?.tail, 200), perSource: positive(config.logs?.bufferLines, 5000)}});
	const {bindings, problems} = bindingsFromConfig(config);
	const theme = makeTheme(undefined, config.theme ?? {});
	const notes = [problem, ...problems].filter(Boolean);
	if (notes.length) setStatus(store, 'error', notes.join(' · '));

	// the screen's view of the store: user actions at once, background updates folded into fewer frames
	const screenStore = throttleFrames(store);
	// roles (core/roles): keys of actions this user may not run anywhere are hidden; each action is
	// still gated (and audited) per container in the effects
	const perms = permissions();
	const byRole = bindingAllowed(perms);
	if (perms.error) setStatus(store, 'error', perms.error);
	const tty = Boolean(process.stdout.isTTY);
	let execTarget: ContainerRecord | null = null;
	let app: ReturnType<typeof render> | null = null;
	// the selection and the screen's layout are state; the managers follow them
	fx.follow();
	const services: Services = {
		actions: fx.actions,
		compose: fx.compose,
		resources: fx.resources,
		scan: fx.scan,
		readOnly: Boolean(opts.readOnly || config.readOnly || perms.readOnly),
		allowed: opts.allowed ?? ((id) => byRole({id, dangerous: bindings.find((b) => b.id === id)?.dangerous ?? false})),
		exec(c) {
			execTarget = c;
			app?.unmount();
		},
		yank: (text) => void process.stdout.write(osc52(text)),
		mouse: (on) => {
			if (tty) process.stdout.write(on ? MOUSE_ON : MOUSE_OFF);
		},
		save: saveText,
	};

	// the first frame is the list when it is about to arrive: one cold render of the screen instead
	// of a "connecting" frame and then the list (Ink's throttle held that second frame back too)
	if (opts.head) await firstListOrTimeout(opts.head.list, FIRST_LIST_WAIT_MS);
	if (tty) process.stdout.write(ALT_ON);
	// the mouse: on (m toggles) unless TERM=screen or BERTH_MOUSE=0
	if (tty && mouseDefault()) store.dispatch({type: 'ui/set', patch: {mouse: true}});
	let restored = false;
	const restore = () => {
		if (restored) return;
		restored = true;
		fx.stop();
		if (tty) process.stdout.write(MOUSE_OFF + ALT_OFF);
	};
	process.once('exit', restore);
	for (const sig of ['SIGTERM', 'SIGHUP'] as const) {
		process.once(sig, () => {
			restore();
			process.exit(0);
		});
	}
	// BERTH_FRAME_LOG=<file>: one line per Ink render ("<epoch ms> <render ms>"), for the bench and profiling
	const frameLog = process.env.BERTH_FRAME_LOG;
	const onRender = frameLog ? ({renderTime}: {renderTime: number}) => appendFileSync(frameLog, `${Date.now()} ${renderTime.toFixed(2)}\n`) : undefined;
	for (;;) {
		app = render(
			<StoreContext.Provider value={screenStore}>
				<ServicesContext.Provider value={services}>
					<App theme={theme} bindings={bindings} />
				</ServicesContext.Provider>
			</StoreContext.Provider>,
			{exitOnCtrlC: false, patchConsole: true, maxFps: 60, ...(onRender ? {onRender} : {})},
		);
		await app.waitUntilExit();
		const target = execTarget as ContainerRecord | null;
		execTarget = null;
		if (!target) break;
		// exec is an admin right: the roles gate decides (and audits) before the terminal is handed over
		const attempt = guardContainer('exec', target);
		if (!attempt.allowed) {
			setStatus(store, 'error', `Refused: ${attempt.decision.reason}`);
			continue;
		}
		const code = shell(target, dashboardChildEnv(fx.sync.engine(), opts.host));
		attempt.finish({ok: code === 0, exitCode: code});
		setStatus(store, 'info', `Back from the shell in ${target.name}.`);
	}
	restore();
	return 0;
}

/** Resolves when the list has arrived and the sync has put it in the store, or after `ms`. */
async function firstListOrTimeout(list: Promise<unknown>, ms: number): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	await Promise.race([list.catch(() => undefined), new Promise((r) => (timer = setTimeout(r, ms)))]);
	clearTimeout(timer);
	// the sync's own continuation on the same answer (relist → the store) runs before this one's turn ends
	await new Promise((r) => setImmediate(r));
}

/** `docker exec -it <id> sh` (bash when the image has it), with the terminal handed over. */
function shell(c: ContainerRecord, env: NodeJS.ProcessEnv): number {
	const tty = Boolean(process.stdout.isTTY);
	// step aside without clearing: the main screen (and what the user had there) is left as it was;
	// the shell starts on a fresh line below it
	if (tty) process.stdout.write(`${MOUSE_OFF}${ALT_OFF}\r\n`);
	// written outside Ink: the name made inert here (ui/components/Text does it for everything Ink draws)
	const name = sanitize(c.name);
	process.stdout.write(`berth: shell in ${name} — exit (or ctrl+d) returns to the dashboard\n`);
	const r = spawnSync('docker', ['exec', '-it', c.id, 'sh', '-c', 'if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi'], {stdio: 'inherit', env});
	if (r.error) {
		process.stdout.write(`berth: could not run docker exec: ${sanitize(r.error.message)}\nInstall the docker CLI, or use \`docker exec -it ${name} sh\` yourself. Press enter.\n`);
		spawnSync('sh', ['-c', 'read _'], {stdio: 'inherit'});
	}
	if (tty) process.stdout.write(ALT_ON);
	return r.status ?? 1;
}

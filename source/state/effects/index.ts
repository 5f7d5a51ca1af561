/** Every live effect of the dashboard, started together and stopped together. */
import {createActionRunner, type ActionRunner} from './actions.js';
import {startContainerSync, type ContainerSync, type SyncOptions} from './containers.js';
import {createHostSampler, type HostSampler} from './host.js';
import {createLogManager, type LogManager, type LogOptions} from './logs.js';
import {createStatsManager, type StatsManager, type StatsOptions} from './stats.js';
import type {Store} from '../store.js';
import type {Action, State} from '../types.js';

export interface Effects {
	sync: ContainerSync;
	stats: StatsManager;
	logs: LogManager;
	host: HostSampler;
	actions: ActionRunner;
	stop(): void;
}

export function startEffects(store: Store<State, Action>, opts: {sync?: SyncOptions; logs?: LogOptions; stats?: StatsOptions} = {}): Effects {
	const sync = startContainerSync(store, opts.sync);
	const stats = createStatsManager(store, sync.engine, opts.stats);
	const logs = createLogManager(store, sync.engine, opts.logs);
	const host = createHostSampler(store);
	const actions = createActionRunner(store, sync.engine, Date.now, sync);
	return {
		sync,
		stats,
		logs,
		host,
		actions,
		stop() {
			stats.stop();
			logs.stop();
			host.stop();
			sync.stop();
		},
	};
}

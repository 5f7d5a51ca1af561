/** Every live effect of the dashboard, started together and stopped together. */
import {createActionRunner, type ActionRunner} from './actions.js';
import {runCompose, type ComposeAction} from './compose.js';
import {startContainerSync, type ContainerSync, type SyncOptions} from './containers.js';
import {createDoctorManager, type DoctorManager} from './doctor.js';
import {createEventFeed, type EventFeedOptions} from './events.js';
import {startFollow, type Follow, type FollowOptions} from './follow.js';
import {createHostSampler, type HostSampler} from './host.js';
import {createInspectManager, type InspectManager} from './inspect.js';
import {createLogManager, type LogManager, type LogOptions} from './logs.js';
import {createResourceManager, type ResourceManager, type ResourceOptions} from './resources.js';
import {createScanManager, type ScanManager} from './scan.js';
import {createStatsManager, type StatsManager, type StatsOptions} from './stats.js';
import {startStatusFade} from '../status.js';
import type {Store} from '../store.js';
import type {ContainerRecord} from '../../model/container.js';
import type {Action, State} from '../types.js';

/** Compose on a project from the dashboard, against the dashboard's own engine target. */
export interface ComposeRunner {
	run(cmd: ComposeAction, project: string, members: ContainerRecord[]): Promise<boolean>;
}

export interface Effects {
	sync: ContainerSync;
	stats: StatsManager;
	logs: LogManager;
	host: HostSampler;
	inspect: InspectManager;
	doctor: DoctorManager;
	actions: ActionRunner;
	compose: ComposeRunner;
	/** images, volumes, networks: loaded while their pane shows */
	resources: ResourceManager;
	/** the images pane's trivy scan */
	scan: ScanManager;
	/** the selection → the managers (state/follow.ts); started by `follow()`, once the screen lays itself out */
	follow(opts?: FollowOptions): Follow;
	stop(): void;
}

export function startEffects(store: Store<State, Action>, opts: {sync?: SyncOptions; logs?: LogOptions; stats?: StatsOptions; resources?: ResourceOptions; events?: EventFeedOptions} = {}): Effects {
	// the events pane is fed by the sync's own /events stream (no second stream)
	const events = createEventFeed(store, opts.events);
	// … and the images / volumes / networks panes too
	let resources: ResourceManager | null = null;
	const sync = startContainerSync(store, {
		...opts.sync,
		onEvent: (e) => {
			events.push(e);
			resources?.push(e);
		},
	});
	const stats = createStatsManager(store, sync.engine, opts.stats);
	const logs = createLogManager(store, sync.engine, opts.logs);
	const host = createHostSampler(store);
	const inspect = createInspectManager(store, sync.engine);
	const doctor = createDoctorManager(store, sync.engine);
	const actions = createActionRunner(store, sync.engine, Date.now, sync);
	// null while disconnected: runCompose refuses rather than pick whatever engine the environment names
	const compose: ComposeRunner = {run: (cmd, project, members) => runCompose(store, cmd, project, members, Date.now, sync.engine()?.target ?? null)};
	const fade = startStatusFade(store);
	const res = createResourceManager(store, sync.engine, {...opts.resources, fed: true});
	resources = res;
	const scan = createScanManager(store, sync.engine);
	let following: Follow | null = null;
	return {
		sync,
		stats,
		logs,
		host,
		inspect,
		doctor,
		actions,
		compose,
		resources: res,
		scan,
		follow(o) {
			following?.stop();
			following = startFollow(store, {stats, logs, host, inspect, doctor}, o);
			return following;
		},
		stop() {
			following?.stop();
			fade.stop();
			res.stop();
			scan.stop();
			inspect.stop();
			doctor.stop();
			stats.stop();
			logs.stop();
			host.stop();
			sync.stop();
			events.stop();
		},
	};
}

/** The app state and the actions that change it. */
import type {Finding} from '../core/doctor/types.js';
import type {StatsSample} from '../core/stats.js';
import type {ContainerRecord} from '../model/container.js';
import type {ScanAction, ScanState} from './scan.js';
import type {ListsUi, ResourceAction, ResourcesState} from './resources.js';
import type {EventsState, EventsView} from './events.js';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

export interface ConnectionState {
	status: ConnectionStatus;
	where: string;
	error: {code: string; message: string; hint: string} | null;
	/** epoch ms of the next reconnect attempt while disconnected */
	retryAt: number | null;
	attempts: number;
	engine: {version: string; api: string; arch: string} | null;
}

export interface StatusMessage {
	text: string;
	kind: 'info' | 'ok' | 'error' | 'busy';
	at: number;
	/** "what to do" for errors */
	hint?: string;
}

export const PANES = ['containers', 'groups', 'ports', 'logs', 'stats', 'inspect', 'doctor', 'images', 'volumes', 'networks', 'events'] as const;
export type PaneId = (typeof PANES)[number];

export const SORT_COLUMNS = ['name', 'state', 'health', 'cpu', 'mem', 'ports', 'image', 'uptime'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

export type InputKind = 'filter' | 'command' | 'search' | 'logfilter' | 'save' | 'eventfilter';

export interface Confirm {
	message: string;
	/** the binding id (ui/keymap.ts) to run on yes */
	binding: string;
	/** the subject key (c:/s:/p:/g:/marked) */
	subject: string;
	ids: string[];
	/** what the dialog lists (default: the containers' names of `ids`) */
	names?: string[];
}

export interface LogView {
	/** seq of the last line shown while paused; null: following the end */
	anchor: number | null;
	search: string;
	/** seq of the current search hit */
	hit: number | null;
	filter: string;
	timestamps: boolean;
	wrap: boolean;
}

export interface UiState {
	pane: PaneId;
	/** key of the selected row in the containers tree (p:…, s:…, c:…) */
	cursor: string | null;
	/** key of the selected row in the groups pane (g:…, p:…) */
	groupCursor: string | null;
	/** row index in the ports / doctor panes, line offset in inspect */
	portCursor: number;
	inspectScroll: number;
	inspectSearch: string;
	doctorCursor: number;
	helpScroll: number;
	/** what the logs / stats / inspect / doctor panes show: a row key of either list */
	subject: string | null;
	collapsed: Record<string, true>;
	help: boolean;
	status: StatusMessage | null;
	/** the status messages shown so far (newest last, at most MESSAGES_KEPT): `:messages` shows them whole */
	messages: StatusMessage[];
	/** the `:messages` overlay is open */
	showMessages: boolean;
	/** mouse reporting wanted (m toggles) */
	mouse: boolean;
	filter: string;
	sort: {by: SortColumn; desc: boolean};
	/** container ids marked for bulk actions */
	marked: Record<string, true>;
	/** the line being typed; `note` (Tab's candidates) shows beside it until the next key */
	input: {kind: InputKind; text: string; note?: string} | null;
	confirm: Confirm | null;
	logView: LogView;
	/** cursor, filter and sort of the images / volumes / networks panes */
	lists: ListsUi;
	/** the events pane: follow / paused at a row, and its filter */
	eventsView: EventsView;
}

export type StatsSource = 'cgroup' | 'api';

export interface StatsEntry {
	last: StatsSample;
	/** CPU % and memory bytes, one value per sample, oldest first (bounded) */
	cpu: number[];
	mem: number[];
}

export interface LogLineView {
	seq: number;
	ts: string | null;
	/** sanitised text (plain SGR colours kept) */
	text: string;
	stream: 'stdout' | 'stderr';
	/** container name (prefix in merged views) */
	source: string;
	/** index of the source in the merged view (its colour) */
	sourceIndex: number;
}

/**
 * Read-only lines by index: an array, or a snapshot of the log follower's buffer (state/loglines.ts)
 * that the store holds without copying; the logs pane reads only the window it shows.
 */
export interface Lines<T> extends Iterable<T> {
	readonly length: number;
	/** a negative index counts from the end, as for arrays */
	at(i: number): T | undefined;
	slice(start?: number, end?: number): T[];
}

export interface LogsState {
	subject: string | null;
	/** oldest first; `seq` ascends */
	lines: Lines<LogLineView>;
	dropped: number;
	/** containers followed, and how many the subject has (more than followed: capped) */
	sources: number;
	total?: number;
	error: string | null;
}

export interface HostStats {
	at: number;
	cpu: number;
	memUsed: number;
	memTotal: number;
	diskUsed: number;
	diskSize: number;
	cpus: number;
}

export interface InspectState {
	id: string | null;
	text: string;
	error: string | null;
}

export interface DoctorState {
	subject: string | null;
	running: boolean;
	findings: Finding[];
	error: string | null;
	at: number | null;
}

/** What the screen shows of the containers list, as App last laid it out (the effects follow it). */
export interface ViewState {
	/** rows of the containers list on screen, and the first one shown */
	listRows: number;
	listOffset: number;
	/** a logs preview sits under the list panes (tall terminals) */
	preview: boolean;
}

export interface State {
	connection: ConnectionState;
	containers: Record<string, ContainerRecord>;
	/** true once the first list has arrived */
	loaded: boolean;
	stats: Record<string, StatsEntry>;
	/** where the stats come from: the containers' cgroup files on this host, or the engine's API streams; null: none opened yet */
	statsSource: StatsSource | null;
	host: HostStats | null;
	logs: LogsState;
	inspect: InspectState;
	doctor: DoctorState;
	/** "doctor, run again" requests so far: the doctor effect runs once more for each */
	doctorRuns: number;
	view: ViewState;
	/** the images pane's trivy scan (state/scan.ts); null: none */
	scan: ScanState | null;
	/** images, volumes, networks (state/resources.ts) */
	resources: ResourcesState;
	/** the engine's events, newest last (state/events.ts) */
	events: EventsState;
	ui: UiState;
}

export type Action =
	| ScanAction
	| ResourceAction
	| {type: 'connection/connecting'; where: string}
	| {type: 'connection/connected'; where: string; engine: NonNullable<ConnectionState['engine']>}
	| {type: 'connection/lost'; where: string; error: NonNullable<ConnectionState['error']>; retryAt: number}
	| {type: 'containers/replace'; records: ContainerRecord[]}
	| {type: 'containers/upsert'; records: ContainerRecord[]}
	| {type: 'containers/remove'; ids: string[]}
	/** quiet: no value the list shows changed (the screen need not redraw for it) */
	| {type: 'stats/batch'; samples: Record<string, StatsSample>; quiet?: boolean}
	| {type: 'stats/drop'; ids: string[]}
	| {type: 'stats/source'; source: StatsSource}
	| {type: 'host/sample'; host: HostStats}
	| {type: 'logs/set'; logs: LogsState}
	| {type: 'inspect/set'; inspect: InspectState}
	| {type: 'doctor/set'; doctor: DoctorState}
	| {type: 'doctor/rerun'}
	| {type: 'view/set'; view: ViewState}
	| {type: 'events/set'; events: EventsState}
	| {type: 'ui/cursor'; key: string | null}
	| {type: 'ui/groupCursor'; key: string | null}
	| {type: 'ui/pane'; pane: PaneId}
	| {type: 'ui/subject'; key: string | null}
	| {type: 'ui/toggle'; key: string; collapsed?: boolean}
	| {type: 'ui/help'; open: boolean}
	| {type: 'ui/status'; status: StatusMessage | null}
	| {type: 'ui/filter'; text: string}
	| {type: 'ui/sort'; by: SortColumn; desc: boolean}
	| {type: 'ui/mark'; ids: string[]; on?: boolean}
	| {type: 'ui/unmarkAll'}
	| {type: 'ui/input'; input: UiState['input']}
	| {type: 'ui/confirm'; confirm: Confirm | null}
	| {type: 'ui/logView'; patch: Partial<LogView>}
	| {type: 'ui/eventsView'; patch: Partial<EventsView>}
	| {type: 'ui/set'; patch: Partial<Pick<UiState, 'portCursor' | 'inspectScroll' | 'inspectSearch' | 'doctorCursor' | 'helpScroll' | 'showMessages' | 'mouse'>>};

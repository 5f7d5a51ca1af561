/**
 * The images, volumes and networks the dashboard shows: their lists as the engine last gave them
 * (state/effects/resources.ts loads them while their pane is shown and follows /events), the list
 * habits of each pane (cursor, filter, sort), an image's history and a running pull.
 */
import type {ImageHistoryEntry, ImageRecord} from '../model/image.js';
import type {NetworkRecord} from '../model/network.js';
import type {VolumeRecord} from '../model/volume.js';

export const RESOURCE_KINDS = ['images', 'volumes', 'networks'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];
export const isResourceKind = (s: string): s is ResourceKind => (RESOURCE_KINDS as readonly string[]).includes(s);

export interface ResourceRecords {
	images: ImageRecord;
	volumes: VolumeRecord;
	networks: NetworkRecord;
}

export interface ResourceList<T> {
	items: T[];
	/** true once a first list arrived */
	loaded: boolean;
	/** the last load failed (the items are the previous ones) */
	error: string | null;
}

/** One layer of a pull as the engine last reported it. */
export interface PullLayer {
	id: string;
	status: string;
	current: number;
	total: number;
}

export interface PullState {
	ref: string;
	layers: PullLayer[];
	/** the image-wide status line (Digest …, Status: Downloaded newer image …) */
	status: string;
	running: boolean;
	error: string | null;
}

export interface HistoryState {
	ref: string;
	/** null while loading */
	entries: ImageHistoryEntry[] | null;
	error: string | null;
	scroll: number;
}

export interface ResourcesState {
	images: ResourceList<ImageRecord>;
	volumes: ResourceList<VolumeRecord>;
	networks: ResourceList<NetworkRecord>;
	/** the layers of an image (enter on the images pane); null: the list shows */
	history: HistoryState | null;
	pull: PullState | null;
}

/** The list habits of one resource pane. */
export interface ListUi {
	/** key of the selected row */
	cursor: string | null;
	filter: string;
	sort: {by: string; desc: boolean};
}

export type ListsUi = Record<ResourceKind, ListUi>;

export type ResourceAction =
	| {type: 'resources/set'; kind: ResourceKind; items: ResourceRecords[ResourceKind][]}
	| {type: 'resources/error'; kind: ResourceKind; error: string}
	/** list the kind again now (ctrl+r on its pane; state/effects/resources.ts does it) */
	| {type: 'resources/reload'; kind: ResourceKind}
	| {type: 'resources/history'; history: HistoryState | null}
	| {type: 'resources/pull'; pull: PullState | null}
	| {type: 'list/cursor'; kind: ResourceKind; key: string | null}
	| {type: 'list/filter'; kind: ResourceKind; text: string}
	| {type: 'list/sort'; kind: ResourceKind; by: string; desc: boolean};

const list = <T>(): ResourceList<T> => ({items: [], loaded: false, error: null});

export const initialResources = (): ResourcesState => ({images: list(), volumes: list(), networks: list(), history: null, pull: null});

export const initialLists = (): ListsUi => ({
	images: {cursor: null, filter: '', sort: {by: 'repository', desc: false}},
	volumes: {cursor: null, filter: '', sort: {by: 'name', desc: false}},
	networks: {cursor: null, filter: '', sort: {by: 'name', desc: false}},
});

/** The slice's reducer: null when the action is not one of its own. */
export function resourcesReducer(res: ResourcesState, lists: ListsUi, action: ResourceAction): {resources: ResourcesState; lists: ListsUi} | null {
	switch (action.type) {
		case 'resources/set':
			return {resources: {...res, [action.kind]: {items: action.items, loaded: true, error: null}}, lists};
		case 'resources/error':
			return {resources: {...res, [action.kind]: {...res[action.kind], loaded: true, error: action.error}}, lists};
		case 'resources/reload':
			// a new object, so that the store tells its listeners (the manager lists again)
			return {resources: {...res}, lists};
		case 'resources/history':
			return {resources: {...res, history: action.history}, lists};
		case 'resources/pull':
			return {resources: {...res, pull: action.pull}, lists};
		case 'list/cursor':
			return lists[action.kind].cursor === action.key ? {resources: res, lists} : {resources: res, lists: {...lists, [action.kind]: {...lists[action.kind], cursor: action.key}}};
		case 'list/filter':
			return lists[action.kind].filter === action.text ? {resources: res, lists} : {resources: res, lists: {...lists, [action.kind]: {...lists[action.kind], filter: action.text}}};
		case 'list/sort':
			return {resources: res, lists: {...lists, [action.kind]: {...lists[action.kind], sort: {by: action.by, desc: action.desc}}}};
	}
	return null;
}

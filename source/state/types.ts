/** The app state and the actions that change it. */
import type {ContainerRecord} from '../engine/types.js';

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
	kind: 'info' | 'ok' | 'error';
	at: number;
}

export interface UiState {
	/** key of the selected row (p:…, s:…, c:…) */
	cursor: string | null;
	collapsed: Record<string, true>;
	help: boolean;
	status: StatusMessage | null;
}

export interface State {
	connection: ConnectionState;
	containers: Record<string, ContainerRecord>;
	/** true once the first list has arrived */
	loaded: boolean;
	ui: UiState;
}

export type Action =
	| {type: 'connection/connecting'; where: string}
	| {type: 'connection/connected'; where: string; engine: NonNullable<ConnectionState['engine']>}
	| {type: 'connection/lost'; where: string; error: NonNullable<ConnectionState['error']>; retryAt: number}
	| {type: 'containers/replace'; records: ContainerRecord[]}
	| {type: 'containers/upsert'; records: ContainerRecord[]}
	| {type: 'containers/remove'; ids: string[]}
	| {type: 'ui/cursor'; key: string | null}
	| {type: 'ui/toggle'; key: string; collapsed?: boolean}
	| {type: 'ui/help'; open: boolean}
	| {type: 'ui/status'; status: StatusMessage | null};

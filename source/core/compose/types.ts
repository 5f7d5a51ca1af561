/** The compose model berth works with: diagnostics and the resolved (interpolated, normalised) project. */
import type {Protocol} from '../../model/container.js';
import {sanitize} from '../sanitize.js';

export type Severity = 'error' | 'warning';

/** One problem, located in a file: printed as `file:line:col message`. */
export interface Diagnostic {
	file: string;
	line: number;
	col: number;
	severity: Severity;
	code: string;
	message: string;
}

/** A port normalised from short or long syntax. host_port null: not published (or engine-chosen). */
export interface PortSpec {
	host_ip: string;
	host_port: number | null;
	/** set when a host range maps onto one container port ("8000-8010:80"): any free port in it */
	host_port_end?: number;
	container_port: number;
	protocol: Protocol;
	mode?: 'host' | 'ingress';
}

export interface VolumeSpec {
	type: 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'cluster' | 'image';
	/** absolute host path for binds, volume name for named volumes; absent for anonymous volumes */
	source?: string;
	target: string;
	read_only?: boolean;
	/** other long-syntax keys, passed through */
	[extra: string]: unknown;
}

export interface DependsOn {
	condition: 'service_started' | 'service_healthy' | 'service_completed_successfully';
	restart?: boolean;
	required?: boolean;
}

/** A resolved service: the normalised fields, plus every other key passed through as written. */
export interface Service {
	image?: string;
	build?: Record<string, unknown>;
	environment?: Record<string, string | null>;
	command?: string | string[];
	ports?: PortSpec[];
	depends_on?: Record<string, DependsOn>;
	volumes?: VolumeSpec[];
	labels?: Record<string, string>;
	healthcheck?: Record<string, unknown>;
	profiles?: string[];
	[extra: string]: unknown;
}

export interface ComposeModel {
	name: string;
	services: Record<string, Service>;
	networks?: Record<string, unknown>;
	volumes?: Record<string, unknown>;
	secrets?: Record<string, unknown>;
	configs?: Record<string, unknown>;
	[extra: string]: unknown;
}

/** A loaded compose file: where it is, the resolved model, and every problem found. */
export interface ComposeProject {
	file: string;
	/** directory relative paths resolve against */
	dir: string;
	model: ComposeModel;
	diagnostics: Diagnostic[];
	/** active Compose profiles (--profile, else COMPOSE_PROFILES) */
	profiles: string[];
	/** the variables interpolation saw (.env merged under the process environment) */
	env: Record<string, string>;
}

export const hasErrors = (d: Diagnostic[]) => d.some((x) => x.severity === 'error');

export function formatDiagnostic(d: Diagnostic): string {
	// names in messages come from the file: shown inert (core/sanitize)
	return sanitize(`${d.file}:${d.line}:${d.col} ${d.severity === 'warning' ? 'warning: ' : ''}${d.message}`);
}

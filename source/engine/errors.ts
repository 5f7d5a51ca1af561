/** Typed engine errors: a code, a message, and a line that says what to do. */
export type EngineErrorCode =
	| 'unreachable'
	| 'permission'
	| 'not-found'
	| 'conflict'
	| 'api-version'
	| 'bad-request'
	| 'server'
	| 'aborted'
	/** a registry (pull) could not be reached or refused us: the message names it */
	| 'registry'
	/** refused by berth before asking the engine: the object is in use (the message names by whom) */
	| 'in-use'
	| 'unknown';

export class EngineError extends Error {
	override readonly name = 'EngineError';
	constructor(
		readonly code: EngineErrorCode,
		message: string,
		readonly hint: string,
		readonly status?: number,
	) {
		super(message);
	}
}

interface RawError {
	code?: string;
	statusCode?: number;
	reason?: string;
	message?: string;
	json?: {message?: string} | null;
	name?: string;
}

function serverMessage(raw: RawError): string {
	const fromJson = raw.json && typeof raw.json === 'object' ? raw.json.message : undefined;
	if (fromJson) return fromJson;
	const m = raw.message ?? String(raw);
	// docker-modem formats as "(HTTP code 404) no such container - No such container: x "
	const dash = m.indexOf(' - ');
	return (dash >= 0 ? m.slice(dash + 3) : m).trim();
}

/** Map anything thrown by dockerode/docker-modem/net into an EngineError. */
export function toEngineError(err: unknown, target: string): EngineError {
	if (err instanceof EngineError) return err;
	const raw = (err ?? {}) as RawError;
	if (raw.name === 'AbortError' || raw.code === 'ABORT_ERR') {
		return new EngineError('aborted', 'request aborted', '');
	}
	switch (raw.code) {
		case 'ENOENT':
		case 'ECONNREFUSED':
		case 'ECONNRESET':
		case 'EHOSTUNREACH':
		case 'ENOTFOUND':
		case 'ETIMEDOUT':
		case 'EPIPE':
			return new EngineError(
				'unreachable',
				`Cannot reach the Docker engine at ${target} (${raw.code}).`,
				'Start the Docker daemon (e.g. `sudo systemctl start docker`), or set DOCKER_HOST to an engine that answers.',
			);
		case 'EACCES':
		case 'EPERM':
			return new EngineError(
				'permission',
				`Permission denied on the Docker socket ${target}.`,
				'Add your user to the `docker` group (`sudo usermod -aG docker $USER`, then log in again), run as root, or set DOCKER_HOST.',
			);
	}
	const status = raw.statusCode;
	const msg = serverMessage(raw);
	if (status === 404) return new EngineError('not-found', msg, 'It may have been removed; refresh the list.', 404);
	if (status === 409) return new EngineError('conflict', msg, 'The object is in a state that does not allow this; check its state.', 409);
	if (status === 400 && /client version .* too (new|old)|API version/i.test(msg)) {
		return new EngineError('api-version', msg, 'The engine speaks a different API version; upgrade Docker or berth.', 400);
	}
	if (status === 400) return new EngineError('bad-request', msg, 'Check the arguments given.', 400);
	if (status === 401 || status === 403) {
		return new EngineError('permission', msg, 'The engine refused the request; check your rights on it.', status);
	}
	if (status && status >= 500) return new EngineError('server', msg, 'The engine failed; see its log (journalctl -u docker).', status);
	return new EngineError('unknown', msg || 'unknown engine error', 'See the message above.', status);
}

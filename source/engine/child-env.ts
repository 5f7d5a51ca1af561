/**
 * The environment for a child process that talks to the engine (the compose CLI, `docker exec`):
 * the very engine the dashboard or command talks to, whichever way it was chosen (--host,
 * DOCKER_HOST, DOCKER_CONTEXT, the current context in ~/.docker/config.json, the default socket).
 * DOCKER_HOST is pinned to the resolved address and the TLS files go along as DOCKER_CERT_PATH /
 * DOCKER_TLS_VERIFY; DOCKER_CONTEXT is dropped, so the child cannot pick another engine.
 */
import {dirname} from 'node:path';
import type {EngineTarget} from './host.js';

export function engineEnv(t: EngineTarget): NodeJS.ProcessEnv {
	// undefined removes an inherited variable (spawn skips undefined values)
	const env: NodeJS.ProcessEnv = {DOCKER_HOST: t.url, DOCKER_CONTEXT: undefined, DOCKER_CERT_PATH: undefined, DOCKER_TLS_VERIFY: undefined, DOCKER_TLS: undefined};
	const file = t.tls?.caPath ?? t.tls?.certPath ?? t.tls?.keyPath;
	if (t.tls && file) {
		// berth reads ca.pem / cert.pem / key.pem from one folder, the names DOCKER_CERT_PATH implies
		env['DOCKER_CERT_PATH'] = dirname(file);
		if (t.tls.verify) env['DOCKER_TLS_VERIFY'] = '1';
		else env['DOCKER_TLS'] = '1';
	}
	return env;
}

/** process.env with the engine target applied (undefined entries removed). */
export function childEnvFor(t: EngineTarget, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
	const merged: NodeJS.ProcessEnv = {...base, ...engineEnv(t)};
	for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
	return merged;
}

/** The environment for a child process of the dashboard (`docker exec` for a shell): its own engine. */
import {childEnvFor} from '../../engine/child-env.js';
import type {Engine} from '../../engine/connection.js';
import {resolveTarget} from '../../engine/host.js';

/** process.env pinned to the dashboard's engine (the connected one, else the one --host / the environment names). */
export function dashboardChildEnv(engine: Engine | null, host: string | undefined): NodeJS.ProcessEnv {
	try {
		return childEnvFor(engine?.target ?? resolveTarget(host));
	} catch {
		// a broken context: the dashboard is not connected either; the child says what is wrong
		return process.env;
	}
}

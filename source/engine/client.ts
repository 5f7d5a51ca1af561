/**
 * An Engine's dockerode client, kept to engine/: the property is keyed by a symbol that only this
 * module (not engine/index.ts) exports, so nothing above engine/ reaches dockerode.
 */
import type Docker from 'dockerode';

export const DOCKER: unique symbol = Symbol('berth.dockerode');

/** The dockerode client of an engine (engine/ modules, and tests that drive the engine by hand). */
export function dockerOf(engine: {readonly [DOCKER]: Docker}): Docker {
	return engine[DOCKER];
}

/**
 * An Engine's dockerode client, kept to engine/: the property is keyed by a symbol that only this
 * module (not engine/index.ts) exports, so nothing above engine/ reaches dockerode.
 *
 * The handles on one object (container, image, volume, network) are made here only: dockerode
 * puts the name into the request path as it is (`/containers/NAME/json`), so a name given by the
 * user — with a space, a control byte, `%`, `?`, `#` or `/` in it — would break the request or
 * ask about another path. Here the name is escaped; a name the engine would read as another path
 * (empty, or with an empty, `.` or `..` segment: it cleans those and redirects) cannot be asked
 * about by name: the handle's calls fail as the engine does for a name it does not know
 * (not-found, 404). Containers, images and volumes cannot have such names; a network can, and
 * engine/networks.ts finds it by the list instead.
 */
import type Docker from 'dockerode';
import {EngineError} from './errors.js';

export const DOCKER: unique symbol = Symbol('berth.dockerode');

type HasDocker = {readonly [DOCKER]: Docker};

/** The dockerode client of an engine (engine/ modules, and tests that drive the engine by hand). */
export function dockerOf(engine: HasDocker): Docker {
	return engine[DOCKER];
}

/** Can a request path carry `name`? Not when empty or with an empty, `.` or `..` segment (the engine cleans those). */
export const addressable = (name: string): boolean => !name.split('/').some((s) => s === '' || s === '.' || s === '..');

/** `name` as one path segment; throws not-found for a name no path can carry. */
export function pathSegment(kind: 'container' | 'image' | 'volume' | 'network', name: string): string {
	if (!addressable(name)) throw new EngineError('not-found', `No such ${kind}: ${name}`, 'It may have been removed; refresh the list.', 404);
	return encodeURIComponent(name);
}

/** The container called `nameOrId` (a name, an id or an id prefix). Throws not-found (see pathSegment). */
export const containerOf = (engine: HasDocker, nameOrId: string): Docker.Container => dockerOf(engine).getContainer(pathSegment('container', nameOrId));

/** The image `ref` (a reference or an id). Throws not-found (see pathSegment). */
export const imageOf = (engine: HasDocker, ref: string): Docker.Image => dockerOf(engine).getImage(pathSegment('image', ref));

/** The volume `name`. Throws not-found (see pathSegment). */
export const volumeOf = (engine: HasDocker, name: string): Docker.Volume => dockerOf(engine).getVolume(pathSegment('volume', name));

/** The network `nameOrId`. Throws not-found (see pathSegment). */
export const networkOf = (engine: HasDocker, nameOrId: string): Docker.Network => dockerOf(engine).getNetwork(pathSegment('network', nameOrId));

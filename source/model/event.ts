/** One message of the engine's event stream, as plain data. */
export interface EngineEvent {
	/** ISO time with nanoseconds cut to ms */
	time: string;
	/** unix ns */
	time_nano: number;
	/** container, image, volume, network, daemon, plugin, service, node, secret, config */
	type: string;
	/** start, die, pull, create, destroy, connect … */
	action: string;
	/** the object's id (or name, for volumes) */
	actor: string;
	attributes: Record<string, string>;
	/** local or swarm */
	scope: string;
}

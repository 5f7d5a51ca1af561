/** The engine layer: the only place that talks to dockerode. */
export * from './connection.js';
export * from './containers.js';
export * from './errors.js';
export * from './events.js';
export * from './host.js';
export * from './logs.js';
export * from './stats.js';

/** The compose model: load, interpolate, normalise, validate; bind mounts; start order. */
export * from './types.js';
export {interpolate} from './interpolate.js';
export {parseEnvFile} from './env.js';
export {parsePort, parseShortPort, parseLongPort, portsClash} from './ports.js';
export {loadProject, loadProjectFromText, findComposeFile, normalizeProjectName, ComposeFileError, DEFAULT_FILES} from './load.js';
export {findCycles} from './validate.js';
export {bindMounts, createMissingDirs, type BindMount} from './mounts.js';
export {dependencyOrder, groupPlan, groupsOf, activeServices} from './order.js';
export {renderConfig} from './render.js';
export {cliFileFor, type CliFile} from './cli-file.js';
export {waitForServices, serviceStatus, type ServiceStatus, type ServiceState, type WaitOptions} from './wait.js';

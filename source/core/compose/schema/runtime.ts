/**
 * What the schema check needs at run time: the compiled validator of the compose schema. The
 * tests compile it here with ajv; the bundle gets it compiled at build time (scripts/build.mjs
 * builds ajv's standalone code for it into dist/compose-schema.cjs with the same compile()),
 * required on the first validation only, so commands that never check a compose file (`status`
 * shares the chunk of the compose model) neither load nor parse it.
 */
import {Ajv, type ValidateFunction} from 'ajv';
import spec from './compose-spec.json' with {type: 'json'};
import {strictSchema} from './strict.js';

/** allErrors: every problem at once; verbose: each error carries its schema (for the messages) */
export function compile(opts: {source?: boolean} = {}): {ajv: Ajv; validate: ValidateFunction} {
	// code.optimize off when compiling at run time: half the compile time, and a file is validated once
	const ajv = new Ajv({allErrors: true, verbose: true, strict: false, validateSchema: false, code: opts.source ? {source: true} : {optimize: false}});
	return {ajv, validate: ajv.compile(strictSchema(spec))};
}

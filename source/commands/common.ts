/** Shared by the one-shot commands: exit codes, connecting, printing errors. */
import {connectEngine, type Engine} from '../engine/connection.js';
import {EngineError} from '../engine/errors.js';

export const EXIT = {ok: 0, failure: 1, usage: 2, unreachable: 3} as const;

export interface Output {
	out: (s: string) => void;
	err: (s: string) => void;
}

export const stdio: Output = {
	out: (s) => process.stdout.write(s.endsWith('\n') ? s : s + '\n'),
	err: (s) => process.stderr.write(s.endsWith('\n') ? s : s + '\n'),
};

/** Print an error as "berth: message" + "  → hint"; the exit code that goes with it. */
export function reportError(err: unknown, io: Output = stdio): number {
	if (err instanceof EngineError) {
		io.err(`berth: ${err.message}`);
		if (err.hint) io.err(`  → ${err.hint}`);
		return err.code === 'unreachable' || err.code === 'permission' ? EXIT.unreachable : EXIT.failure;
	}
	io.err(`berth: ${(err as Error)?.message ?? String(err)}`);
	return EXIT.failure;
}

export async function connectOrReport(host: string | undefined, io: Output = stdio): Promise<Engine | number> {
	try {
		return await connectEngine({host});
	} catch (err) {
		return reportError(err, io);
	}
}

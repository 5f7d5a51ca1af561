/** Child for trust-users.test.ts: the logs pane's save (saveText) as run under sudo. Prints "ok PATH" or "err MESSAGE". */
import {saveText} from '../../source/state/effects/save.js';

saveText(process.argv[2]!, 'saved lines\n').then(
	(p) => console.log(`ok ${p}`),
	(e: NodeJS.ErrnoException) => console.log(`err ${e.code ?? e.message}`),
);

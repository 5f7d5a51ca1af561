import {Box, useApp, useInput} from 'ink';
import React, {useMemo} from 'react';
import {countOf} from '../core/tree.js';
import {cursorIndex, selectRows} from '../state/selectors.js';
import {Banner, BANNER_HEIGHT} from './components/Banner.js';
import {Footer} from './components/Footer.js';
import {Header} from './components/Header.js';
import {HelpOverlay} from './components/HelpOverlay.js';
import {useAppState, useStore} from './hooks/useStore.js';
import {useNow} from './hooks/useNow.js';
import {useTerminalSize} from './hooks/useTerminalSize.js';
import {keymap, keyName, lookup} from './keymap.js';
import {handleListKey} from './listKeys.js';
import {ContainersPane} from './panes/ContainersPane.js';
import {makeTheme, type Theme} from './theme.js';

export interface AppProps {
	theme?: Theme;
	/** called on quit (the runner restores the terminal and stops streams) */
	onQuit?: () => void;
}

export function App({theme = makeTheme(), onQuit}: AppProps) {
	const store = useStore();
	const {exit} = useApp();
	const {columns, rows: termRows} = useTerminalSize();
	const state = useAppState((s) => s);
	const rows = selectRows(state);
	const cursor = cursorIndex(rows, state.ui.cursor);
	const all = useMemo(() => countOf(Object.values(state.containers)), [state.containers]);
	// Uptimes read in seconds only for the first minute; otherwise a slow tick is enough.
	const young = useMemo(() => Object.values(state.containers).some((c) => c.state === 'running' && c.started_at && Date.now() - Date.parse(c.started_at) < 60_000), [state.containers]);
	const now = useNow(young ? 1000 : 30_000);

	// Frame height stays at most rows − 1: a full-height frame makes Ink clear the screen.
	const height = Math.max(4, termRows - 1);
	const banner = state.connection.status === 'disconnected' ? BANNER_HEIGHT : 0;
	const listHeight = Math.max(2, height - 2 - banner);

	useInput((input, key) => {
		const name = keyName(input, key);
		const b = lookup(name, state.ui.help ? ['help', 'global'] : ['list', 'global']);
		if (!b) return;
		switch (b.id) {
			case 'quit':
				onQuit?.();
				exit();
				return;
			case 'help':
				store.dispatch({type: 'ui/help', open: !state.ui.help});
				return;
			case 'back':
				store.dispatch({type: 'ui/help', open: false});
				return;
			default:
				handleListKey(b.id, rows, cursor, store, Math.max(1, listHeight - 2));
		}
	});

	return (
		<Box flexDirection="column" width={columns} height={height}>
			<Header connection={state.connection} counts={all} theme={theme} />
			<Banner connection={state.connection} theme={theme} width={columns} />
			{state.ui.help ? (
				<HelpOverlay bindings={keymap} theme={theme} width={columns} height={listHeight} />
			) : (
				<ContainersPane rows={rows} cursor={cursor} width={columns} height={listHeight} now={now} theme={theme} loaded={state.loaded} />
			)}
			<Footer bindings={keymap} status={state.ui.status} theme={theme} width={columns} />
		</Box>
	);
}

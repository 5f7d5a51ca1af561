import {Box} from 'ink';
import {Text} from './Text.js';
import React from 'react';
import type {ConnectionState} from '../../state/types.js';
import {useNow} from '../hooks/useNow.js';
import {color, type Theme} from '../theme.js';

/** Shown while the engine is unreachable: what failed, what to do, when the next retry is. */
export function Banner(props: {connection: ConnectionState; theme: Theme; width: number}) {
	// the countdown's clock ticks only while the banner is up: an idle dashboard draws no frames
	if (props.connection.status !== 'disconnected' || !props.connection.error) return null;
	return <Disconnected {...props} />;
}

function Disconnected({connection, theme, width}: {connection: ConnectionState; theme: Theme; width: number}) {
	const now = useNow(500);
	if (!connection.error) return null;
	const wait = connection.retryAt ? Math.max(0, Math.ceil((connection.retryAt - now) / 1000)) : 0;
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={color(theme, theme.bad)} width={width} paddingX={1}>
			<Text color={color(theme, theme.bad)} bold wrap="truncate">
				✖ {connection.error.message}
			</Text>
			<Text wrap="truncate">→ {connection.error.hint}</Text>
			<Text color={color(theme, theme.dim)} wrap="truncate">
				{wait > 0 ? `Reconnecting in ${wait}s` : 'Reconnecting…'} (attempt {connection.attempts}) · q quits
			</Text>
		</Box>
	);
}
export const BANNER_HEIGHT = 5;

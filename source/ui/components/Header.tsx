import {Text} from './Text.js';
import React, {memo} from 'react';
import type {Counts} from '../../core/tree.js';
import type {ConnectionState} from '../../state/types.js';
import {color, type Theme} from '../theme.js';

/** Top line: counts first (they matter most on a narrow screen), then the engine and where it is. */
export const Header = memo(function Header({connection, counts, theme, readOnly}: {connection: ConnectionState; counts: Counts; theme: Theme; readOnly?: boolean}) {
	const engine = connection.engine;
	const status =
		connection.status === 'connected' && engine ? `engine ${engine.version.replace(/\+.*$/, '')} · API ${engine.api}` : connection.status === 'connecting' ? 'connecting…' : 'disconnected';
	return (
		<Text wrap="truncate">
			<Text bold color={color(theme, theme.accent)}>
				berth
			</Text>{' '}
			{readOnly ? (
				<Text color={color(theme, theme.warn)} bold>
					[read-only]{' '}
				</Text>
			) : null}
			{counts.total} containers · <Text color={color(theme, theme.ok)}>{counts.running} running</Text>
			{counts.unhealthy ? <Text color={color(theme, theme.bad)}> · {counts.unhealthy} unhealthy</Text> : null}
			{'  '}
			<Text color={color(theme, connection.status === 'connected' ? theme.dim : theme.bad)}>
				{status} · {connection.where.replace(/ \(default\)$/, '')}
			</Text>
		</Text>
	);
});

import {Box, useApp} from 'ink';
import React, {useEffect, useMemo, useState} from 'react';
import {sanitize} from '../core/sanitize.js';
import {countOf} from '../core/tree.js';
import {isStandalone} from '../model/subject.js';
import {selectInspectTarget} from '../state/follow.js';
import {cursorIndex, filterError, selectGroups, selectMembers, selectPorts, selectRows, selectSubject, selectSubjectLabel} from '../state/selectors.js';
import type {HandlerContext} from './handlers/index.js';
import {Banner, BANNER_HEIGHT} from './components/Banner.js';
import {ConfirmDialog} from './components/ConfirmDialog.js';
import {Footer} from './components/Footer.js';
import {Header} from './components/Header.js';
import {HelpOverlay} from './components/HelpOverlay.js';
import {MessagesOverlay} from './components/MessagesOverlay.js';
import {InputLine} from './components/InputLine.js';
import {Tabs} from './components/Tabs.js';
import {useAppState, useStore} from './hooks/useStore.js';
import {useNow} from './hooks/useNow.js';
import {useScroll} from './hooks/useScroll.js';
import {useTerminalSize} from './hooks/useTerminalSize.js';
import {PANE_SCOPES, useKeys} from './hooks/useKeys.js';
import {keymap as defaultKeymap, visibleBindings, type KeyBinding, type Scope} from './keymap.js';
import {layoutFor} from './layout.js';
import {filterLines} from './logView.js';
import {ContainersPane, listVisible} from './panes/ContainersPane.js';
import {ImagesPane, pullHeight} from './panes/ImagesPane.js';
import {scanHeight} from './components/ScanResult.js';
import {visibleScan} from '../state/scan.js';
import {ResourcePane, resourceVisible} from './panes/ResourcePane.js';
import {isResourceKind} from '../state/resources.js';
import {cellContext, resourceFilterError, selectedResource, selectResourceRows, SPECS} from '../state/view/resources.js';
import {DoctorPane} from './panes/DoctorPane.js';
import {GroupsPane} from './panes/GroupsPane.js';
import {InspectPane} from './panes/InspectPane.js';
import {LogsPane} from './panes/LogsPane.js';
import {PortsPane} from './panes/PortsPane.js';
import {SOURCE_WORDS, StatsPane} from './panes/StatsPane.js';
import {EventsPane} from './panes/EventsPane.js';
import {eventsFilterError, selectEventRows, type EventRow} from '../state/events.js';
import {useServices} from './services.js';
import {color, makeTheme, type Theme} from './theme.js';
import {Text} from './components/Text.js';

const NO_ROWS: never[] = [];
const NO_EVENTS: EventRow[] = [];

/** The smallest terminal the dashboard draws in. */
export const MIN_COLUMNS = 40;
export const MIN_ROWS = 12;

export interface AppProps {
	theme?: Theme;
	bindings?: KeyBinding[];
	/** called on quit (the runner restores the terminal and stops streams) */
	onQuit?: () => void;
	/** a fixed clock (tests): frames stay deterministic */
	now?: number;
}

export {PANE_SCOPES};

export function App({theme = makeTheme(), bindings: given, onQuit, now: fixedNow}: AppProps) {
	const store = useStore();
	const services = useServices();
	const {exit} = useApp();
	const {columns, rows: termRows} = useTerminalSize();
	// the slices the screen draws (not the whole state: what only the effects read redraws nothing)
	const ui = useAppState((s) => s.ui);
	const containers = useAppState((s) => s.containers);
	const connection = useAppState((s) => s.connection);
	const loaded = useAppState((s) => s.loaded);
	const stats = useAppState((s) => s.stats);
	const host = useAppState((s) => s.host);
	const statsSource = useAppState((s) => s.statsSource);
	const logs = useAppState((s) => s.logs);
	const inspect = useAppState((s) => s.inspect);
	const doctor = useAppState((s) => s.doctor);
	const resources = useAppState((s) => s.resources);
	// the events slice changes with every batch: read only while its pane is shown
	const events = useAppState((s) => (s.ui.pane === 'events' ? s.events : null));
	const eventRows = useAppState((s) => (s.ui.pane === 'events' ? selectEventRows(s) : NO_EVENTS));
	const bindings = useMemo(() => visibleBindings(given ?? defaultKeymap, {readOnly: services.readOnly, ...(services.allowed ? {allowed: services.allowed} : {})}), [given, services.readOnly, services.allowed]);
	// a clock for the spinner (busy), the stats pane's "sample 0.4s ago", uptimes and staleness
	// Uptimes read in seconds only in a container's first minute: the list redraws for them every 10 s then (an uptime
	// lags at most that); otherwise only stats batches that change a value, and a 30 s clock: an idle screen draws no frames.
	// "young" is judged by the clock itself, so it ends when the minute is over even if nothing else changes.
	const [clockMs, setClockMs] = useState(30_000);
	const ticking = useNow(ui.status?.kind === 'busy' ? 120 : ui.pane === 'stats' ? 1000 : clockMs);
	const young = useMemo(() => Object.values(containers).some((c) => c.state === 'running' && c.started_at !== null && ticking - Date.parse(c.started_at) < 60_000), [containers, ticking]);
	useEffect(() => setClockMs(young ? 10_000 : 30_000), [young]);
	const now = fixedNow ?? ticking;

	const banner = connection.status === 'disconnected' ? BANNER_HEIGHT : 0;
	const L = layoutFor(columns, termRows, ui.pane, banner);
	const rows = useAppState(selectRows);
	const cursor = cursorIndex(rows, ui.cursor);
	const offset = useScroll(cursor, listVisible(L.main), rows.length);
	const groups = useAppState(selectGroups);
	const groupCursor = cursorIndex(groups, ui.groupCursor);
	const groupOffset = useScroll(groupCursor, listVisible(L.main), groups.length);
	const ports = useAppState(selectPorts);
	const portOffset = useScroll(Math.min(ui.portCursor, ports.length - 1), listVisible(L.main), ports.length);
	const all = useMemo(() => countOf(Object.values(containers)), [containers]);
	const filterErr = useAppState(filterError);
	// images / volumes / networks: one list pane for the three (state/view/resources.ts)
	const kind = isResourceKind(ui.pane) ? ui.pane : null;
	const resRows = useAppState((s) => (kind ? selectResourceRows(s, kind) : NO_ROWS));
	const resCursor = useAppState((s) => (kind ? selectedResource(s, kind).index : 0));
	const resFilterErr = useAppState((s) => (kind ? resourceFilterError(s, kind) : null));
	const scan = useAppState((s) => (kind === 'images' ? visibleScan(s) : null));
	const resListH = kind === 'images' ? Math.max(2, L.main - pullHeight(resources.pull, L.main) - scanHeight(scan, L.main, L.width)) : L.main;
	const resOffset = useScroll(resCursor, resourceVisible(resListH), resRows.length);

	// what logs, stats, inspect and doctor show (the effects follow the same selectors: state/follow.ts)
	const subject = useAppState(selectSubject);
	const members = useAppState(selectMembers);
	const label = useAppState(selectSubjectLabel);
	const inspectTarget = useAppState(selectInspectTarget);
	const logLines = useMemo(() => filterLines(logs.lines, ui.logView.filter), [logs.lines, ui.logView.filter]);
	const inspectLines = useMemo(() => (inspect.text ? inspect.text.replace(/\n$/, '').split('\n') : []), [inspect.text]);

	// what is on screen is state too: the effects open streams for the visible rows and the preview
	const listRows = listVisible(L.main);
	useEffect(() => store.dispatch({type: 'view/set', view: {listRows, listOffset: offset, preview: L.preview > 0}}), [listRows, offset, L.preview > 0]);

	const list = kind ? ui.lists[kind] : null;
	const firstSort = kind ? SPECS[kind].columns[0]!.id : 'name';
	const extra = list
		? [list.filter ? `filter ${list.filter}` : '', list.sort.by !== firstSort || list.sort.desc ? `sort ${list.sort.by}${list.sort.desc ? '▼' : '▲'}` : ''].filter(Boolean).join(' · ')
		: [ui.filter ? `filter ${ui.filter}` : '', ui.sort.by !== 'name' || ui.sort.desc ? `sort ${ui.sort.by}${ui.sort.desc ? '▼' : '▲'}` : ''].filter(Boolean).join(' · ');
	// a resource pane names its selected row (what its keys act on)
	const resRow = kind ? resRows[resCursor] : undefined;
	const shownLabel = kind ? (resRow ? `${SPECS[kind].noun} ${SPECS[kind].label(resRow)}` : '') : label;
	const tabRight = sanitize([shownLabel, extra].filter(Boolean).join(' · '));
	// the terminal's mouse reporting follows the state (m toggles); off while the screen is away (a shell)
	useEffect(() => {
		services.mouse?.(ui.mouse);
	}, [ui.mouse]);
	useEffect(() => () => services.mouse?.(false), []);

	const scopes: Scope[] = ui.confirm ? ['dialog'] : PANE_SCOPES[ui.pane];
	const page = Math.max(1, L.main - 2);
	// keys act on the store as it is now (a dispatch may not have rendered yet)
	const context = (): HandlerContext => {
		const st = store.getState();
		const r = selectRows(st);
		const g = selectGroups(st);
		return {
			store,
			state: st,
			services,
			bindings,
			rows: r,
			cursor: cursorIndex(r, st.ui.cursor),
			groups: g,
			groupCursor: cursorIndex(g, st.ui.groupCursor),
			ports: selectPorts(st),
			page,
			logLines: st.logs.lines === logs.lines && st.ui.logView.filter === ui.logView.filter ? logLines : filterLines(st.logs.lines, st.ui.logView.filter),
			logVisible: Math.max(1, L.main - 1),
			width: L.width,
			screen: {banner, width: L.width, offset, groupOffset, portOffset, resourceOffset: resOffset, tabRight: tabRight.length},
			inspectLines: st.inspect.text === inspect.text ? inspectLines : st.inspect.text.replace(/\n$/, '').split('\n'),
			quit: () => {
				onQuit?.();
				exit();
			},
			now: () => fixedNow ?? Date.now(),
		};
	};

	useKeys(context, bindings);

	// the same array while the scopes are the same: the footer (memo) draws again only when it changes
	const hintBindings = useMemo(() => {
		const hints = bindings.filter((b) => scopes.includes(b.scope));
		hints.sort((a, b) => scopes.indexOf(a.scope) - scopes.indexOf(b.scope));
		return hints;
	}, [bindings, scopes.join(' ')]);
	const marked = Object.keys(ui.marked).length;

	// below 40×12 the layout cannot hold: say so (keys still work: q quits, a resize brings the screen back)
	if (columns < MIN_COLUMNS || termRows < MIN_ROWS) {
		return (
			<Box width={Math.max(1, columns)} height={Math.max(1, termRows - 1)} overflow="hidden">
				<Text wrap="wrap" color={color(theme, theme.warn)}>
					{`terminal too small (${columns}×${termRows}, needs ${MIN_COLUMNS}×${MIN_ROWS}) · q quits`}
				</Text>
			</Box>
		);
	}

	let main: React.ReactNode;
	// a confirm dialog sits under the pane (the list stays in view above it)
	const names = ui.confirm ? (ui.confirm.names ?? ui.confirm.ids.map((id) => containers[id]?.name ?? id.slice(0, 12))).map((n) => sanitize(n)) : [];
	const dialogH = ui.confirm ? Math.min(names.length, 6) + 4 : 0;
	const mainProps = {width: L.width, height: ui.confirm ? Math.max(3, L.main + L.preview - dialogH) : L.main, theme};
	switch (ui.pane) {
		case 'containers':
			main = <ContainersPane {...mainProps} rows={rows} cursor={cursor} offset={offset} now={now} loaded={loaded} filter={ui.filter} filterError={filterErr} marked={ui.marked} stats={stats} sort={ui.sort} />;
			break;
		case 'groups':
			main = <GroupsPane {...mainProps} rows={groups} cursor={groupCursor} offset={groupOffset} />;
			break;
		case 'ports':
			main = <PortsPane {...mainProps} rows={ports} cursor={Math.min(ui.portCursor, ports.length - 1)} offset={portOffset} />;
			break;
		case 'logs':
			main = <LogsPane {...mainProps} logs={logs} view={ui.logView} label={label} />;
			break;
		case 'stats':
			main = <StatsPane {...mainProps} label={label} containers={members} stats={stats} host={host} now={now} source={statsSource} />;
			break;
		case 'inspect':
			main = <InspectPane {...mainProps} inspect={inspect} label={inspectTarget ? sanitize(`container ${inspectTarget.name}`) : label} lines={inspectLines} scroll={ui.inspectScroll} search={ui.inspectSearch} />;
			break;
		case 'doctor':
			main = <DoctorPane {...mainProps} doctor={doctor} label={label} cursor={ui.doctorCursor} />;
			break;
		case 'images':
		case 'volumes':
		case 'networks': {
			const k = ui.pane;
			const props = {...mainProps, spec: SPECS[k], rows: resRows, cursor: resCursor, offset: resOffset, cells: cellContext(store.getState(), now), loaded: resources[k].loaded, error: resources[k].error, filter: ui.lists[k].filter, filterError: resFilterErr, sort: ui.lists[k].sort};
			main = k === 'images' ? <ImagesPane {...props} history={resources.history} pull={resources.pull} scan={scan} /> : <ResourcePane {...props} />;
			break;
		}
		case 'events':
			main = <EventsPane {...mainProps} rows={eventRows} total={(events?.rows.length ?? 0) + (ui.eventsView.health ? (events?.health.length ?? 0) : 0)} dropped={events?.dropped ?? 0} healthHidden={events?.healthHidden ?? 0} view={ui.eventsView} filterError={eventsFilterError(ui.eventsView.filter)} />;
			break;
	}

	return (
		<Box flexDirection="column" width={L.width} height={L.height}>
			<Header connection={connection} counts={all} theme={theme} readOnly={services.readOnly} />
			<Tabs pane={ui.pane} subject={shownLabel} width={L.width} theme={theme} extra={extra} />
			<Banner connection={connection} theme={theme} width={L.width} />
			{ui.help ? (
				<HelpOverlay bindings={bindings} scopes={[...PANE_SCOPES[ui.pane], 'dialog']} theme={theme} width={L.width} height={L.main + L.preview} scroll={ui.helpScroll} note={statsSource ? `stats from the ${SOURCE_WORDS[statsSource]} (BERTH_STATS=api|cgroup chooses)` : undefined} />
			) : ui.showMessages && !ui.confirm ? (
				<MessagesOverlay messages={ui.messages} theme={theme} width={L.width} height={L.main + L.preview} />
			) : ui.confirm ? (
				<>
					{main}
					<Box height={dialogH} width={L.width} justifyContent="center">
						<ConfirmDialog confirm={ui.confirm} names={names} theme={theme} width={L.width} />
					</Box>
				</>
			) : (
				<>
					{main}
					{L.preview > 0 ? <LogsPane logs={logs} view={ui.logView} label={label} width={L.width} height={L.preview} theme={theme} preview empty={isStandalone(subject) ? 'Standalone containers share nothing: select one to see its logs, or press 4 for all of them.' : undefined} /> : null}
				</>
			)}
			{ui.input ? (
				<InputLine kind={ui.input.kind} text={ui.input.text} theme={theme} note={ui.input.kind === 'filter' ? ((kind ? resFilterErr : filterErr) ? `regex: ${kind ? resFilterErr : filterErr}` : 'substring or /regex/ · enter keeps · esc clears') : ui.input.kind === 'eventfilter' ? 'substring, /regex/ or type:… action:… name:… · enter keeps · esc clears' : ui.input.note} />
			) : (
				<Footer bindings={hintBindings} status={ui.status} theme={theme} width={L.width} marked={marked} now={now} />
			)}
		</Box>
	);
}

/** Every published port across containers; two bindings of one host port and protocol whose addresses overlap conflict. */
import type {ContainerRecord} from '../../model/container.js';
import {addressesOverlap} from '../../model/port.js';

export interface PortRow {
	key: string;
	host_ip: string;
	host_port: number;
	container_port: number;
	protocol: string;
	container: string;
	id: string;
	state: string;
	conflict: boolean;
}


export function portRows(records: Iterable<ContainerRecord>): PortRow[] {
	const rows: PortRow[] = [];
	for (const c of records) {
		for (const p of c.ports) {
			rows.push({key: `${c.id}:${p.host_ip}:${p.host_port}/${p.protocol}`, ...p, container: c.name, id: c.id, state: c.state, conflict: false});
		}
	}
	rows.sort((a, b) => a.host_port - b.host_port || a.protocol.localeCompare(b.protocol) || a.host_ip.localeCompare(b.host_ip) || a.container.localeCompare(b.container));
	for (let i = 0; i < rows.length; i++) {
		for (let j = i + 1; j < rows.length && rows[j]!.host_port === rows[i]!.host_port; j++) {
			const a = rows[i]!;
			const b = rows[j]!;
			// IPv4 and IPv6 wildcards of the same container are one binding, not a conflict
			if (a.protocol === b.protocol && a.id !== b.id && addressesOverlap(a.host_ip, b.host_ip)) a.conflict = b.conflict = true;
		}
	}
	return rows;
}

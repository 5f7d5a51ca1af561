/**
 * A container's full inspect, as the engine answers it (the engine's field names). The fields berth
 * reads are typed; the rest is kept as it came (the inspect pane shows all of it).
 */
export interface InspectData {
	Id: string;
	Name: string;
	Image?: string;
	Path?: string;
	Args?: string[];
	RestartCount?: number;
	State: {
		Status?: string;
		Running?: boolean;
		Restarting?: boolean;
		OOMKilled?: boolean;
		ExitCode?: number;
		Error?: string;
		StartedAt?: string;
		FinishedAt?: string;
		Health?: {Status?: string; FailingStreak?: number; Log?: Array<{ExitCode?: number; Output?: string; End?: string}> | null};
	};
	Config?: {Image?: string; Labels?: Record<string, string> | null; Entrypoint?: string[] | string | null; Cmd?: string[] | string | null; User?: string; Env?: string[] | null; WorkingDir?: string};
	HostConfig?: {
		Memory?: number;
		MemorySwap?: number;
		Runtime?: string;
		RestartPolicy?: {Name?: string; MaximumRetryCount?: number};
		PortBindings?: Record<string, Array<{HostIp?: string; HostPort?: string}> | null> | null;
		DeviceRequests?: Array<{Driver?: string; Count?: number; DeviceIDs?: string[] | null; Capabilities?: string[][] | null}> | null;
		Binds?: string[] | null;
		Mounts?: Array<{Type?: string; Source?: string; Target?: string}> | null;
	};
	Mounts?: Array<{Type?: string; Source?: string; Destination?: string; RW?: boolean}>;
}

export type ContainerInspect = InspectData & {[field: string]: unknown};

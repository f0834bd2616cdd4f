import type { RequestListener } from 'node:http';

export interface ChildStats {
  requests: number;
  statements: number;
  rssMb: number;
  peakRssMb: number;
  /** CPU time the process has used (user + system), ms */
  cpuMs: number;
}

export interface Counters {
  statements: number;
}

export function serveForBench(listener: RequestListener, counters: Counters, onClose: () => Promise<void>): void;

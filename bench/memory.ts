/** Benchmark 4: what the process holds before and after the app benchmarks (no GC is forced). */
export interface MemorySnapshot {
  label: string;
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
}

const MB = 1024 * 1024;

export function memorySnapshot(label: string): MemorySnapshot {
  const m = process.memoryUsage();
  const mb = (bytes: number) => Math.round((bytes / MB) * 10) / 10;
  return {
    label,
    rssMb: mb(m.rss),
    heapUsedMb: mb(m.heapUsed),
    heapTotalMb: mb(m.heapTotal),
    externalMb: mb(m.external),
  };
}

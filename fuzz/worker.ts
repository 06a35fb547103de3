// The worker main.ts runs one target in: a heartbeat (the index of the input under way) in
// shared memory for the watchdog, each crash posted as it is found, the summary at the end.
import { parentPort, workerData } from 'node:worker_threads';
import { runFuzz } from './runner.js';
import { TARGETS } from './targets.js';

export interface WorkerJob {
  target: string;
  seed: number;
  from: number;
  count: number;
  warmup: number;
  /** Int32[0]: index of the input under way + 1 (0 while loading seeds); [1]: domain errors; [2]: its time limit (ms). */
  heartbeat: SharedArrayBuffer;
}

const job = workerData as WorkerJob;
const beat = new Int32Array(job.heartbeat);
const res = await runFuzz(TARGETS[job.target]!, {
  seed: job.seed,
  from: job.from,
  count: job.count,
  warmup: job.warmup,
  onStart: (i, limitMs) => {
    Atomics.store(beat, 2, limitMs);
    Atomics.store(beat, 0, i + 1);
  },
  onCrash: (c) => parentPort!.postMessage({ crash: c }),
  onDomainError: () => Atomics.add(beat, 1, 1),
});
parentPort!.postMessage({ done: { ...res, crashes: [] } });

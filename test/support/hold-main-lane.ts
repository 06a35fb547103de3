import { digestRanges, LANE_MIN_BYTES } from '../../src/util/hash-lanes.js';

/**
 * Takes the main thread's hashing lane (util/hash-lanes.ts) with a range whose `here` waits, so
 * that the next large range goes to a worker; resolves once taken, to the function that frees it.
 */
export async function holdMainLane(): Promise<() => Promise<void>> {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let taken!: () => void;
  const running = new Promise<void>((r) => (taken = r));
  // never read: the main thread's lane runs `here`, which only waits
  const done = digestRanges([{ fd: -1, pos: 0, length: LANE_MIN_BYTES }], 'sha256', async () => {
    taken();
    await held;
  });
  await running;
  return async () => {
    release();
    await done;
  };
}

// Preloaded (NODE_OPTIONS=--import) by bench/copy's durable-writes case only: makes FileHandle
// sync and datasync (all the product flushes through) no-ops, so the same build runs with and
// without flushing to disk and the difference is what durability costs. Never used by the product.
import { open } from 'node:fs/promises';

const fh = await open(new URL(import.meta.url), 'r');
const proto = Object.getPrototypeOf(fh);
await fh.close();
proto.sync = async function () {};
proto.datasync = async function () {};

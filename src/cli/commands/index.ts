import type { Command } from 'commander';
import type { RuntimeHost } from '../runtime.js';
import { copyCommand } from './copy.js';
import { inspectCommand } from './inspect.js';
import { templateCommand } from './template.js';
import { imagesCommand } from './images.js';
import { bundleCommand } from './bundle.js';
import { pushCommand } from './push.js';
import { valuesCommand } from './values.js';
import { postrenderCommand } from './postrender.js';
import { verifyCommand } from './verify.js';
import { loginCommand } from './login.js';
import { syncCommand } from './sync.js';
import { mirrorsCommand } from './mirrors.js';
import { versionCommand } from './version.js';

/** Every command, in the order `--help` lists them. One file per command, each glue only. */
export const COMMANDS: ReadonlyArray<(host: RuntimeHost) => Command> = [
  imagesCommand,
  bundleCommand,
  pushCommand,
  syncCommand,
  verifyCommand,
  loginCommand,
  mirrorsCommand,
  valuesCommand,
  postrenderCommand,
  templateCommand,
  copyCommand,
  inspectCommand,
  versionCommand,
];

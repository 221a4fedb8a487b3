import type { CommandDef } from '../src/command.js';
import { about } from './about.js';
import { ask } from './ask.js';
import { convertCommand } from './convert.js';
import { createDailyCommand } from './daily.js';
import { fact } from './fact.js';
import { help } from './help.js';
import { project } from './project.js';

/** The registry: every command Wattson serves, on every platform, in the order help lists them. */
export const commands: readonly CommandDef[] = [ask, fact, convertCommand, project, createDailyCommand(), about, help];

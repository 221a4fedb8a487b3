import type { Command } from '../src/dispatch/command.js';
import { about } from './about.js';
import { ask } from './ask.js';
import { compare } from './compare.js';
import { convertCommand } from './convert.js';
import { daily } from './daily.js';
import { fact } from './fact.js';
import { feedback } from './feedback.js';
import { help } from './help.js';
import { project } from './project.js';

/** The registry: every command Wattson serves, on every platform, in the order help lists them. */
export const commands: readonly Command[] = [ask, fact, convertCommand, compare, project, daily, feedback, about, help];

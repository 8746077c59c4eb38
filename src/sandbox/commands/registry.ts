// Every command the sandbox answers, by name; anything else is CommandNotFound (59).
import type { CommandHandler } from '../server/dispatch';
import { adminCommands } from './admin';
import { authCommands } from './auth';
import { crudCommands } from './crud';
import { ddlCommands } from './ddl';
import { readCommands } from './read';

export const COMMANDS: Record<string, CommandHandler> = {
  ...adminCommands,
  ...authCommands,
  ...crudCommands,
  ...readCommands,
  ...ddlCommands,
};

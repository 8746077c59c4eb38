// Public entry of the doctor room: facts from the server, pure checks, recipes, the one safe fix.
export * from './model';
export * from './facts';
export * from './gather';
export * from './checks';
export * from './privileges';
export * from './recipes';
export * from './version';
export * from './watchErrors';

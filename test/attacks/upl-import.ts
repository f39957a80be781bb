// ATTACK: upload a TypeScript hook with value imports (node:fs, child_process) and a require() call
// at the top level, to get real modules at load time.
// MODE: upload
// EXPECT: rejected
// @ts-nocheck
import { readFileSync } from 'node:fs';
import cp from 'child_process';
const os = require('os');
export function revoke(): boolean { return typeof readFileSync === 'function' && !!cp && !!os; }

// The admin credential: ADMIN_TOKEN if set; otherwise generated once, kept in DATA_DIR/admin-token
// with mode 0600. The caller logs the file's path, never the value.
import fs from 'node:fs';
import path from 'node:path';
import { newOpaqueValue } from './oauth/tokens.js';

export function resolveAdminToken(configured: string | undefined, dataDir: string): { token: string; file: string | null; created: boolean } {
  if (configured) return { token: configured, file: null, created: false };
  const file = path.join(dataDir, 'admin-token');
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 16) return { token: existing, file, created: false };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const token = newOpaqueValue();
  fs.mkdirSync(dataDir, { recursive: true });
  // 'wx': never clobber a file another process created meanwhile
  fs.writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return { token, file, created: true };
}

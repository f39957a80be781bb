// The service logger: pino, JSON lines on stdout. Secrets are redacted by path, as a second line of
// defence behind never logging them in the first place.
import { pino, type Logger } from 'pino';

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'revoke-hooks' },
    redact: { paths: ['*.client_secret', '*.token', '*.access_token', '*.refresh_token', '*.authorization', 'adminToken'], censor: '[redacted]' },
  });
}

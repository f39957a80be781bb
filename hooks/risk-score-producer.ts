// risk-score-producer: first hook of a pair showing getContextVariables(). It computes a crude
// "risk score" for the request (public client, long-lived token, unknown user agent) and passes
// it to the next hook through the request's context variables. Never vetoes.
// DISABLED by default (risk-score-producer.json): a demonstration, it adds a call per request.
// Runs before risk-score-consumer (order 50 < 60). Style: `export default { revoke }`.
import type { RevokeContext } from './revoke-hook';

enum Risk {
  Low = 0,
  Medium = 1,
  High = 2,
}

export default {
  revoke(context: RevokeContext): boolean {
    let score = Risk.Low;
    if (context.getClient().isPublic()) score++;
    const expiresAt = context.getToken().getExpiresAt();
    if (expiresAt === null || expiresAt - Date.now() / 1000 > 30 * 24 * 3600) score++;
    if (context.getHttpRequest().getHeader('user-agent') === null) score++;
    context.getContextVariables().set('riskScore', Math.min(score, Risk.High));
    return true;
  },
};

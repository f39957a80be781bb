// risk-score-consumer: second hook of the getContextVariables() pair. It reads the `riskScore`
// left by risk-score-producer (which runs first: order 50 < 60), logs it, and exposes it as an
// `X-Risk-Score` response header. Never vetoes.
// DISABLED by default (risk-score-consumer.json), like its producer.
// Style: Gluu's Python class name, a top-level `class RevokeToken` with the lifecycle methods.

class RevokeToken {
  constructor(currentTimeMillis) {
    this.startedAt = currentTimeMillis;
  }

  getApiVersion() {
    return 11;
  }

  /** @param {RevokeContext} context */
  revoke(context) {
    const vars = context.getContextVariables();
    if (!vars.has('riskScore')) {
      context.getLog().warn('no riskScore: is risk-score-producer enabled and ordered first?');
      return true;
    }
    const score = vars.get('riskScore');
    context.getLog().info('risk score {} for client {}', score, context.getClient().getClientId());
    context.getResponseBuilder().header('X-Risk-Score', String(score));
    return true;
  }
}

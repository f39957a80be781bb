// service-scope-cidr: refuses to revoke tokens that carry the `service` scope unless the caller's
// IP address is inside one of the networks listed in the configuration attribute
// `allowedNetworks` (value1: comma-separated CIDRs, IPv4 or IPv6). A refusal answers like Gluu: the
// usual empty 200, nothing revoked, plus a warning in the hook log.
// DISABLED by default (service-scope-cidr.json "enabled": false): it changes revocation outcomes,
// so an operator must set the networks and enable it deliberately. onError is "skip" (fail
// closed for service tokens: if this policy cannot be evaluated, do not revoke).
// ES module style: a default-exported class; init() refuses to load without valid networks.
import type { ConfigurationAttributes, RevokeContext } from './revoke-hook';

const SCOPE = 'service';

function networksOf(attrs: ConfigurationAttributes): string[] {
  const raw = attrs.get('allowedNetworks')?.getValue1() ?? '';
  return raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

export default class ServiceScopeCidr {
  init(configurationAttributes: ConfigurationAttributes): boolean {
    const nets = networksOf(configurationAttributes);
    if (nets.length === 0) {
      console.error('allowedNetworks is empty; refusing to load');
      return false;
    }
    console.info(`service tokens may be revoked from ${nets.join(', ')}`);
    return true;
  }

  revoke(context: RevokeContext): boolean {
    const scopes = context.getToken().getScopes();
    if (!scopes.includes(SCOPE)) return true;
    const nets = networksOf(context.getConfigurationAttributes());
    if (nets.some((cidr) => context.isInNetwork(cidr))) return true;
    context.getLog().warn('refusing to revoke a {} token for client {} from {}', SCOPE, context.getClient().getClientId(), context.getIpAddress());
    return false;
  }
}

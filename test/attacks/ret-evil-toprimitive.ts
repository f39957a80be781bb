// ATTACK: an object that pretends to be false through every coercion hook (Symbol.toPrimitive,
// valueOf, toString, toJSON, Symbol.toStringTag "Boolean"), hoping a loose host check reads it.
// EXPECT: fail
// @ts-nocheck
class RevokeToken {
  revoke(context: RevokeContext): unknown {
    if (context.getGrant().getSubject() !== context.getScript().getName()) return true;
    return {
      [Symbol.toPrimitive]: () => false,
      valueOf: () => false,
      toString: () => 'false',
      toJSON: () => false,
      [Symbol.toStringTag]: 'Boolean',
    };
  }
}

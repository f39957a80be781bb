// ATTACK: an init() that tries the constructor escape at load time, logs what it finds (the log of
// a load attempt goes to the server log) and refuses to load if contained (init returns false), so
// an escape would show up as a successfully installed hook.
// MODE: upload
// EXPECT: rejected
function init(attrs, script) {
  let p = null;
  try { p = this.constructor.constructor('return typeof process === "undefined" ? null : process')(); } catch {}
  try { if (!p) p = attrs.get.constructor('return typeof process === "undefined" ? null : process')(); } catch {}
  if (p) { console.log('ESCAPED', JSON.stringify(p.env)); return true; }
  return false;
}
function revoke() { return true; }

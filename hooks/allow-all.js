// allow-all: the Gluu sample "Revoke Token" script, ported. It revokes every token it is asked
// about and leaves the response alone, so it is the same as having no hook at all.
// DISABLED by default (allow-all.json): it changes nothing, and every enabled hook costs a sandbox
// call on each revocation. It is the template to start from: copy it, set "enabled": true.
// Script style: a top-level `revoke` function (with the optional Gluu lifecycle functions).

function init(configurationAttributes) {
  console.info('Revoke Token script. Initialized successfully');
  return true;
}

function destroy(configurationAttributes) {
  console.info('Revoke Token script. Destroyed successfully');
  return true;
}

function getApiVersion() {
  return 11;
}

// Called for every revocation request. true = revoke, false = skip.
/** @param {RevokeContext} context */
function revoke(context) {
  return true;
}

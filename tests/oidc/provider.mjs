// A real OpenID Connect provider (node oidc-provider, certified) that the login tests start on
// loopback. Its configuration is a JSON file named on the command line:
//   {"port": N, "clients": [...], "accounts": {"<login>": {claims}}}
// Any password is accepted for a listed login (the library's development interactions); the
// account's claims are released by scope (cpr: the CPR claim, as MitID through NemLog-in does;
// erhverv: the company's CVR number and the person's e-mail, as MitID Erhverv does; staff: the
// e-mail a municipality's identity provider releases, and claims a hostile one might add). An
// account's "amr" is not a claim of the account: it is how the login went, so it is put on the
// login (the session), and the provider writes it into the ID token as a real provider does.
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const issuer = `http://127.0.0.1:${config.port}`;
const provider = new Provider(issuer, {
  clients: config.clients,
  claims: {
    openid: ['sub', 'amr'],  // amr: how the user logged in (the login's, not the account's)
    profile: ['name'],
    cpr: ['cpr'],
    erhverv: ['cvr', 'email'],
    staff: ['email', 'role', 'municipality', 'is_superuser'],
  },
  scopes: ['openid', 'profile', 'cpr', 'erhverv', 'staff'],
  findAccount: (ctx, id) => {
    if (!config.accounts[id]) return undefined;
    const { amr, ...claims } = config.accounts[id];
    return { accountId: id, claims: () => ({ sub: id, ...claims }) };
  },
  cookies: { keys: ['loopback-test-only'] },
  features: { devInteractions: { enabled: true } },
  conformIdTokenClaims: false,  // the claims also in the ID token, as NemLog-in's broker does
});
// The development login form only names the account; the account's amr goes with it.
const interactionFinished = provider.interactionFinished.bind(provider);
provider.interactionFinished = (req, res, result, options) => {
  const amr = result.login && config.accounts[result.login.accountId]?.amr;
  if (amr) result.login.amr = amr;
  return interactionFinished(req, res, result, options);
};
provider.listen(config.port, '127.0.0.1', () => console.log(`ready ${issuer}`));

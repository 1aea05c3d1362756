// A real OpenID Connect provider (node oidc-provider, certified) that the login tests start on
// loopback. Its configuration is a JSON file named on the command line:
//   {"port": N, "clients": [...], "accounts": {"<login>": {claims}}}
// Any password is accepted for a listed login (the library's development interactions); the
// account's claims are released by scope (cpr: the CPR claim, as MitID through NemLog-in does;
// erhverv: the company's CVR number and the person's e-mail, as MitID Erhverv does).
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const issuer = `http://127.0.0.1:${config.port}`;
const provider = new Provider(issuer, {
  clients: config.clients,
  claims: { openid: ['sub'], profile: ['name'], cpr: ['cpr'], erhverv: ['cvr', 'email'] },
  scopes: ['openid', 'profile', 'cpr', 'erhverv'],
  findAccount: (ctx, id) => {
    const claims = config.accounts[id];
    if (!claims) return undefined;
    return { accountId: id, claims: () => ({ sub: id, ...claims }) };
  },
  cookies: { keys: ['loopback-test-only'] },
  features: { devInteractions: { enabled: true } },
  conformIdTokenClaims: false,  // the claims also in the ID token, as NemLog-in's broker does
});
provider.listen(config.port, '127.0.0.1', () => console.log(`ready ${issuer}`));

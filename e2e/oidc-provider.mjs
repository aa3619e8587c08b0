// A local OpenID Connect provider for the browser checks: panva's oidc-provider with one client (stip; PKCE required,
// client_secret_basic) and one test user, "jan". Its built-in development pages ask for a login and a consent.
// Usage: OIDC_PORT=<port> STIP_URL=http://127.0.0.1:<stip port> node oidc-provider.mjs
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT ?? 4000);
const stip = process.env.STIP_URL ?? 'http://127.0.0.1:8080';
export const ISSUER = `http://127.0.0.1:${port}`;
export const CLIENT = { id: 'stip', secret: 'stip-test-geheim-dat-lang-genoeg-is' };

const gebruikers = {
  jan: { name: 'Jan Jansen', given_name: 'Jan', family_name: 'Jansen', email: 'jan.jansen@voorbeeld.nl', email_verified: true },
};

const provider = new Provider(ISSUER, {
  clients: [{
    client_id: CLIENT.id,
    client_secret: CLIENT.secret,
    redirect_uris: [`${stip}/inloggen/oidc/terug`],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  pkce: { required: () => true },
  claims: { openid: ['sub'], profile: ['name', 'given_name', 'family_name'], email: ['email', 'email_verified'] },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['stip-e2e-cookie-sleutel'] },
  async findAccount(_ctx, id) {
    const claims = gebruikers[id];
    if (!claims) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
  },
});

provider.listen(port, '127.0.0.1', () => console.log(`oidc-provider ready at ${ISSUER}`));

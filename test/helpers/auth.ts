import { createTokenVerifier } from '../../src/auth/verify.ts';
import type { RunningEmulator } from '../../src/emulator/app.ts';
import type { AnonymousPolicy } from '../../src/plugins/use-auth.ts';
import type { GatewayAuthOptions } from '../../src/yoga.ts';

/**
 * Authentication as the server sets it up for an emulator: tokens verified against the emulator's
 * key set and organisation. `gateway-credential` (the embedded default) lets requests without
 * Authorization run with the emulator's integration credential; `refuse` is the deployed default.
 */
export function emulatorAuth(
  emulator: RunningEmulator,
  anonymous: AnonymousPolicy = 'gateway-credential',
): GatewayAuthOptions {
  return {
    verifier: createTokenVerifier({
      jwksUrl: emulator.jwksUrl,
      organization: emulator.organization.slug,
    }),
    anonymous,
  };
}

/** A token from the emulator's token endpoint: its integration, guest (sales channel) or demo customer. */
export async function emulatorToken(
  emulator: RunningEmulator,
  kind: 'integration' | 'sales_channel' | 'customer',
): Promise<string> {
  const { integration, salesChannel, customer } = emulator.credentials;
  const body =
    kind === 'integration'
      ? {
          grant_type: 'client_credentials',
          client_id: integration.clientId,
          client_secret: integration.clientSecret,
        }
      : kind === 'sales_channel'
        ? { grant_type: 'client_credentials', client_id: salesChannel.clientId }
        : {
            grant_type: 'password',
            client_id: salesChannel.clientId,
            username: customer.email,
            password: customer.password,
          };
  const response = await fetch(emulator.authUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { access_token?: string };
  if (!json.access_token) {
    throw new Error(`the emulator issued no ${kind} token (status ${response.status})`);
  }
  return json.access_token;
}

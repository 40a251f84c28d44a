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

import type { RunningEmulator } from '../../../src/emulator/app.ts';

export const JSON_API = 'application/vnd.api+json';

/** Asks the emulator's token endpoint for a token (JSON body, as js-auth sends it). */
export async function requestToken(
  emulator: RunningEmulator,
  body: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(emulator.authUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export async function integrationToken(emulator: RunningEmulator): Promise<string> {
  const { integration } = emulator.credentials;
  const { status, body } = await requestToken(emulator, {
    grant_type: 'client_credentials',
    client_id: integration.clientId,
    client_secret: integration.clientSecret,
  });
  if (status !== 200) {
    throw new Error(`token request failed: ${status} ${JSON.stringify(body)}`);
  }
  return body.access_token as string;
}

export async function customerToken(emulator: RunningEmulator): Promise<Record<string, unknown>> {
  const { salesChannel, customer, marketScope } = emulator.credentials;
  const { status, body } = await requestToken(emulator, {
    grant_type: 'password',
    client_id: salesChannel.clientId,
    username: customer.email,
    password: customer.password,
    scope: marketScope,
  });
  if (status !== 200) {
    throw new Error(`password grant failed: ${status} ${JSON.stringify(body)}`);
  }
  return body;
}

/** GET/POST/... on `/api/<path>` with the JSON:API headers and a bearer token. */
export function apiFetch(
  emulator: RunningEmulator,
  token: string,
  path: string,
  init: RequestInit = {},
): Promise<Response> {
  return fetch(`${emulator.apiUrl}/${path}`, {
    ...init,
    headers: {
      Accept: JSON_API,
      'Content-Type': JSON_API,
      Authorization: `Bearer ${token}`,
      ...(init.headers as Record<string, string> | undefined),
    },
  });
}

export function decodeJwt(token: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
} {
  const [header, payload] = token.split('.');
  const part = (text: string | undefined) =>
    JSON.parse(Buffer.from(text ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  return { header: part(header), payload: part(payload) };
}

/**
 * Registering the gateway's webhook with Commerce Layer (or the embedded emulator):
 * one webhook per customer topic, all POSTing to the gateway's `/webhooks/commercelayer`
 * (docs.commercelayer.io/api/resources/webhooks). Commerce Layer shows a webhook's
 * `shared_secret` only in the answer that creates it: an existing webhook is updated in place
 * (include_resources, enabled, circuit reset) and keeps its secret, unless `rotate` deletes and
 * re-creates it to get a new one. Plain fetch: this runs at start and from the CLI, outside the
 * request path (no retries beyond the caller's).
 */
import { CUSTOMER_TOPICS } from './events.ts';

/** Relationships sent in the webhook body, so that common selections cost no upstream request. */
export const WEBHOOK_INCLUDE = ['customer_group', 'tags'] as const;

export interface RegisterOptions {
  /** `https://<slug>.commercelayer.io/api` (or the emulator's API URL). */
  readonly apiUrl: string;
  /** An integration access token. */
  readonly token: string;
  readonly callbackUrl: string;
  readonly topics?: readonly string[];
  readonly includeResources?: readonly string[];
  /** Delete and re-create existing webhooks, to get new secrets. */
  readonly rotate?: boolean;
  readonly fetch?: typeof fetch;
}

export interface RegisteredWebhook {
  readonly id: string;
  readonly topic: string;
  readonly action: 'created' | 'updated';
  /** Only for created webhooks: Commerce Layer never shows it again. */
  readonly sharedSecret?: string;
}

interface WebhookObject {
  id: string;
  attributes: { topic?: string; callback_url?: string; shared_secret?: string | null };
}

export async function registerWebhooks(options: RegisterOptions): Promise<RegisteredWebhook[]> {
  const call = options.fetch ?? fetch;
  const base = options.apiUrl.replace(/\/+$/, '');
  const request = async (method: string, path: string, body?: unknown) => {
    const response = await call(`${base}/${path}`, {
      method,
      headers: {
        authorization: `Bearer ${options.token}`,
        accept: 'application/vnd.api+json',
        ...(body === undefined ? {} : { 'content-type': 'application/vnd.api+json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) {
      throw new Error(`${method} /${path.split('?')[0]} answered ${response.status}`);
    }
    return response.status === 204 ? undefined : ((await response.json()) as { data: unknown });
  };

  const existing: WebhookObject[] = [];
  for (let page = 1; ; page += 1) {
    const answer = (await request('GET', `webhooks?page[size]=25&page[number]=${page}`)) as {
      data: WebhookObject[];
      meta?: { page_count?: number };
    };
    existing.push(...answer.data);
    if (answer.data.length < 25 || page >= (answer.meta?.page_count ?? page)) {
      break;
    }
  }

  const include = [...(options.includeResources ?? WEBHOOK_INCLUDE)];
  const results: RegisteredWebhook[] = [];
  for (const topic of options.topics ?? CUSTOMER_TOPICS) {
    const found = existing.find(
      (hook) =>
        hook.attributes.topic === topic && hook.attributes.callback_url === options.callbackUrl,
    );
    if (found && !options.rotate) {
      await request('PATCH', `webhooks/${found.id}`, {
        data: {
          type: 'webhooks',
          id: found.id,
          attributes: { include_resources: include, _enable: true, _reset_circuit: true },
        },
      });
      results.push({ id: found.id, topic, action: 'updated' });
      continue;
    }
    if (found) {
      await request('DELETE', `webhooks/${found.id}`);
    }
    const created = (await request('POST', 'webhooks', {
      data: {
        type: 'webhooks',
        attributes: {
          name: `customers-gateway ${topic}`,
          topic,
          callback_url: options.callbackUrl,
          include_resources: include,
        },
      },
    })) as { data: WebhookObject };
    const secret = created.data.attributes.shared_secret;
    results.push({
      id: created.data.id,
      topic,
      action: 'created',
      ...(typeof secret === 'string' ? { sharedSecret: secret } : {}),
    });
  }
  return results;
}

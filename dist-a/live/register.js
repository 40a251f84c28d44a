/**
 * Registering the gateway's webhook with Commerce Layer (or the embedded emulator):
 * one webhook per customer topic, all POSTing to the gateway's `/webhooks/commercelayer`
 * (docs.commercelayer.io/api/resources/webhooks). Commerce Layer shows a webhook's
 * `shared_secret` only in the answer that creates it: an existing webhook is updated in place
 * (include_resources, enabled, circuit reset) and keeps its secret, unless `rotate` deletes and
 * re-creates it to get a new one. Plain fetch: this runs at start and from the CLI, outside the
 * request path (no retries beyond the caller's).
 */
import { CUSTOMER_TOPICS } from "./events.js";
/** Relationships sent in the webhook body, so that common selections cost no upstream request. */
export const WEBHOOK_INCLUDE = ['customer_group', 'tags'];
export async function registerWebhooks(options) {
    const call = options.fetch ?? fetch;
    const base = options.apiUrl.replace(/\/+$/, '');
    const request = async (method, path, body) => {
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
        return response.status === 204 ? undefined : (await response.json());
    };
    const existing = [];
    for (let page = 1;; page += 1) {
        const answer = (await request('GET', `webhooks?page[size]=25&page[number]=${page}`));
        existing.push(...answer.data);
        if (answer.data.length < 25 || page >= (answer.meta?.page_count ?? page)) {
            break;
        }
    }
    const include = [...(options.includeResources ?? WEBHOOK_INCLUDE)];
    const results = [];
    for (const topic of options.topics ?? CUSTOMER_TOPICS) {
        const found = existing.find((hook) => hook.attributes.topic === topic && hook.attributes.callback_url === options.callbackUrl);
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
        }));
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
//# sourceMappingURL=register.js.map
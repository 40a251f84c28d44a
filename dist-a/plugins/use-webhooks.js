import { createHash } from 'node:crypto';
import { isCustomerTopic } from "../live/events.js";
import { verifySignature } from "../live/signature.js";
export const WEBHOOK_PATH = '/webhooks/commercelayer';
/**
 * `POST /webhooks/commercelayer`: Commerce Layer's customer webhooks, turned into customer events.
 * Authenticated by its signature, not by a bearer token (so it is outside `useAuth`, which guards
 * only the GraphQL endpoint). In order, each refusal publishing nothing:
 * - not POST: 405; a body over `maxBodyBytes` (declared or streamed): 413;
 * - a missing or wrong `X-CommerceLayer-Signature` (base64 HMAC-SHA256 of the raw bytes under
 *   one of the secrets, compared in constant time): 401;
 * - a topic outside the customer topics, or a body that is not a customer's JSON:API document: 400.
 * Then a first delivery is published (204), a repeat within the window (same topic and body: a
 * Commerce Layer retry) is answered 204 without publishing. Nothing of the body is logged.
 */
export function useWebhooks(options) {
    const path = options.path ?? WEBHOOK_PATH;
    return {
        async onRequest({ request, url, endResponse }) {
            if (url.pathname !== path) {
                return;
            }
            const answer = (status, reason) => {
                options.logger?.[status >= 400 ? 'info' : 'debug']({ status, reason }, 'webhook');
                endResponse(new Response(status === 204 ? null : JSON.stringify({ error: reason }), {
                    status,
                    headers: status === 204
                        ? {}
                        : {
                            'content-type': 'application/json',
                            ...(status === 405 ? { allow: 'POST' } : {}),
                        },
                }));
            };
            if (request.method !== 'POST') {
                return answer(405, 'method');
            }
            const raw = await readCapped(request, options.maxBodyBytes);
            if (raw === undefined) {
                return answer(413, 'too_large');
            }
            const signature = request.headers.get('x-commercelayer-signature');
            if (!verifySignature(raw, signature, options.secrets())) {
                return answer(401, 'signature');
            }
            const topic = request.headers.get('x-commercelayer-topic') ?? '';
            if (!isCustomerTopic(topic)) {
                return answer(400, 'topic');
            }
            const parsed = customerDocumentOf(raw);
            if (parsed === undefined) {
                return answer(400, 'body');
            }
            const key = createHash('sha256').update(topic).update('\n').update(raw).digest('hex');
            if (!(await options.dedup.firstSeen(key, options.dedupWindowMs))) {
                return answer(204, 'duplicate');
            }
            options.bus.publish({
                topic,
                customerId: parsed.customerId,
                document: parsed.document,
                receivedAt: Date.now(),
                key,
            });
            return answer(204, 'published');
        },
    };
}
/** The body's bytes, or undefined past `limit` (the declared length is checked first). */
async function readCapped(request, limit) {
    const declared = Number(request.headers.get('content-length') ?? '0');
    if (declared > limit) {
        return undefined;
    }
    if (!request.body) {
        return new Uint8Array();
    }
    const chunks = [];
    let size = 0;
    const reader = request.body.getReader();
    for (;;) {
        const { done, value } = await reader.read();
        if (done) {
            break;
        }
        size += value.byteLength;
        if (size > limit) {
            await reader.cancel().catch(() => { });
            return undefined;
        }
        chunks.push(value);
    }
    return Buffer.concat(chunks);
}
const ID = /^[A-Za-z0-9]{1,64}$/;
/** The body parsed once: a customer's JSON:API document and its id, or undefined. */
function customerDocumentOf(raw) {
    try {
        const document = JSON.parse(Buffer.from(raw).toString('utf8'));
        const data = document?.data;
        return data?.type === 'customers' && typeof data.id === 'string' && ID.test(data.id)
            ? { customerId: data.id, document }
            : undefined;
    }
    catch {
        return undefined;
    }
}
//# sourceMappingURL=use-webhooks.js.map
import { validateFaultSpec } from "./faults.js";
import { readBody, send } from "./http-server.js";
import { validateDeliveryFault, } from "./webhooks.js";
const JSON_TYPE = 'application/json; charset=utf-8';
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** `127.0.0.1:4001`, `localhost`, `[::1]:80` → true; anything else (a DNS name) → false. */
export function isLoopbackHost(host) {
    if (host === undefined || host === '') {
        return false;
    }
    const match = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(host.trim().toLowerCase());
    return match !== null && LOOPBACK_HOSTS.has(match[1]);
}
/** An `Origin` header of a loopback page (`http://localhost:3000`); `null` and others → false. */
export function isLoopbackOrigin(origin) {
    try {
        const url = new URL(origin);
        return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.host);
    }
    catch {
        return false;
    }
}
/** The request may reach the admin endpoint (loopback Host, loopback Origin if any, JSON body). */
function guard(request) {
    if (!isLoopbackHost(request.headers.host)) {
        return new AdminError(403, 'the admin endpoint answers only a loopback Host (127.0.0.1, localhost, [::1])');
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !isLoopbackOrigin(origin)) {
        return new AdminError(403, 'the admin endpoint refuses cross-site requests (Origin is not loopback)');
    }
    const type = request.headers['content-type'];
    const length = Number(request.headers['content-length'] ?? 0);
    const hasBody = length > 0 || request.headers['transfer-encoding'] !== undefined;
    const json = type !== undefined && (type.split(';')[0] ?? '').trim().toLowerCase() === 'application/json';
    if ((hasBody || type !== undefined) && !json) {
        return new AdminError(415, 'the admin endpoint accepts only application/json bodies');
    }
    return undefined;
}
class AdminError extends Error {
    status;
    constructor(status, message) {
        super(message);
        this.status = status;
    }
}
async function jsonBody(request) {
    const body = await readBody(request);
    if (body === null) {
        throw new AdminError(413, 'body too large');
    }
    const text = body.toString('utf8').trim();
    if (text === '') {
        return {};
    }
    try {
        return JSON.parse(text);
    }
    catch {
        throw new AdminError(400, 'body is not valid JSON');
    }
}
function faultSpecs(input) {
    const list = typeof input === 'object' && input !== null && 'faults' in input
        ? input.faults
        : input;
    const items = Array.isArray(list) ? list : [list];
    return items.map((item) => validateFaultSpec(item));
}
function requireWebhooks(context) {
    if (!context.webhooks) {
        throw new AdminError(404, 'this emulator has no webhooks');
    }
    return context.webhooks;
}
export function createAdminHandler(context) {
    return async (request, response, url) => {
        const method = (request.method ?? 'GET').toUpperCase();
        const route = url.pathname.replace(/^\/_emulator\/?/, '').replace(/\/$/, '');
        const ok = (status, body) => send(response, status, body, JSON_TYPE);
        const refused = guard(request);
        if (refused) {
            request.resume();
            ok(refused.status, { error: refused.message });
            return;
        }
        try {
            if (route === 'health' && method === 'GET') {
                ok(200, {
                    status: 'ok',
                    now: context.clock.now().toISOString(),
                    counts: context.api.counts(),
                });
            }
            else if (route === 'credentials' && method === 'GET') {
                ok(200, context.describe());
            }
            else if (route === 'requests' && method === 'GET') {
                const since = url.searchParams.get('since');
                const sinceSeq = since === null ? undefined : Number(since);
                if (sinceSeq !== undefined && !Number.isInteger(sinceSeq)) {
                    throw new AdminError(400, 'since must be an integer sequence number');
                }
                ok(200, {
                    data: context.requestLog.entries({ since: sinceSeq }),
                    last_seq: context.requestLog.lastSeq,
                });
            }
            else if (route === 'requests' && method === 'DELETE') {
                context.requestLog.clear();
                ok(204);
            }
            else if (route === 'faults' && method === 'GET') {
                ok(200, { data: context.faults.list() });
            }
            else if (route === 'faults' && (method === 'PUT' || method === 'POST')) {
                const specs = faultSpecs(await jsonBody(request));
                const data = method === 'PUT' ? context.faults.set(specs) : specs.map((s) => context.faults.add(s));
                ok(method === 'PUT' ? 200 : 201, { data });
            }
            else if (route === 'faults' && method === 'DELETE') {
                context.faults.clear();
                ok(204);
            }
            else if (route.startsWith('faults/') && method === 'DELETE') {
                const id = route.slice('faults/'.length);
                if (!context.faults.remove(id)) {
                    throw new AdminError(404, `no fault ${id}`);
                }
                ok(204);
            }
            else if (route === 'rate-limit' && method === 'GET') {
                ok(200, {
                    enabled: context.rateLimiter.enabled,
                    by: context.rateLimiter.by,
                    limits: context.rateLimiter.limits,
                });
            }
            else if (route === 'rate-limit' && (method === 'PUT' || method === 'POST')) {
                const body = (await jsonBody(request));
                if (body.enabled !== undefined) {
                    if (typeof body.enabled !== 'boolean') {
                        throw new AdminError(400, 'enabled must be a boolean');
                    }
                    context.rateLimiter.enabled = body.enabled;
                }
                if (body.by !== undefined) {
                    if (body.by !== 'ip' && body.by !== 'client') {
                        throw new AdminError(400, 'by must be "ip" or "client"');
                    }
                    context.rateLimiter.by = body.by;
                }
                if (body.limits !== undefined || body.reset === true) {
                    context.rateLimiter.configure(body.limits ?? {}, body.reset === true);
                    context.rateLimiter.reset();
                }
                ok(200, {
                    enabled: context.rateLimiter.enabled,
                    by: context.rateLimiter.by,
                    limits: context.rateLimiter.limits,
                });
            }
            else if (route === 'rate-limit' && method === 'DELETE') {
                context.rateLimiter.reset();
                ok(204);
            }
            else if (route === 'clock' && method === 'GET') {
                ok(200, { now: context.clock.now().toISOString(), offset_ms: context.clock.offsetMs });
            }
            else if (route === 'clock' && method === 'POST') {
                const body = (await jsonBody(request));
                if (body.reset === true) {
                    context.clock.reset();
                }
                else if (typeof body.advanceMs === 'number' && Number.isFinite(body.advanceMs)) {
                    context.clock.advance(body.advanceMs);
                }
                else {
                    throw new AdminError(400, 'send { "advanceMs": <number> } or { "reset": true }');
                }
                // Anonymization steps the new time made due fire their webhooks now.
                context.api.tick?.();
                ok(200, { now: context.clock.now().toISOString(), offset_ms: context.clock.offsetMs });
            }
            else if (route === 'webhooks/deliveries' && method === 'GET') {
                const dispatcher = requireWebhooks(context);
                const since = url.searchParams.get('since');
                const sinceSeq = since === null ? undefined : Number(since);
                if (sinceSeq !== undefined && !Number.isInteger(sinceSeq)) {
                    throw new AdminError(400, 'since must be an integer sequence number');
                }
                const topic = url.searchParams.get('topic') ?? undefined;
                const webhookId = url.searchParams.get('webhook_id') ?? undefined;
                ok(200, {
                    data: dispatcher.deliveries({
                        ...(sinceSeq === undefined ? {} : { since: sinceSeq }),
                        ...(topic === undefined ? {} : { topic }),
                        ...(webhookId === undefined ? {} : { webhookId }),
                    }),
                    last_seq: dispatcher.lastSeq,
                });
            }
            else if (route === 'webhooks/deliveries' && method === 'DELETE') {
                requireWebhooks(context).clearDeliveries();
                ok(204);
            }
            else if (route === 'webhooks/faults' && method === 'GET') {
                ok(200, { data: requireWebhooks(context).faults.list() });
            }
            else if (route === 'webhooks/faults' && (method === 'PUT' || method === 'POST')) {
                const dispatcher = requireWebhooks(context);
                const input = await jsonBody(request);
                const list = typeof input === 'object' && input !== null && 'faults' in input
                    ? input.faults
                    : input;
                const specs = (Array.isArray(list) ? list : [list]).map((item) => validateDeliveryFault(item));
                const data = method === 'PUT'
                    ? dispatcher.faults.set(specs)
                    : specs.map((spec) => dispatcher.faults.add(spec));
                ok(method === 'PUT' ? 200 : 201, { data });
            }
            else if (route === 'webhooks/faults' && method === 'DELETE') {
                requireWebhooks(context).faults.clear();
                ok(204);
            }
            else if (route.startsWith('webhooks/faults/') && method === 'DELETE') {
                const id = route.slice('webhooks/faults/'.length);
                if (!requireWebhooks(context).faults.remove(id)) {
                    throw new AdminError(404, `no delivery fault ${id}`);
                }
                ok(204);
            }
            else {
                throw new AdminError(404, `no admin route ${method} ${url.pathname}`);
            }
        }
        catch (error) {
            if (error instanceof AdminError) {
                ok(error.status, { error: error.message });
            }
            else if (error instanceof TypeError) {
                ok(400, { error: error.message });
            }
            else {
                throw error;
            }
        }
    };
}
//# sourceMappingURL=admin.js.map
import { createServer } from 'node:http';
/**
 * Prometheus metrics on their own listener (`GET /metrics`), apart from the GraphQL port: process
 * and traffic figures are for the operator's scraper, not for callers. Bound to loopback unless
 * `METRICS_HOST` says otherwise. Anything but `GET /metrics` is 404.
 */
export async function listenMetrics(registry, options) {
    const server = createServer((request, response) => {
        const path = (request.url ?? '').split('?')[0];
        if (path !== '/metrics') {
            response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
            return;
        }
        if (request.method !== 'GET' && request.method !== 'HEAD') {
            response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end();
            return;
        }
        registry.metrics().then((text) => {
            response
                .writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' })
                .end(request.method === 'HEAD' ? undefined : text);
        }, () => {
            response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n');
        });
    });
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, options.host, () => {
            server.off('error', reject);
            resolve();
        });
    });
    const address = server.address();
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return {
        server,
        url: `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}/metrics`,
        close: () => new Promise((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
        }),
    };
}
//# sourceMappingURL=metrics-server.js.map
/**
 * Registers the OpenTelemetry Node SDK (tracer provider, AsyncLocalStorage context manager, W3C
 * trace-context propagator) when the standard settings ask for it: `OTEL_TRACES_EXPORTER=otlp` or
 * `console`, or an OTLP endpoint without an exporter named. Returns undefined (and registers
 * nothing, so every span in the code stays a no-op) otherwise or with `OTEL_TRACES_EXPORTER=none`.
 * The OTLP exporter reads its own OTEL_EXPORTER_OTLP_* variables (endpoint, headers, timeout).
 * The SDK's ~200 modules are imported only then: a gateway that exports nothing never loads them.
 */
export async function startTelemetry(config) {
    const endpoint = config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? config.OTEL_EXPORTER_OTLP_ENDPOINT;
    const kind = config.OTEL_TRACES_EXPORTER ?? (endpoint === undefined ? 'none' : 'otlp');
    if (kind === 'none') {
        return undefined;
    }
    const [{ OTLPTraceExporter }, { resourceFromAttributes }, sdk, { NodeTracerProvider }] = await Promise.all([
        import('@opentelemetry/exporter-trace-otlp-http'),
        import('@opentelemetry/resources'),
        import('@opentelemetry/sdk-trace-base'),
        import('@opentelemetry/sdk-trace-node'),
    ]);
    const { BatchSpanProcessor, ConsoleSpanExporter } = sdk;
    const exporter = kind === 'console' ? new ConsoleSpanExporter() : new OTLPTraceExporter();
    const provider = new NodeTracerProvider({
        resource: resourceFromAttributes({ 'service.name': config.OTEL_SERVICE_NAME }),
        spanProcessors: [new BatchSpanProcessor(exporter)],
    });
    provider.register();
    return {
        target: kind === 'console'
            ? 'console'
            : `otlp → ${config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? `${endpoint ?? 'http://localhost:4318'}/v1/traces`}`,
        shutdown: () => provider.shutdown(),
    };
}
//# sourceMappingURL=telemetry.js.map
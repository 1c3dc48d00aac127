import { InvalidEnvironmentError } from '../common/config/validate-env.js';
import { loadTracingConfig } from './tracing.config.js';

describe('loadTracingConfig', () => {
  it('is off without an OTLP endpoint, whatever else is set', () => {
    expect(loadTracingConfig({ OTEL_SERVICE_NAME: 'bot', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })).toEqual({
      enabled: false,
      serviceName: 'bot',
      protocol: 'http/json',
    });
  });

  it.each`
    name
    ${'OTEL_EXPORTER_OTLP_ENDPOINT'}
    ${'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'}
  `('is on with $name, as whatsapp-bot over http/protobuf by default', ({ name }) => {
    expect(loadTracingConfig({ [name as string]: 'http://127.0.0.1:4318' })).toEqual({
      enabled: true,
      serviceName: 'whatsapp-bot',
      protocol: 'http/protobuf',
    });
  });

  it('prefers the traces-specific protocol, and honours OTEL_SDK_DISABLED', () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
    };
    expect(loadTracingConfig(env).protocol).toBe('http/json');
    expect(loadTracingConfig({ ...env, OTEL_SDK_DISABLED: 'true' }).enabled).toBe(false);
  });

  it('refuses gRPC, an unknown sampler and a ratio out of range, naming each variable', () => {
    let error: unknown;
    try {
      loadTracingConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_TRACES_SAMPLER: 'sometimes',
        OTEL_TRACES_SAMPLER_ARG: '2',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidEnvironmentError);
    expect((error as InvalidEnvironmentError).problems).toEqual([
      expect.stringMatching(/^OTEL_EXPORTER_OTLP_ENDPOINT must be an http\(s\) URL/),
      'OTEL_EXPORTER_OTLP_PROTOCOL must be one of http/protobuf, http/json (got "grpc")',
      expect.stringMatching(/^OTEL_TRACES_SAMPLER must be one of always_on, /),
      'OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1 (got "2")',
    ]);
  });
});

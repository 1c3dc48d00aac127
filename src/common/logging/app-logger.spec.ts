import { Logger } from '@nestjs/common';
import { AppLogger } from './app-logger.js';
import { createRootLogger } from './root-logger.js';

function recordingLogger(level: 'info' | 'debug' = 'info') {
  const lines: Record<string, unknown>[] = [];
  const pino = createRootLogger({
    level,
    format: 'json',
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { logger: new AppLogger(pino), lines };
}

describe('AppLogger', () => {
  it('writes object-first calls as one record with the context and the message', () => {
    const { logger, lines } = recordingLogger();
    logger.warn({ messageId: 'wamid.1', waId: '*******4567' }, 'message dropped', 'InboundProcessor');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        context: 'InboundProcessor',
        messageId: 'wamid.1',
        waId: '*******4567',
        msg: 'message dropped',
      }),
    ]);
  });

  it('writes plain messages, and errors with their stack under err', () => {
    const { logger, lines } = recordingLogger();
    logger.log('listening on 127.0.0.1:5000', 'Bootstrap');
    logger.error(new Error('boom'), 'Worker');
    logger.error('Unhandled', 'Error: x\n    at somewhere (file.js:1:1)', 'ExceptionsHandler');
    expect(lines[0]).toMatchObject({ level: 30, context: 'Bootstrap', msg: 'listening on 127.0.0.1:5000' });
    expect(lines[1]).toMatchObject({ level: 50, context: 'Worker', msg: 'boom', err: { message: 'boom' } });
    expect(lines[2]).toMatchObject({
      level: 50,
      context: 'ExceptionsHandler',
      msg: 'Unhandled',
      err: { stack: expect.stringContaining('at somewhere') },
    });
  });

  it("moves Nest's boot chatter to debug", () => {
    const atInfo = recordingLogger('info');
    atInfo.logger.log('AppModule dependencies initialized', 'InstanceLoader');
    expect(atInfo.lines).toEqual([]);
    const atDebug = recordingLogger('debug');
    atDebug.logger.log('AppModule dependencies initialized', 'InstanceLoader');
    expect(atDebug.lines).toEqual([expect.objectContaining({ level: 20, context: 'InstanceLoader' })]);
  });

  it('redacts secrets a careless call might log', () => {
    const { logger, lines } = recordingLogger();
    logger.log({ accessToken: 'EAAG-secret', request: { headers: { authorization: 'Bearer x' } } }, 'oops', 'Any');
    expect(JSON.stringify(lines)).not.toMatch(/EAAG-secret|Bearer x/);
  });

  it('serves as the logger behind Nest’s static Logger', () => {
    const { logger, lines } = recordingLogger();
    Logger.overrideLogger(logger);
    try {
      new Logger('Shutdown').log({ signal: 'SIGTERM' }, 'shutting down');
    } finally {
      Logger.overrideLogger(false);
    }
    expect(lines).toEqual([expect.objectContaining({ context: 'Shutdown', signal: 'SIGTERM', msg: 'shutting down' })]);
  });
});

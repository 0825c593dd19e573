import { Writable } from 'node:stream';
import { redactSecretText } from '../../src-shared/token-format.js';

/**
 * The `--log` destination: each line passes through redactSecretText before it is written, so a token
 * a client put in a URL (or anything else that logs it) never reaches the log, whichever logger field
 * carries it. Pino writes whole lines, one per write.
 */
export function redactingStream(target: NodeJS.WritableStream): Writable {
  return new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, callback) {
      const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      target.write(redactSecretText(text));
      callback();
    },
  });
}

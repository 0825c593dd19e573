/**
 * Raw HTTP/1.1 over a socket, for what fetch cannot send: duplicate headers, oversized header
 * sections, requests that arrive a byte at a time.
 */
import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  status: number;
  headers: string;
  body: string;
}

/** Splits what the server wrote into status, header section and body (one response, or none). */
export function parseAnswer(text: string): RawAnswer | null {
  const match = /^HTTP\/1\.1 (\d{3}) [^\r\n]*\r\n([\s\S]*?)\r\n\r\n([\s\S]*)$/.exec(text);
  return match ? { status: Number(match[1]), headers: match[2]!, body: match[3]! } : null;
}

export function openSocket(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends `request` as it is and collects everything the server writes until it closes or `waitMs` passes. */
export async function rawRequest(url: string, request: string, waitMs = 5_000): Promise<RawAnswer | null> {
  const socket = await openSocket(url);
  return new Promise((resolve) => {
    let text = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parseAnswer(text));
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const answer = parseAnswer(text);
      const length = answer && /content-length: (\d+)/i.exec(answer.headers);
      if (answer && length && Buffer.byteLength(answer.body) >= Number(length[1])) done();
    });
    socket.on('error', () => undefined);
    socket.on('close', done);
    socket.write(request);
  });
}

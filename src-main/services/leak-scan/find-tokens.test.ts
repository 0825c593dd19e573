import { describe, expect, it } from 'vitest';
import { generateToken } from '../../../src-shared/token-format.js';
import { scanText, SLICE_CHARS, type TextScanEnd, type TokenSighting } from './find-tokens.js';

/** Every sighting and bad checksum in `text`, and how the scan ended. */
async function scan(
  text: string,
  options: { stopAfter?: number; signal?: AbortSignal; onToken?: () => void } = {},
): Promise<{ sightings: TokenSighting[]; bad: number; end: TextScanEnd }> {
  const sightings: TokenSighting[] = [];
  let bad = 0;
  const end = await scanText(
    text,
    {
      token: (sighting) => {
        sightings.push(sighting);
        options.onToken?.();
        return sightings.length < (options.stopAfter ?? Infinity);
      },
      badChecksum: () => bad++,
    },
    options.signal,
  );
  return { sightings, bad, end };
}

const places = (sightings: TokenSighting[]) => sightings.map(({ line, column }) => [line, column]);

describe('scanText', () => {
  it('counts CRLF line ends once and columns from the line start', async () => {
    const token = generateToken('serviceAccount');
    const { sightings } = await scan(`one\r\ntwo\r\n\r\n\t${token}\r\n`);
    expect(places(sightings)).toEqual([[4, 2]]);
  });

  it('columns are bytes, as git grep counts them: a two-byte character before a token counts two', async () => {
    const token = generateToken('personal');
    const text = Buffer.from(`é=${token}`, 'utf8').toString('latin1');
    const { sightings } = await scan(text);
    expect(places(sightings)).toEqual([[1, 4]]);
    expect(sightings[0]!.kind).toBe('personal');
  });

  it('takes punctuation as a boundary and any identifier character as part of a longer string', async () => {
    const token = generateToken('serviceAccount');
    const around = [`(${token})`, `'${token}'`, `=${token};`, `-${token}.`, `/${token}?`];
    const within = [`a${token}`, `${token}a`, `0${token}`, `${token}0`, `_${token}`, `${token}_`];
    expect((await scan(around.join('\n'))).sightings).toHaveLength(around.length);
    expect(await scan(within.join('\n'))).toEqual({ sightings: [], bad: 0, end: 'done' });
  });

  it('a prefix without 36 characters after it is nothing, not a bad checksum', async () => {
    expect(await scan('tdk_sa_ tdk_pt_short tdk_xx_0123456789012345678901234567890123456')).toEqual({
      sightings: [],
      bad: 0,
      end: 'done',
    });
  });

  it('finds a token across the boundary between two slices, once', async () => {
    const token = generateToken('serviceAccount');
    for (const start of [SLICE_CHARS - 20, SLICE_CHARS - 1, SLICE_CHARS]) {
      const { sightings } = await scan(`${' '.repeat(start)}${token} ${token}`);
      expect(places(sightings)).toEqual([
        [1, start + 1],
        [1, start + 45],
      ]);
    }
  });

  it('stops when the sink says so', async () => {
    const token = generateToken('serviceAccount');
    const { sightings, end } = await scan(`${token}\n`.repeat(5), { stopAfter: 2 });
    expect(end).toBe('stopped');
    expect(sightings).toHaveLength(2);
  });

  it('an abort during a large text ends the scan at the next slice', async () => {
    const token = generateToken('serviceAccount');
    const slice = token.padEnd(SLICE_CHARS, ' ');
    const controller = new AbortController();
    const { sightings, end } = await scan(slice.repeat(4), {
      signal: controller.signal,
      onToken: () => controller.abort(),
    });
    expect(end).toBe('aborted');
    expect(sightings).toHaveLength(1);
  });
});

import { randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { z } from 'zod';

/**
 * scrypt at N = 2^17, r = 8, p = 1 (128 MiB): 580 ms a try on this project's 2-core build machine,
 * and 290 ms at N = 2^16, too close to the 250 ms floor on a faster one. The parameters are kept in
 * lock.json with the salt, so a later version can raise them for new passphrases and still open old ones.
 */
export const SCRYPT_DEFAULTS = { N: 2 ** 17, r: 8, p: 1 } as const;

export const KdfParams = z
  .object({
    name: z.literal('scrypt'),
    N: z
      .number()
      .int()
      .min(2 ** 14)
      .max(2 ** 22)
      .refine((n) => (n & (n - 1)) === 0, 'N must be a power of two.'),
    r: z.number().int().min(1).max(32),
    p: z.number().int().min(1).max(16),
    salt: z.string().min(16),
  })
  .strict();
export type KdfParams = z.infer<typeof KdfParams>;

export function newKdfParams(params: Pick<KdfParams, 'N' | 'r' | 'p'> = SCRYPT_DEFAULTS): KdfParams {
  return { name: 'scrypt', ...params, salt: randomBytes(16).toString('base64') };
}

/**
 * The 32-byte key a passphrase gives under these parameters. Runs on libuv's pool, not the main
 * thread, so the window stays responsive for the half second it takes. The passphrase's bytes are
 * zero-filled as soon as scrypt has them.
 */
export function derivePassphraseKey(passphrase: string, params: KdfParams): Promise<Buffer> {
  const secret = Buffer.from(passphrase.normalize('NFC'), 'utf8');
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    maxmem: 256 * params.N * params.r + 1024 ** 2,
  };
  return new Promise((resolve, reject) => {
    scrypt(secret, Buffer.from(params.salt, 'base64'), 32, options, (error, key) => {
      secret.fill(0);
      if (error) reject(error);
      else resolve(key);
    });
  });
}

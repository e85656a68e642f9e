import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const KEY_LENGTH = 32;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;

const derive = (password: string, salt: Buffer, N: number, r: number, p: number) =>
  new Promise<Buffer>((resolve, reject) => {
    // OpenSSL's own bound (128·r·(N + p + 2) bytes), doubled for headroom.
    const options: ScryptOptions = { N, r, p, maxmem: 256 * r * (N + p + 2) };
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });

/**
 * Memory-hard password hashing with scrypt. The stored form carries its own parameters, so raising
 * the cost later does not lock anyone out: `scrypt$N$r$p$salt$hash` (base64).
 */
export class PasswordHasher {
  /** Verified against when a user does not exist, so both cases cost the same. */
  private decoy?: Promise<string>;

  constructor(private readonly cost: number) {}

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await derive(password, salt, this.cost, BLOCK_SIZE, PARALLELISM);
    return ['scrypt', this.cost, BLOCK_SIZE, PARALLELISM, salt.toString('base64'), key.toString('base64')].join('$');
  }

  /** Constant work whether or not the user exists: pass `undefined` for an unknown user. */
  async verify(password: string, stored: string | undefined): Promise<boolean> {
    this.decoy ??= this.hash(randomBytes(16).toString('hex'));
    const [scheme, N, r, p, salt, expected] = (stored ?? (await this.decoy)).split('$');
    if (scheme !== 'scrypt') return false;
    const key = await derive(password, Buffer.from(salt, 'base64'), Number(N), Number(r), Number(p));
    return timingSafeEqual(key, Buffer.from(expected, 'base64')) && stored !== undefined;
  }
}

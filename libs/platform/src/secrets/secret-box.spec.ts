import { randomBytes } from 'node:crypto';
import { SecretBox, secretKeysSchema } from './secret-box';

const keyText = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

function boxOf(text: string): SecretBox {
  const keys = secretKeysSchema.parse(text);
  if (!keys) throw new Error('no keys');
  return new SecretBox(keys);
}

describe('SecretBox', () => {
  it('opens what it sealed, and the ciphertext does not contain the secret', () => {
    const box = boxOf(keyText('k1'));
    const sealed = box.seal('hunter2-password');
    expect(sealed.keyId).toBe('k1');
    expect(JSON.stringify(sealed)).not.toContain('hunter2');
    expect(box.open(sealed)).toBe('hunter2-password');
  });

  it('refuses a tampered ciphertext', () => {
    const box = boxOf(keyText('k1'));
    const sealed = box.seal('secret');
    const data = Buffer.from(sealed.data, 'base64');
    data[0] ^= 1;
    expect(() => box.open({ ...sealed, data: data.toString('base64') })).toThrow();
  });

  it('rotates: a new first key seals, the old one still opens what it sealed', () => {
    const old = keyText('k1');
    const before = boxOf(old).seal('kept');
    const rotated = boxOf(`${keyText('k2')},${old}`);
    expect(rotated.open(before)).toBe('kept');
    expect(rotated.seal('new').keyId).toBe('k2');
    expect(() => boxOf(keyText('k3')).open(before)).toThrow(/no secret key "k1"/);
  });

  it('names what is wrong with a malformed key list', () => {
    expect(secretKeysSchema.safeParse('k1:c2hvcnQ=').error?.issues[0].message).toMatch(/32 bytes/);
  });
});

import { describe, expect, it } from 'vitest';
import { emptyForm, validateConnectionForm, type ConnectionFormValues } from './connection-form.js';

const good: ConnectionFormValues = {
  name: 'Production',
  url: 'https://tokens.example.com/',
  domain: 'default',
  token: 'tdk_pt_secret',
  caCertificate: '',
  pinnedKey: '',
};
const saved = { url: 'https://tokens.example.com' };

describe('validateConnectionForm (add)', () => {
  it('gives the shared schema’s message for every empty field', () => {
    const result = validateConnectionForm({ ...emptyForm(), domain: '' }, undefined);
    expect(result).toEqual({
      ok: false,
      errors: {
        name: 'Give the connection a name.',
        url: 'Enter a full URL (for example https://tokens.example.com).',
        domain: 'Use lowercase letters, digits and dashes.',
        token: 'Paste the admin token for this server.',
      },
    });
  });

  it('starts with domain "default"', () => {
    expect(emptyForm().domain).toBe('default');
  });

  it('refuses plain http except to this computer', () => {
    const remote = validateConnectionForm({ ...good, url: 'http://tokens.example.com' }, undefined);
    expect(remote.ok ? null : remote.errors.url).toBe(
      'Use https. Plain http is allowed only for this computer (127.0.0.1 or localhost).',
    );
    expect(validateConnectionForm({ ...good, url: 'http://127.0.0.1:8080' }, undefined).ok).toBe(true);
    expect(validateConnectionForm({ ...good, url: 'http://localhost:8080' }, undefined).ok).toBe(true);
  });

  it('flags a long name and a bad domain', () => {
    const result = validateConnectionForm({ ...good, name: 'x'.repeat(81), domain: 'Bad Domain' }, undefined);
    expect(result.ok ? {} : result.errors).toEqual({
      name: 'Keep the name to 80 characters.',
      domain: 'Use lowercase letters, digits and dashes.',
    });
  });

  it('returns the trimmed input when valid', () => {
    const result = validateConnectionForm({ ...good, name: '  Production ', token: ' tdk_pt_secret ' }, undefined);
    expect(result).toMatchObject({ ok: true, mode: 'add', input: { name: 'Production', token: 'tdk_pt_secret' } });
  });
});

describe('validateConnectionForm (edit)', () => {
  it('accepts a blank token and leaves it out of the patch', () => {
    const result = validateConnectionForm({ ...good, token: '' }, saved);
    expect(result).toEqual({
      ok: true,
      mode: 'edit',
      keepsToken: true,
      patch: {
        name: 'Production',
        url: 'https://tokens.example.com/',
        domain: 'default',
      },
    });
  });

  it('sends a new token when one is typed', () => {
    const result = validateConnectionForm(good, saved);
    expect(result).toMatchObject({ ok: true, keepsToken: false, patch: { token: 'tdk_pt_secret' } });
  });

  it('asks for the token again when the server address changes, and only then', () => {
    for (const url of [
      'https://other.example.com',
      'https://tokens.example.com:8443',
      'https://tokens.example.com/v2',
    ]) {
      const result = validateConnectionForm({ ...good, url, token: '' }, saved);
      expect(result.ok ? {} : result.errors).toEqual({
        token: 'Enter the admin token for the new address.',
      });
      expect(validateConnectionForm({ ...good, url }, saved)).toMatchObject({
        ok: true,
        patch: { url, token: 'tdk_pt_secret' },
      });
    }
    // The same server spelled differently is not a change.
    expect(validateConnectionForm({ ...good, url: 'HTTPS://Tokens.Example.com:443/', token: '' }, saved).ok).toBe(true);
    // A URL still being typed gets its own message only.
    const typing = validateConnectionForm({ ...good, url: 'https://', token: '' }, saved);
    expect(typing.ok ? {} : Object.keys(typing.errors)).toEqual(['url']);
  });

  it('still checks the other fields', () => {
    const result = validateConnectionForm({ ...good, token: '', url: 'nope' }, saved);
    expect(result.ok ? {} : result.errors).toEqual({
      url: 'Enter a full URL (for example https://tokens.example.com).',
    });
  });
});

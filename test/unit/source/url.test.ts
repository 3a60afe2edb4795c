import { describe, expect, it } from 'vitest';
import { gitCredentials } from '../../../lib/source/git-http.js';
import { redactUrl, splitCredentials } from '../../../lib/source/url.js';

const basic = (user: string, pass: string) => ({
  Authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`,
});

describe('redactUrl', () => {
  it.each([
    ['https://x:ghp_secret@github.com/a/b.git', 'https://github.com/a/b.git'],
    ['https://oauth2@gitlab.com/a/b', 'https://gitlab.com/a/b'],
    ['https://h/api?private_token=glpat-1&page=2', 'https://h/api?private_token=***&page=2'],
    ['not a url://user:pw@host/x', 'not a url://host/x'],
    ['git://user:pw@host/x', 'git://host/x'],
  ])('strips credentials from %s', (raw, expected) => {
    expect(redactUrl(raw)).toBe(expected);
  });
});

describe('splitCredentials', () => {
  it('separates userinfo from the URL and decodes it', () => {
    expect(splitCredentials('https://a%40b:p%3Aw@host/r.git/')).toEqual({
      url: 'https://host/r.git',
      username: 'a@b',
      password: 'p:w',
    });
  });
});

describe('gitCredentials', () => {
  it.each([
    ['https://github.com/a/b.git', 't', basic('x-access-token', 't')],
    ['https://gitlab.com/a/b.git', 't', basic('oauth2', 't')],
    ['https://gitlab.example.com/a/b.git', 't', basic('oauth2', 't')],
    ['https://bitbucket.org/a/b.git', 't', basic('x-token-auth', 't')],
    ['https://gitea.example.com/a/b.git', 't', basic('x-access-token', 't')],
    ['https://bitbucket.org/a/b.git', 'me:app-password', basic('me', 'app-password')],
    ['https://bot@github.com/a/b.git', 't', basic('bot', 't')],
    ['https://bot:pw@github.com/a/b.git', undefined, basic('bot', 'pw')],
    ['https://github.com/a/b.git', undefined, {}],
  ])('authenticates %s with token %s', (url, token, headers) => {
    expect(gitCredentials(url, token).headers).toEqual(headers);
    expect(gitCredentials(url, token).url).not.toContain('@');
  });
});

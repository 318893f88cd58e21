import { describeProxy, outboundHttp, proxyPasswords, proxySettings } from '../../../src/runtime/proxy';
import { EnvError } from '../../../src/config/env';

describe('proxySettings', () => {
  it('is null when no proxy is set, empty values included', () => {
    expect(proxySettings({})).toBeNull();
    expect(proxySettings({ HTTP_PROXY: ' ', HTTPS_PROXY: '', NO_PROXY: 'example.com' })).toBeNull();
  });

  it('reads HTTP_PROXY, HTTPS_PROXY and NO_PROXY', () => {
    expect(
      proxySettings({ HTTP_PROXY: 'http://p:3128', HTTPS_PROXY: 'http://s:3128', NO_PROXY: 'localhost,.corp' }),
    ).toEqual({ httpProxy: 'http://p:3128', httpsProxy: 'http://s:3128', noProxy: 'localhost,.corp' });
  });

  it('lets the lowercase forms win, as curl does', () => {
    expect(
      proxySettings({
        HTTP_PROXY: 'http://upper:1',
        http_proxy: 'http://lower:1',
        HTTPS_PROXY: 'http://upper:2',
        https_proxy: 'http://lower:2',
        NO_PROXY: 'upper',
        no_proxy: 'lower',
      }),
    ).toEqual({ httpProxy: 'http://lower:1', httpsProxy: 'http://lower:2', noProxy: 'lower' });
  });

  it('sends https through HTTP_PROXY when only that is set, and http direct when only HTTPS_PROXY is', () => {
    expect(proxySettings({ HTTP_PROXY: 'http://p:3128' })).toEqual({
      httpProxy: 'http://p:3128',
      httpsProxy: 'http://p:3128',
      noProxy: '',
    });
    expect(proxySettings({ HTTPS_PROXY: 'http://s:3128' })).toEqual({
      httpProxy: null,
      httpsProxy: 'http://s:3128',
      noProxy: '',
    });
  });

  it('names a proxy that is not an http(s) URL, without quoting it (it may carry a password)', () => {
    const read = () => proxySettings({ HTTPS_PROXY: 'proxy.corp:3128-with-secret' });
    expect(read).toThrow(EnvError);
    try {
      read();
    } catch (e) {
      expect((e as EnvError).problems).toEqual([
        "HTTPS_PROXY must be the proxy's URL, e.g. http://proxy.example.com:3128",
      ]);
    }
    expect(() => proxySettings({ HTTP_PROXY: 'socks5://p:1080' })).toThrow(EnvError);
  });
});

describe('the proxy in logs', () => {
  it('shows the proxy without its credentials, and keeps its password out of every line', () => {
    expect(describeProxy('http://user:s3cret-pass@proxy.corp:3128/')).toBe('http://proxy.corp:3128');
    expect(proxyPasswords(proxySettings({ HTTPS_PROXY: 'http://user:s3cret%40pass@proxy.corp:3128' }))).toEqual([
      's3cret@pass',
    ]);
    expect(proxyPasswords(null)).toEqual([]);
  });
});

describe('outboundHttp', () => {
  it('goes direct, with no dispatcher, when no proxy is set', () => {
    const outbound = outboundHttp({});
    expect(outbound.proxy).toBeNull();
    expect(outbound.dispatcher).toBeUndefined();
  });

  it('makes a dispatcher when a proxy is set', async () => {
    const outbound = outboundHttp({ HTTP_PROXY: 'http://127.0.0.1:9' });
    expect(outbound.dispatcher).toBeDefined();
    await (outbound.dispatcher as unknown as { close(): Promise<void> }).close();
  });
});

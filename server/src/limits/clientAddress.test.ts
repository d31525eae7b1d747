import { describe, expect, it } from 'vitest';
import { clientAddress, parseTrustedProxies } from './clientAddress.js';

describe('clientAddress', () => {
  it('uses the peer address and ignores X-Forwarded-For unless proxies are trusted', () => {
    expect(clientAddress('203.0.113.7', undefined, 0)).toBe('203.0.113.7');
    expect(clientAddress('203.0.113.7', '198.51.100.1', 0)).toBe('203.0.113.7');
  });

  it('takes the entry the trusted proxy appended, not one the client wrote', () => {
    // The client sent "X-Forwarded-For: 1.1.1.1"; the proxy appended what it saw.
    expect(clientAddress('10.0.0.2', '1.1.1.1, 198.51.100.9', 1)).toBe('198.51.100.9');
    expect(clientAddress('10.0.0.2', '198.51.100.9', 1)).toBe('198.51.100.9');
    // Two proxies: the outer one appended the client, the inner one the outer proxy.
    expect(clientAddress('10.0.0.3', '1.1.1.1, 198.51.100.9, 10.0.0.2', 2)).toBe('198.51.100.9');
  });

  it('falls back to the leftmost entry of a short header, and to the peer without an address', () => {
    expect(clientAddress('10.0.0.2', undefined, 1)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', '', 1)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', '198.51.100.9', 3)).toBe('198.51.100.9');
    expect(clientAddress('10.0.0.2', 'unknown', 1)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', 'x'.repeat(5000), 1)).toBe('10.0.0.2');
  });

  it('strips ports some proxies add', () => {
    expect(clientAddress('10.0.0.2', '198.51.100.9:51234', 1)).toBe('198.51.100.9');
    expect(clientAddress('10.0.0.2', '[2001:db8::1]:443', 1)).toBe('2001:db8:0:0::/64');
  });

  it('counts IPv4-mapped IPv6 as IPv4', () => {
    expect(clientAddress('::ffff:127.0.0.1', undefined, 0)).toBe('127.0.0.1');
  });

  it('counts IPv6 per /64, however the address is written', () => {
    const key = clientAddress('2001:db8:85a3:12::8a2e:370:7334', undefined, 0);
    expect(key).toBe('2001:db8:85a3:12::/64');
    expect(clientAddress('2001:0DB8:85A3:0012:ffff:1:2:3', undefined, 0)).toBe(key);
    expect(clientAddress('2001:db8:85a3:12::1%eth0', undefined, 0)).toBe(key);
    expect(clientAddress('2001:db8:85a3:13::1', undefined, 0)).not.toBe(key);
    expect(clientAddress('::1', undefined, 0)).toBe('0:0:0:0::/64');
    expect(clientAddress('fe80::', undefined, 0)).toBe('fe80:0:0:0::/64');
    expect(clientAddress('64:ff9b::192.0.2.33', undefined, 0)).toBe('64:ff9b:0:0::/64');
  });

  it('keeps an unknown peer apart from real addresses', () => {
    expect(clientAddress(undefined, undefined, 0)).toBe('unknown');
  });
});

describe('parseTrustedProxies', () => {
  it('reads false, true and a proxy count', () => {
    expect(parseTrustedProxies('false')).toBe(0);
    expect(parseTrustedProxies('TRUE')).toBe(1);
    expect(parseTrustedProxies(' 2 ')).toBe(2);
    expect(parseTrustedProxies('0')).toBe(0);
  });

  it('refuses anything else with the accepted values in the message', () => {
    for (const value of ['yes', '', '-1', '11', '1.5', '1e1']) {
      expect(() => parseTrustedProxies(value), value).toThrow(/false, true or a number/);
    }
  });
});
